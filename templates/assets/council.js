// Small enhancements for the council screens; every form also works without script.
(function () {
  // Confirmation before irreversible steps.
  document.addEventListener('submit', function (e) {
    var button = e.submitter;
    var message = button && button.getAttribute('data-confirm');
    if (message && !window.confirm(message)) { e.preventDefault(); return; }
    // One click, one request: disable the buttons marked data-once once the form is sent.
    var form = e.target;
    setTimeout(function () {
      form.querySelectorAll('button[data-once]').forEach(function (b) { b.disabled = true; });
    }, 0);
  });
  // Send-back dialogs.
  document.querySelectorAll('[data-dialog]').forEach(function (b) {
    b.addEventListener('click', function () {
      var d = document.getElementById(b.getAttribute('data-dialog'));
      if (d && d.showModal) d.showModal();
    });
  });
  document.querySelectorAll('dialog [data-close]').forEach(function (b) {
    b.addEventListener('click', function () { b.closest('dialog').close(); });
  });
  // Quick entry: Ctrl+Enter records the line; the speaker role stays as last chosen.
  var quick = document.querySelector('[data-quick-entry]');
  if (quick) {
    var key = 'shingikai.speakerRole';
    var saved = window.sessionStorage.getItem(key);
    if (saved) {
      var radio = quick.querySelector('input[name="speakerRole"][value="' + saved + '"]');
      if (radio) radio.checked = true;
    }
    quick.addEventListener('change', function (e) {
      if (e.target.name === 'speakerRole') window.sessionStorage.setItem(key, e.target.value);
    });
    quick.querySelector('textarea').addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); quick.requestSubmit(); }
    });
  }
})();

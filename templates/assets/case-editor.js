// Case editor: tabs, ◎/○ cells, autosave with optimistic locking. Plain JS, no build step.
(function () {
  'use strict';
  var form = document.getElementById('case-form');
  if (!form) return;
  var caseId = form.getAttribute('data-case-id');
  var version = Number(form.getAttribute('data-version'));
  var statusEl = document.getElementById('save-status');
  var conflictEl = document.getElementById('conflict');
  var errorsEl = document.getElementById('save-errors');
  var timer = null;
  var saving = false;
  var pending = false;
  // Edits not yet sent: the status must not say 保存しました while they wait for the timer.
  var dirty = false;
  // A structural change (add row, add sheet, …) asked for while a save was in flight.
  var queued = null;
  var reloading = false;
  var inConflict = false;
  // The form is never submitted (an inline onsubmit would be blocked by the CSP); Enter must not reload.
  form.addEventListener('submit', function (e) { e.preventDefault(); });

  // Every time on screen is Japan time; the browser's own zone (UTC on a server) must not show.
  var japanClock = new Intl.DateTimeFormat('ja-JP', {
    timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  function japanTime(d) { return japanClock.format(d); }

  // ---- tabs ----
  var tabs = Array.prototype.slice.call(document.querySelectorAll('[data-tab]'));
  function showTab(id) {
    if (!document.getElementById(id)) id = 'tab-overview';
    tabs.forEach(function (t) {
      var on = t.getAttribute('data-tab') === id;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      document.getElementById(t.getAttribute('data-tab')).hidden = !on;
    });
    if (history.replaceState) history.replaceState(null, '', '#' + id);
  }
  tabs.forEach(function (t) {
    t.addEventListener('click', function () { showTab(t.getAttribute('data-tab')); });
  });
  document.querySelectorAll('[data-goto]').forEach(function (a) {
    a.addEventListener('click', function (e) { e.preventDefault(); showTab(a.getAttribute('data-goto')); });
  });
  showTab((location.hash || '#tab-overview').slice(1));

  // ---- collect the form into the API's shape ----
  function setPath(obj, path, value) {
    var parts = path.split('.');
    var cur = obj;
    for (var i = 0; i < parts.length - 1; i++) {
      var k = parts[i];
      var nextIsIndex = /^\d+$/.test(parts[i + 1]);
      if (cur[k] === undefined) cur[k] = nextIsIndex ? [] : {};
      cur = cur[k];
    }
    cur[parts[parts.length - 1]] = value;
  }
  function getPath(obj, path) {
    return path.split('.').reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj);
  }
  function collect() {
    var data = { legalBasisIds: [], relatedCaseIds: [], sections: [], securityMeasures: [], items: { columns: [], rows: [] } };
    form.querySelectorAll('[data-path]').forEach(function (el) {
      var path = el.getAttribute('data-path');
      var type = el.getAttribute('data-type');
      if (type === 'multi') {
        var list = getPath(data, path);
        if (!Array.isArray(list)) { list = []; setPath(data, path, list); }
        if (el.checked) list.push(el.value);
        return;
      }
      var v;
      if (type === 'bool') v = el.checked;
      else if (type === 'int') v = Number(el.value);
      else if (type === 'nullable') v = el.value === '' ? null : el.value;
      else if (type === 'lines') v = el.value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean);
      else v = el.value;
      setPath(data, path, v);
    });
    form.querySelectorAll('[data-cell-path]').forEach(function (b) {
      var path = b.getAttribute('data-cell-path');
      var cells = getPath(data, path);
      if (!cells || Array.isArray(cells)) { cells = {}; setPath(data, path, cells); }
      var v = b.getAttribute('data-value');
      cells[b.getAttribute('data-cell-key')] = v === '' ? null : v;
    });
    data.items.rows.forEach(function (r) { if (!r.cells) r.cells = {}; });
    // sections: every outsourcing sheet keeps its deviations list even when empty
    data.sections = data.sections.filter(Boolean).map(function (s) {
      if (s.kind === 'outsourcing' && !s.clauseDeviations) s.clauseDeviations = [];
      if (s.clauseDeviations) s.clauseDeviations = s.clauseDeviations.filter(Boolean);
      return s;
    });
    data.securityMeasures = data.securityMeasures.filter(function (m) { return m !== undefined; });
    return data;
  }

  // ---- saving ----
  function setStatus(text, cls) {
    statusEl.textContent = text;
    statusEl.className = 'save-status' + (cls ? ' ' + cls : '');
    statusEl.setAttribute('data-state', cls || 'saving');
  }
  function clearErrors() {
    errorsEl.hidden = true;
    errorsEl.querySelector('ul').innerHTML = '';
    form.querySelectorAll('[data-errors-for]').forEach(function (ul) { ul.hidden = true; ul.innerHTML = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
  }
  function showErrors(list) {
    var summary = errorsEl.querySelector('ul');
    list.forEach(function (e) {
      var path = e.field.replace(/\[(\d+)\]/g, '.$1');
      var ul = form.querySelector('[data-errors-for="' + path + '"]');
      var el = form.querySelector('[data-path="' + path + '"]');
      if (el) el.setAttribute('aria-invalid', 'true');
      e.messages.forEach(function (m) {
        var li = document.createElement('li');
        li.textContent = m;
        if (ul) { ul.appendChild(li); ul.hidden = false; }
        var s = document.createElement('li');
        s.textContent = (el && el.labels && el.labels[0] ? el.labels[0].textContent.replace(/（.*まで）/, '') : path) + ': ' + m;
        summary.appendChild(s);
      });
    });
    errorsEl.hidden = false;
  }
  function save(data, after) {
    if (saving) {
      if (after) queued = { data: data, after: after };
      else pending = true;
      return;
    }
    saving = true;
    setStatus('保存しています…');
    data.version = version;
    fetch('/api/cases/' + caseId, {
      method: 'PATCH',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(data),
    })
      .then(function (res) {
        return res.text().then(function (t) { return { status: res.status, body: t ? JSON.parse(t) : {} }; });
      })
      .then(function (r) {
        saving = false;
        if (r.status === 200) {
          version = r.body.version;
          clearErrors();
          if (after) return after();
          if (queued) { var q = queued; queued = null; pending = false; dirty = false; return save(q.data, q.after); }
          if (pending) { pending = false; dirty = false; return save(collect()); }
          if (dirty) setStatus('未保存の変更があります', 'dirty');
          else setStatus('保存しました ' + japanTime(new Date()), 'ok');
          return;
        }
        queued = null;
        if (r.status === 409 && r.body.code === 'STALE_VERSION') {
          inConflict = true;
          document.getElementById('conflict-message').textContent = r.body.detail;
          conflictEl.hidden = false;
          setStatus('保存できませんでした（他の利用者が更新）', 'error');
          return;
        }
        clearErrors();
        if (r.body.errors) showErrors(r.body.errors);
        else { errorsEl.hidden = false; errorsEl.querySelector('ul').innerHTML = '<li></li>'; errorsEl.querySelector('li').textContent = r.body.detail || '保存できませんでした'; }
        setStatus('保存できませんでした', 'error');
      })
      .catch(function () {
        saving = false;
        queued = null;
        setStatus('通信できませんでした。入力はこの画面に残っています。', 'error');
      });
  }
  function schedule() {
    if (inConflict) return;
    dirty = true;
    setStatus('未保存の変更があります', 'dirty');
    clearTimeout(timer);
    timer = setTimeout(function () { timer = null; dirty = false; save(collect()); }, 1200);
  }
  form.addEventListener('input', schedule);
  // Text fields already reported every keystroke through 'input'; their 'change' on blur would only
  // mark the saved form dirty again and send the same data once more.
  form.addEventListener('change', function (e) {
    var el = e.target;
    if (el.tagName === 'SELECT' || el.type === 'checkbox' || el.type === 'radio') schedule();
  });
  window.addEventListener('beforeunload', function (e) {
    if (dirty || (saving && !reloading)) { e.preventDefault(); e.returnValue = ''; }
  });

  document.getElementById('conflict-overwrite').addEventListener('click', function () {
    fetch('/api/cases/' + caseId, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) { return res.json(); })
      .then(function (latest) {
        version = latest.version;
        inConflict = false;
        conflictEl.hidden = true;
        save(collect());
      });
  });
  document.getElementById('conflict-reload').addEventListener('click', function () { location.reload(); });

  // ---- ◎/○ cells ----
  form.querySelectorAll('.cell-toggle').forEach(function (b) {
    b.addEventListener('click', function () {
      var next = { '': 'required', required: 'optional', optional: '' }[b.getAttribute('data-value')];
      b.setAttribute('data-value', next);
      b.textContent = next === 'required' ? '◎' : next === 'optional' ? '○' : '　';
      schedule();
    });
  });

  // ---- structural changes: change the data, save, then show the page again ----
  function restructure(change) {
    clearTimeout(timer);
    timer = null;
    dirty = false;
    var data = collect();
    change(data);
    save(data, function () { reloading = true; location.reload(); });
  }
  // ---- file uploads (attachments, the item list) ----
  function resetUploadErrors(id) {
    var errs = document.getElementById(id);
    errs.hidden = true;
    errs.innerHTML = '';
    return errs;
  }
  function showUploadErrors(errs, texts) {
    texts.forEach(function (text) {
      var li = document.createElement('li');
      li.textContent = text;
      errs.appendChild(li);
    });
    errs.hidden = false;
  }
  function postFile(url, fd) {
    return fetch(url, { method: 'POST', credentials: 'same-origin', body: fd })
      .then(function (res) { return res.json().then(function (b) { return { status: res.status, body: b }; }); });
  }
  // Shows the page again after an attachment change, saving typed edits first instead of dropping them.
  function reloadKeepingEdits() {
    if (dirty || saving) restructure(function () {});
    else location.reload();
  }
  var actions = {
    'add-section': function () {
      var sel = document.getElementById('add-section-basis');
      var opt = sel.options[sel.selectedIndex];
      restructure(function (d) { d.sections.push({ kind: opt.getAttribute('data-kind'), legalBasisId: opt.value }); });
      location.hash = 'tab-section-' + collect().sections.length;
    },
    // Sheets are numbered in this order (別紙1, 別紙2…) on the document; the tab follows the moved sheet.
    'move-section': function (b) {
      var from = Number(b.getAttribute('data-index'));
      var to = from + Number(b.getAttribute('data-step'));
      var onSheetTab = location.hash === '#tab-section-' + from;
      restructure(function (d) {
        if (to < 0 || to >= d.sections.length) return;
        var moved = d.sections.splice(from, 1)[0];
        d.sections.splice(to, 0, moved);
      });
      if (onSheetTab) location.hash = 'tab-section-' + to;
    },
    'remove-section': function (b) {
      if (!confirm('この別紙を削除しますか。')) return;
      restructure(function (d) { d.sections.splice(Number(b.getAttribute('data-index')), 1); });
    },
    'add-row': function () { restructure(function (d) { d.items.rows.push({ departmentBusiness: '', procedureName: '', cells: {} }); }); },
    'remove-row': function (b) { restructure(function (d) { d.items.rows.splice(Number(b.getAttribute('data-index')), 1); }); },
    'add-column': function () {
      var input = document.getElementById('new-column-label');
      var label = input.value.trim();
      if (!label) { input.focus(); return; }
      restructure(function (d) { d.items.columns.push({ key: 'c_' + Date.now().toString(36), label: label }); });
    },
    'remove-column': function (b) {
      var key = b.getAttribute('data-key');
      restructure(function (d) {
        d.items.columns = d.items.columns.filter(function (c) { return c.key !== key; });
        d.items.rows.forEach(function (r) { delete r.cells[key]; });
        d.sections.forEach(function (s) { if (s.itemKeys) s.itemKeys = s.itemKeys.filter(function (k) { return k !== key; }); });
      });
    },
    'add-measure': function () { restructure(function (d) { d.securityMeasures.push(''); }); },
    'remove-measure': function (b) { restructure(function (d) { d.securityMeasures.splice(Number(b.getAttribute('data-index')), 1); }); },
    'add-deviation': function (b) {
      restructure(function (d) {
        var s = d.sections[Number(b.getAttribute('data-section'))];
        s.clauseDeviations = s.clauseDeviations || [];
        s.clauseDeviations.push({ clauseNumber: Number(b.getAttribute('data-first')) || 1, description: '', reason: '' });
      });
    },
    'remove-deviation': function (b) {
      restructure(function (d) { d.sections[Number(b.getAttribute('data-section'))].clauseDeviations.splice(Number(b.getAttribute('data-index')), 1); });
    },
    'upload': function () {
      var file = document.getElementById('att-file').files[0];
      var errs = resetUploadErrors('upload-errors');
      if (!file) return;
      var fd = new FormData();
      fd.append('title', document.getElementById('att-title').value);
      fd.append('materialLabel', document.getElementById('att-label').value);
      fd.append('file', file);
      setStatus('アップロードしています…');
      postFile('/api/cases/' + caseId + '/attachments', fd).then(function (r) {
        if (r.status === 201) { location.hash = 'tab-attachments'; reloadKeepingEdits(); return; }
        showUploadErrors(errs, [r.body.detail || 'アップロードできませんでした']);
        setStatus('アップロードできませんでした', 'error');
      });
    },
    // Replaces the item list with an edited export; typed edits are saved first so the version matches.
    'import-items': function () {
      var file = document.getElementById('items-file').files[0];
      var errs = resetUploadErrors('items-import-errors');
      if (!file) return;
      function upload() {
        var fd = new FormData();
        fd.append('file', file);
        setStatus('取り込んでいます…');
        postFile('/api/cases/' + caseId + '/items.xlsx', fd)
          .then(function (r) {
            if (r.status === 200) { reloading = true; location.hash = 'tab-items'; location.reload(); return; }
            var lines = (r.body.cells || []).map(function (c) {
              return (c.sheet ? c.sheet + '!' + c.column + c.row + ': ' : '') + c.message;
            });
            showUploadErrors(errs, [r.body.detail || '取り込めませんでした'].concat(lines));
            setStatus('取り込めませんでした（項目一覧は変更していません）', 'error');
          })
          .catch(function () { setStatus('通信できませんでした。', 'error'); });
      }
      if (dirty || saving) {
        if (timer) clearTimeout(timer);
        timer = null;
        dirty = false;
        save(collect(), upload);
      } else upload();
    },
    'remove-attachment': function (b) {
      if (!confirm('この添付資料を削除しますか。')) return;
      fetch('/api/cases/' + caseId + '/attachments/' + b.getAttribute('data-id'), { method: 'DELETE', credentials: 'same-origin' })
        .then(function () { reloadKeepingEdits(); });
    },
  };
  form.addEventListener('click', function (e) {
    var b = e.target.closest('[data-action]');
    if (!b) return;
    e.preventDefault();
    actions[b.getAttribute('data-action')](b);
  });
  // Everything is wired: browser tests wait for this before they type.
  form.setAttribute('data-ready', 'true');
})();

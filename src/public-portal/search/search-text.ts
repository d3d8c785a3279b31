/**
 * How the public search reads text: NFKC (full-width letters and digits, half-width kana) and
 * lower case, so 「ＯＲ」 and 「or」, 「ｵﾝﾗｲﾝ」 and 「オンライン」 meet. The index stores this form and
 * its character bigrams; a query term is found through its bigrams (the GIN index), then checked
 * against the normalised text.
 */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The distinct character bigrams of normalised text (whitespace ignored); one character: none. */
export function bigrams(normalized: string): string[] {
  const chars = [...normalized.replace(/\s+/gu, '')];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return [...out];
}

export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * Splits `text` into plain and highlighted runs where any of `words` (normalised) occurs, matching
 * on the normalised text and marking the original characters.
 */
export function highlight(text: string, words: string[]): Segment[] {
  const chars = [...text];
  let norm = normalize(text);
  const origin: number[] = []; // origin[i]: the original character of normalised UTF-16 unit i
  if (norm === text) {
    // Already in normal form (most lines): each character is its own normal form.
    chars.forEach((c, i) => {
      for (let k = 0; k < c.length; k++) origin.push(i);
    });
  } else {
    norm = '';
    chars.forEach((c, i) => {
      const n = normalize(c);
      norm += n;
      for (let k = 0; k < n.length; k++) origin.push(i);
    });
  }
  const marked = new Array<boolean>(chars.length).fill(false);
  for (const w of words.filter(Boolean)) {
    for (let at = norm.indexOf(w); at >= 0; at = norm.indexOf(w, at + w.length)) {
      for (let k = at; k < at + w.length; k++) marked[origin[k]] = true;
    }
  }
  const out: Segment[] = [];
  chars.forEach((c, i) => {
    const last = out[out.length - 1];
    if (last && last.mark === marked[i]) last.text += c;
    else out.push({ text: c, mark: marked[i] });
  });
  return out;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The segments as HTML: highlights in `<mark>`, announced to screen readers as 「強調:」. */
export function markedHtml(segments: Segment[]): string {
  return segments
    .map((s) =>
      s.mark
        ? `<mark><span class="visually-hidden">強調:</span>${escapeHtml(s.text)}</mark>`
        : escapeHtml(s.text),
    )
    .join('');
}

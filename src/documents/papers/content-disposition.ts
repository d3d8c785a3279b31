/** Longest file-name stem kept (characters), before the `.pdf` extension. */
const MAX_STEM = 80;

/**
 * A file name safe to offer for download: no path separators, control characters or characters
 * Windows refuses (\/:*?"<>|), whitespace collapsed, capped in length.
 */
export function safeDownloadName(stem: string, extension = 'pdf'): string {
  const cleaned = stem
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '')
    .replace(/[\\/:*?"<>|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const stemChars = [...cleaned].slice(0, MAX_STEM).join('').trim();
  return `${stemChars || 'document'}.${extension}`;
}

/** RFC 5987 `ext-value` encoding (UTF-8, percent-encoded beyond attr-char). */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `attachment; filename="case.pdf"; filename*=UTF-8''%E8%AB%AE…`: an ASCII fallback for old
 * clients and the Japanese name for every current browser.
 */
export function attachmentDisposition(fallback: string, name: string): string {
  const ascii = fallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(name)}`;
}

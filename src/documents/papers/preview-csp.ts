import { createHash } from 'node:crypto';

/**
 * Content-Security-Policy for a document preview: nothing may load and nothing may run; only the
 * inline `<style>` blocks of our own template are allowed, each by its hash (user text is escaped
 * into the body, so it can never become one of them).
 */
export function previewCsp(html: string): string {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `style-src ${hashes.length ? hashes.join(' ') : "'none'"}`,
    'img-src data:',
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

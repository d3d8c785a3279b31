/**
 * The one spelling of a request path that every limit and allow-list compares: percent-decoded,
 * duplicate slashes folded, no trailing slash, lower case. Dot segments stay (Express does not
 * resolve them either, and `/api/x/../..` is still an API request). Express routes
 * case-insensitively and ignores a trailing slash, so `/API/auth/login/` reaches the login
 * handler; a check on the raw path would let such a spelling skip it.
 */
export function canonicalPath(path: string): string {
  let decoded = path;
  for (let i = 0; i < 3 && decoded.includes('%'); i++) {
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    } catch {
      break;
    }
  }
  let canonical = `/${decoded}`.replace(/\/{2,}/g, '/');
  if (canonical.length > 1 && canonical.endsWith('/')) canonical = canonical.slice(0, -1);
  return canonical.toLowerCase();
}

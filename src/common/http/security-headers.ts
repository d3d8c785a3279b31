import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** Swagger UI: the only page that needs inline styles; its relaxed policy applies below this path only. */
export const API_DOCS_PATH = '/api/docs';

/**
 * The application's pages load CSS and JavaScript from `/assets` only, with no inline script or
 * style, so the policy can stay strict. Keep it that way rather than widening the policy.
 */
export const APP_CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
};

/** Swagger UI's page carries inline styles (its scripts are files). */
export const DOCS_CSP: Record<string, string[]> = {
  ...APP_CSP,
  'style-src': ["'self'", "'unsafe-inline'"],
};

function helmetWith(csp: Record<string, string[]>, hsts: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: csp },
    // Only meaningful over HTTPS; on plain HTTP in development it would pin browsers to HTTPS.
    strictTransportSecurity: hsts ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    // Same as frame-ancestors 'none', for browsers that only know the older header.
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
}

/** Security headers for every response, with the Swagger UI policy scoped to its own path. */
export function securityHeaders(opts: { hsts: boolean }): RequestHandler {
  const app = helmetWith(APP_CSP, opts.hsts);
  const docs = helmetWith(DOCS_CSP, opts.hsts);
  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    const isDocsUi = path === API_DOCS_PATH || path.startsWith(`${API_DOCS_PATH}/`);
    (isDocsUi ? docs : app)(req, res, next);
  };
}

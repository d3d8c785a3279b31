import type { NextFunction, Request, Response } from 'express';

/** How long a reader or proxy may reuse an answer of the open API (publication changes it rarely). */
export const PUBLIC_API_MAX_AGE_S = 60;

/**
 * The open API is for anyone's page or tool: CORS open for reading (GET, HEAD; a preflight is
 * answered without reaching a route), never for writing, and answers may be cached briefly.
 */
export function publicApiHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, X-Total-Count, Link');
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Headers', 'Accept, Accept-Language');
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
    return;
  }
  if (req.method === 'GET' || req.method === 'HEAD')
    res.setHeader('Cache-Control', `public, max-age=${PUBLIC_API_MAX_AGE_S}`);
  next();
}

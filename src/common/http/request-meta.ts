import type { Request } from 'express';
import type { RequestMeta } from '../../auth/auth.service';

export function requestMeta(req: Request): RequestMeta {
  const ua = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua : null };
}

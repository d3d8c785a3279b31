import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error';
import { sendProblem } from '../errors/problem';
import type { RefusalRecorder } from '../errors/problem.filter';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const csrfRejected = () =>
  new AppError(
    'CSRF_REJECTED',
    403,
    '他のサイトから送信された操作は受け付けられません。画面を開き直してから操作してください。',
  );

/**
 * Cross-site request forgery defence for the cookie-authenticated UI. The session cookie is
 * SameSite=Strict; on top of that an unsafe request that relies on the cookie must come from
 * our own origin, as browsers state in `Sec-Fetch-Site` and `Origin`. Bearer-token API clients
 * carry no ambient credentials and are not affected.
 */
export function isCrossSiteWrite(req: Request): boolean {
  if (!UNSAFE.has(req.method)) return false;
  if (req.headers.authorization) return false;
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    try {
      return new URL(origin).host !== req.headers.host;
    } catch {
      return true;
    }
  }
  return origin === 'null';
}

export function csrfGuard(req: Request, res: Response, next: NextFunction): void {
  if (isCrossSiteWrite(req)) return sendProblem(res, csrfRejected());
  next();
}

/** `csrfGuard` that also leaves a (coalesced) audit entry for each refusal. */
export function auditedCsrfGuard(refusals: RefusalRecorder) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!isCrossSiteWrite(req)) return next();
    const error = csrfRejected();
    refusals.refused(req, 'csrf.refused', error);
    sendProblem(res, error);
  };
}

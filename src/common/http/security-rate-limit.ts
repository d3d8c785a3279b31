import type { NextFunction, Request, Response } from 'express';
import type { AppError } from '../errors/app-error';
import { sendProblem } from '../errors/problem';
import type { RefusalRecorder } from '../errors/problem.filter';
import { canonicalPath } from './canonical-path';
import { SecurityErrors } from './security.errors';

/**
 * Fixed-window request counters kept in this process's memory. With several instances each
 * applies the limit on its own; the account lockout after failed logins is in the database and
 * is shared. (@nestjs/throttler does the same, but it ships as CommonJS that requires the
 * ES-module-only @nestjs/common, which Jest's ESM mode cannot load on Node 20.)
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private hitsSinceSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request for `key`; returns the seconds to wait when over `limit`, else null. */
  hit(key: string, limit: number, windowMs: number): { retryAfterSeconds: number | null; remaining: number } {
    const now = this.now();
    if (++this.hitsSinceSweep >= 10_000) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    const remaining = Math.max(0, limit - window.count);
    if (window.count <= limit) return { retryAfterSeconds: null, remaining };
    return { retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)), remaining };
  }

  private sweep(now: number): void {
    this.hitsSinceSweep = 0;
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

/** Login routes, as `canonicalPath` spells them (so `/API/auth/login/` is counted too). */
export const LOGIN_PATHS = new Set(['/api/auth/login', '/login']);
/** Monitoring probes and static files are never limited. */
const UNLIMITED = (path: string) => path === '/api/health' || path.startsWith('/assets/');
/** The public pages (no login) have their own per-address budget, apart from the staff's. */
export const isPublicPath = (path: string) => path === '/public' || path.startsWith('/public/');
/** The open read API of the public portal (`/public/<slug>/api/…`, `/public/api/openapi.json`): answered as an API. */
export const isPublicApiPath = (path: string) => /^\/public\/(?:[^/]+\/)?api(?:\/|$)/.test(path);
const MINUTE = 60_000;

/** Login attempts are counted per address and user name, across the API and the login form. */
export function loginKey(req: Request): string {
  const body = req.body as { username?: unknown } | undefined;
  const username = typeof body?.username === 'string' ? body.username.trim().toLowerCase().slice(0, 200) : '';
  return `login:${req.ip ?? '-'}|${username}`;
}

/**
 * Rate limits: every request per client address (`API_RATE_LIMIT` a minute; public pages
 * `PUBLIC_RATE_LIMIT`, counted apart so the public cannot use up the staff's budget), counted
 * before the body is even parsed, and login attempts per address and user name
 * (`LOGIN_RATE_LIMIT` a minute), counted after the body parsers (the key needs the user name).
 * All run before authentication, so refused requests count too, and all compare the canonical
 * path. Over a limit: 429 with Retry-After, as problem+json for the API and as the error page for
 * the UI, and a (coalesced) audit entry.
 */
export function rateLimits(
  limits: { loginPerMinute: number; apiPerMinute: number; publicPerMinute: number },
  renderHtml: (req: Request, res: Response, error: AppError) => void,
  limiter = new RateLimiter(),
  refusals?: RefusalRecorder,
) {
  const refuse = (req: Request, res: Response, error: AppError) => {
    refusals?.refused(req, 'rate.limited', error);
    res.setHeader('Retry-After', String(error.extensions.retryAfterSeconds));
    const path = canonicalPath(req.path);
    if (path.startsWith('/api/') || isPublicApiPath(path)) return sendProblem(res, error, req.path);
    renderHtml(req, res, error);
  };
  return {
    requests: (req: Request, res: Response, next: NextFunction): void => {
      const path = canonicalPath(req.path);
      if (UNLIMITED(path)) return next();
      const { retryAfterSeconds } = isPublicPath(path)
        ? limiter.hit(`public:${req.ip ?? '-'}`, limits.publicPerMinute, MINUTE)
        : limiter.hit(`ip:${req.ip ?? '-'}`, limits.apiPerMinute, MINUTE);
      if (retryAfterSeconds === null) return next();
      refuse(req, res, SecurityErrors.tooManyRequests(retryAfterSeconds));
    },
    logins: (req: Request, res: Response, next: NextFunction): void => {
      if (req.method !== 'POST' || !LOGIN_PATHS.has(canonicalPath(req.path))) return next();
      const { retryAfterSeconds } = limiter.hit(loginKey(req), limits.loginPerMinute, MINUTE);
      if (retryAfterSeconds === null) return next();
      refuse(req, res, SecurityErrors.tooManyLogins(retryAfterSeconds));
    },
  };
}

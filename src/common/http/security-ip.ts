import { BlockList, isIP } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import type { AppError } from '../errors/app-error';
import { sendProblem } from '../errors/problem';
import type { RefusalRecorder } from '../errors/problem.filter';
import { canonicalPath } from './canonical-path';
import { SecurityErrors } from './security.errors';

/** Paths of the administration area (UI and API), in any spelling Express would route there. */
export function isAdminPath(path: string): boolean {
  return /^\/(api\/)?admin(\/|$)/.test(canonicalPath(path));
}

/** Builds a matcher for a validated list of addresses and CIDR ranges. */
export function ipMatcher(entries: readonly string[]): (ip: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    list.addSubnet(address, prefix === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefix), family);
  }
  return (ip) => {
    if (!ip) return false;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    const address = mapped ? mapped[1] : ip;
    const family = isIP(address);
    if (family === 0) return false;
    return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/**
 * Optional IP restriction of the administration area (`ADMIN_ALLOWED_IPS`). Runs before
 * authentication, so a refused address learns nothing about accounts. `req.ip` honours
 * `X-Forwarded-For` only from the loopback proxy (see `trust proxy` in create-app).
 */
export function adminIpAllowList(
  allowed: readonly string[] | null,
  renderHtml: (req: Request, res: Response, error: AppError) => void,
  refusals?: RefusalRecorder,
) {
  const matches = allowed ? ipMatcher(allowed) : null;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!matches || !isAdminPath(req.path) || matches(req.ip)) return next();
    const error = SecurityErrors.adminIpRefused();
    refusals?.refused(req, 'ip.denied', error);
    if (canonicalPath(req.path).startsWith('/api/')) return sendProblem(res, error, req.path);
    renderHtml(req, res, error);
  };
}

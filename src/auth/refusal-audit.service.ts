import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Request } from 'express';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import type { RefusalKind, RefusalRecorder } from '../common/errors/problem.filter';
import { canonicalPath } from '../common/http/canonical-path';
import { LOGIN_PATHS } from '../common/http/security-rate-limit';
import type { AuthUser } from './auth-user';

/** Refusal entries per client address and minute; beyond that they are counted, not written. */
export const REFUSALS_PER_ADDRESS = 20;
/** Refusal entries per minute from all addresses together (many addresses, one flood). */
export const REFUSALS_PER_MINUTE = 600;
const MINUTE = 60_000;
const NOTED = Symbol('refusalNoted');

interface Window {
  written: number;
  omitted: number;
  startedAt: number;
}

/**
 * Audits refused requests (401/403, a record the user may not see, CSRF, rate limits, the admin
 * allow-list, refused writes on routes that audit themselves) through the audit service's group
 * commit, never awaited. A flood is coalesced: per address at most REFUSALS_PER_ADDRESS entries a
 * minute (REFUSALS_PER_MINUTE in all), then one `refusal.omitted` entry saying how many were left
 * out once that minute is over.
 */
@Injectable()
export class RefusalAuditService implements RefusalRecorder, OnModuleDestroy {
  private readonly windows = new Map<string, Window>();
  private readonly total: Window;
  private readonly timer: NodeJS.Timeout;
  /** The clock (replaced in unit tests). */
  now: () => number = Date.now;

  constructor(private readonly audit: AuditService) {
    this.total = { written: 0, omitted: 0, startedAt: this.now() };
    this.timer = setInterval(() => this.closeWindows(false), MINUTE);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.closeWindows(true);
  }

  refused(req: Request, kind: RefusalKind, refusal: { status: number; code?: string }): void {
    const noted = req as Request & { [NOTED]?: boolean };
    if (noted[NOTED]) return;
    noted[NOTED] = true;
    const path = canonicalPath(req.path);
    // A refused login is audited by AuthService (login.failed / login.locked) with the account.
    if ((kind === 'access.denied' || kind === 'write.refused') && LOGIN_PATHS.has(path)) return;

    const address = req.ip ?? '-';
    const now = this.now();
    if (now - this.total.startedAt >= MINUTE) this.closeWindows(false);
    let window = this.windows.get(address);
    if (window && now - window.startedAt >= MINUTE) {
      this.summarise(address, window);
      window = undefined;
    }
    if (!window) {
      window = { written: 0, omitted: 0, startedAt: now };
      this.windows.set(address, window);
    }
    if (window.written >= REFUSALS_PER_ADDRESS || this.total.written >= REFUSALS_PER_MINUTE) {
      window.omitted++;
      return;
    }
    window.written++;
    this.total.written++;
    const user = (req as Request & { user?: AuthUser }).user;
    const route = (req.route as { path?: unknown } | undefined)?.path;
    this.audit.enqueue({
      actor: user ? { id: user.id, name: user.username, role: user.role } : null,
      action: kind,
      ip: req.ip ?? null,
      status: refusal.status,
      detail: {
        method: req.method,
        path: req.originalUrl.split('?')[0].slice(0, 500),
        ...(typeof route === 'string' ? { route } : {}),
        ...(refusal.code ? { code: refusal.code } : {}),
        requestId: String((req as Request & { id?: unknown }).id ?? ''),
      },
    });
  }

  /** Ends the minute of every address whose minute is over (all of them with `all`). */
  private closeWindows(all: boolean): void {
    const now = this.now();
    for (const [address, window] of this.windows) {
      if (all || now - window.startedAt >= MINUTE) {
        this.summarise(address, window);
        this.windows.delete(address);
      }
    }
    if (all || now - this.total.startedAt >= MINUTE) {
      this.total.written = 0;
      this.total.startedAt = now;
    }
  }

  private summarise(address: string, window: Window): void {
    if (window.omitted === 0) return;
    const entry: AuditEntry = {
      actor: null,
      action: 'refusal.omitted',
      ip: address === '-' ? null : address,
      detail: {
        omitted: window.omitted,
        since: new Date(window.startedAt).toISOString(),
        message: `拒否されたリクエストの記録 ${window.omitted} 件を省略しました（同じ端末から 1 分間に ${REFUSALS_PER_ADDRESS} 件を超えた分）。`,
      },
    };
    this.audit.enqueue(entry);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { PlatformAdminUser } from '../auth/auth-user';
import { SessionService } from '../auth/session.service';
import { runInCouncil } from '../database/council-context';
import { PLATFORM_ADMIN } from '../users/role';
import type { PlatformAdminDto } from './dto/platform-council.dto';
import { PlatformErrors } from './platform.errors';
import { endSessions } from './end-sessions';
import { actorOf } from '../auth/actor';

interface AdminRow {
  id: string;
  username: string;
  display_name: string;
  disabled: boolean;
  last_login_at: Date | null;
}

/**
 * The platform administrators' own accounts: another platform administrator disables one (its
 * sessions end at once, it cannot log in) or enables it again. The deployment always keeps one
 * active platform administrator. Runs in no council: row-level security then shows the platform's
 * accounts and sessions only, and the audit entries join the deployment's chain.
 */
@Injectable()
export class PlatformAdminsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
  ) {}

  list(): Promise<PlatformAdminDto[]> {
    return runInCouncil(null, async () => {
      const rows: AdminRow[] = await this.ds.query(
        `SELECT id, username, display_name, disabled, last_login_at FROM app_user
          WHERE role = $1 AND council_id IS NULL ORDER BY lower(username)`,
        [PLATFORM_ADMIN],
      );
      return rows.map((r) => ({
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        disabled: r.disabled,
        lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
      }));
    });
  }

  /** Disables (`disabled`) or enables an account; a no-op when it already is so. */
  async setDisabled(
    actor: PlatformAdminUser,
    id: string,
    disabled: boolean,
    ip: string | null,
  ): Promise<PlatformAdminDto> {
    await runInCouncil(null, () =>
      this.ds.transaction(async (m) => {
        // Every platform account locked: two administrators disabling each other at once queue here,
        // and the second then sees the first's change (and is refused as the last one).
        const admins: { id: string; disabled: boolean }[] = await m.query(
          `SELECT id, disabled FROM app_user WHERE role = $1 AND council_id IS NULL ORDER BY id FOR UPDATE`,
          [PLATFORM_ADMIN],
        );
        const target = admins.find((a) => a.id === id);
        if (!target) throw PlatformErrors.adminNotFound();
        if (target.disabled === disabled) return;
        if (disabled) {
          if (!admins.some((a) => a.id !== id && !a.disabled)) throw PlatformErrors.lastAdmin();
          if (id === actor.id) throw PlatformErrors.cannotDisableSelf();
        }
        await m.query(
          `UPDATE app_user SET disabled = $2, version = version + 1, updated_at = now() WHERE id = $1`,
          [id, disabled],
        );
        const sessionsEnded = disabled ? await endSessions(m, { userId: id }) : 0;
        await this.audit.record(
          {
            actor: actorOf(actor),
            action: 'update',
            targetType: 'user',
            targetId: id,
            ip,
            detail: { disabled, sessionsEnded, via: 'platform' },
          },
          m,
        );
      }),
    );
    this.sessions.invalidate();
    const found = (await this.list()).find((a) => a.id === id);
    if (!found) throw PlatformErrors.adminNotFound();
    return found;
  }
}

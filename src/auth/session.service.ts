import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { CouncilRestoreErrors } from '../database/council-barrier';
import { preparedQuery } from '../database/prepared-query';
import { isAccountRole, PLATFORM_ADMIN } from '../users/role';
import type { Principal } from './auth-user';
import { AuthErrors } from './auth.errors';
import { SessionCache } from './session-cache';
import { UserSession } from './user-session.entity';

interface SessionRow {
  session_id: string;
  expires_at: Date;
  revoked_at: Date | null;
  user_id: string;
  username: string;
  display_name: string;
  role: string;
  department_id: string | null;
  department_name: string | null;
  must_change_password: boolean;
  previous_login_at: Date | null;
  disabled: boolean;
  council_id: number | null;
  council_state: string | null;
}

/** Server-side sessions: what makes logout, disabling and token revocation real. */
@Injectable()
export class SessionService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionService.name);
  /** Resolved sessions of this instance, emptied by any change to users, sessions or departments. */
  private readonly cache: SessionCache<Principal>;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.cache = new SessionCache<Principal>({
      databaseUrl: (ds.options as { url: string }).url,
      log: (m) => this.logger.warn(m),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.cache.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.cache.stop();
  }

  /**
   * Forget every resolved session now. The database announces each change to all instances, but
   * a request this instance answers right after its own change must not race that announcement.
   */
  invalidate(): void {
    this.cache.invalidate();
  }

  async open(
    userId: string,
    ttlSeconds: number,
    ip: string | null,
    userAgent: string | null,
  ): Promise<UserSession> {
    const repo = this.ds.getRepository(UserSession);
    return repo.save(
      repo.create({
        userId,
        expiresAt: new Date(Date.now() + ttlSeconds * 1000),
        ip,
        userAgent: userAgent?.slice(0, 300) ?? null,
      }),
    );
  }

  async revoke(sessionId: string): Promise<void> {
    await this.ds
      .getRepository(UserSession)
      .update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.invalidate();
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.ds
      .getRepository(UserSession)
      .update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.invalidate();
  }

  /**
   * Loads the principal for a token; refuses revoked, expired or disabled ones. Called in the
   * token's council (`councilId`): a session of another council is not found. The platform
   * administrator's token has no council (null): its session is looked up with none.
   */
  async resolve(sessionId: string, userId: string, councilId: number | null): Promise<Principal> {
    if (!/^[0-9a-f-]{36}$/i.test(sessionId)) throw AuthErrors.tokenInvalid();
    const hit = this.cache.get(sessionId);
    if (hit) {
      if (hit.userId !== userId || hit.value.councilId !== councilId) throw AuthErrors.tokenInvalid();
      if (hit.expiresAt <= Date.now()) throw AuthErrors.tokenExpired();
      return { ...hit.value };
    }
    const ticket = this.cache.ticket();
    const rows = await preparedQuery<SessionRow>(
      this.ds.manager,
      `SELECT s.id AS session_id, s.expires_at, s.revoked_at, u.id AS user_id, u.username, u.display_name, u.role,
              u.department_id, d.name AS department_name, u.must_change_password, u.previous_login_at, u.disabled,
              u.council_id, mu.state AS council_state
         FROM user_session s
         JOIN app_user u ON u.id = s.user_id
         LEFT JOIN department d ON d.id = u.department_id
         LEFT JOIN municipality mu ON mu.id = u.council_id
        WHERE s.id = $1`,
      [sessionId],
    );
    const row = rows[0];
    if (!row || row.user_id !== userId || row.council_id !== councilId) throw AuthErrors.tokenInvalid();
    // Before the session's own state: a suspended council's sessions were ended when it was suspended,
    // a restored council's are ended by the restore (its people are told to wait, not to sign in).
    if (row.council_state === 'restoring') throw CouncilRestoreErrors.restoring();
    if (row.council_state === 'suspended') throw AuthErrors.councilSuspended();
    if (row.revoked_at) throw AuthErrors.sessionEnded();
    if (new Date(row.expires_at).getTime() <= Date.now()) throw AuthErrors.tokenExpired();
    if (row.disabled) throw AuthErrors.disabled();
    // A council account has a council, the platform administrator's has none (the table checks it too).
    if (!isAccountRole(row.role) || (row.role === PLATFORM_ADMIN) !== (row.council_id === null))
      throw AuthErrors.tokenInvalid();
    const user = {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      departmentId: row.department_id,
      departmentName: row.department_name,
      mustChangePassword: row.must_change_password,
      previousLoginAt: row.previous_login_at,
      sessionId: row.session_id,
      councilId: row.council_id,
    } as Principal;
    this.cache.put(
      sessionId,
      { value: { ...user }, userId: row.user_id, expiresAt: new Date(row.expires_at).getTime() },
      ticket,
    );
    return user;
  }
}

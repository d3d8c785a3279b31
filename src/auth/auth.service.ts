import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { truncateCodePoints } from '../audit/audit-chain';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { User } from '../users/user.entity';
import type { AuthUser } from './auth-user';
import { AuthErrors } from './auth.errors';
import { passwordProblems } from './password-policy';
import { SessionService } from './session.service';

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: User;
  previousLoginAt: Date | null;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

// Verifying against a fixed hash when the user does not exist keeps response times alike.
let dummyHash: Promise<string> | null = null;

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string, meta: RequestMeta): Promise<LoginResult> {
    const repo = this.ds.getRepository(User);
    const user = await repo
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .leftJoinAndSelect('u.department', 'd')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
    const actor = user
      ? { id: user.id, name: user.username, role: user.role }
      : { id: null, name: truncateCodePoints(username, 100), role: null };

    if (!user) {
      dummyHash ??= hashPassword('not-a-real-password-' + Math.random());
      await argon2.verify(await dummyHash, password).catch(() => false);
      await this.audit.recordQuietly({
        actor,
        action: 'login.failed',
        ip: meta.ip,
        detail: { reason: 'unknown_user' },
      });
      throw AuthErrors.invalidCredentials();
    }
    if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      await this.audit.recordQuietly({
        actor,
        action: 'login.locked',
        targetType: 'user',
        targetId: user.id,
        ip: meta.ip,
      });
      throw AuthErrors.locked(user.lockedUntil);
    }
    const ok = await argon2.verify(user.passwordHash, password).catch(() => false);
    if (!ok) {
      const result: [{ failed_attempts: number; locked_until: Date | null }[], number] = await this.ds.query(
        `UPDATE app_user SET
           failed_attempts = CASE WHEN failed_attempts + 1 >= $2 THEN 0 ELSE failed_attempts + 1 END,
           locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
         WHERE id = $1 RETURNING failed_attempts, locked_until`,
        [user.id, this.config.loginMaxAttempts, this.config.lockoutMinutes],
      );
      const rows = result[0]; // TypeORM returns [rows, affected] for UPDATE … RETURNING
      const lockedNow = rows[0]?.locked_until && new Date(rows[0].locked_until).getTime() > Date.now();
      await this.audit.recordQuietly({
        actor,
        action: 'login.failed',
        targetType: 'user',
        targetId: user.id,
        ip: meta.ip,
        detail: { reason: 'wrong_password', locked: Boolean(lockedNow) },
      });
      if (lockedNow) throw AuthErrors.locked(new Date(rows[0].locked_until as Date));
      throw AuthErrors.invalidCredentials();
    }
    if (user.disabled) {
      await this.audit.recordQuietly({
        actor,
        action: 'login.failed',
        targetType: 'user',
        targetId: user.id,
        ip: meta.ip,
        detail: { reason: 'disabled' },
      });
      throw AuthErrors.disabled();
    }

    const previousLoginAt = user.lastLoginAt;
    await this.ds.query(
      `UPDATE app_user SET failed_attempts = 0, locked_until = NULL, previous_login_at = last_login_at, last_login_at = now()
        WHERE id = $1`,
      [user.id],
    );
    const session = await this.sessions.open(user.id, this.config.tokenTtlSeconds, meta.ip, meta.userAgent);
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, sid: session.id, role: user.role },
      { expiresIn: this.config.tokenTtlSeconds },
    );
    await this.audit.recordQuietly({
      actor,
      action: 'login.ok',
      targetType: 'user',
      targetId: user.id,
      ip: meta.ip,
    });
    return { accessToken, expiresIn: this.config.tokenTtlSeconds, user, previousLoginAt };
  }

  async logout(user: AuthUser, meta: RequestMeta): Promise<void> {
    await this.sessions.revoke(user.sessionId);
    await this.audit.recordQuietly({
      actor: { id: user.id, name: user.username, role: user.role },
      action: 'logout',
      targetType: 'user',
      targetId: user.id,
      ip: meta.ip,
    });
  }

  async changePassword(
    user: AuthUser,
    currentPassword: string,
    newPassword: string,
    meta: RequestMeta,
  ): Promise<void> {
    const row = await this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: user.id })
      .getOneOrFail();
    if (!(await argon2.verify(row.passwordHash, currentPassword).catch(() => false))) {
      throw AuthErrors.wrongCurrentPassword();
    }
    const problems = passwordProblems(newPassword, { username: user.username, current: currentPassword });
    if (problems.length) throw AuthErrors.weakPassword(problems);
    const hash = await hashPassword(newPassword);
    await this.ds.transaction(async (m) => {
      await m.query(
        `UPDATE app_user SET password_hash = $2, must_change_password = false, password_changed_at = now(),
                version = version + 1, updated_at = now() WHERE id = $1`,
        [user.id, hash],
      );
      // Other sessions of this user end; the current one continues.
      await m.query(
        `UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`,
        [user.id, user.sessionId],
      );
      await this.audit.record(
        {
          actor: { id: user.id, name: user.username, role: user.role },
          action: 'password.change',
          targetType: 'user',
          targetId: user.id,
          ip: meta.ip,
        },
        m,
      );
    });
    this.sessions.invalidate();
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { truncateCodePoints } from '../audit/audit-chain';
import { AuditService, type AuditAction, type AuditEntry } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CouncilRestoreErrors } from '../database/council-barrier';
import { runInCouncil, setRequestCouncil } from '../database/council-context';
import { User } from '../users/user.entity';
import type { Principal } from './auth-user';
import { AuthErrors } from './auth.errors';
import { passwordProblems } from './password-policy';
import { SessionService } from './session.service';

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: User;
  previousLoginAt: Date | null;
  /** Null for the platform administrator. */
  councilId: number | null;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** The audit entry of something a user did to their own account. */
function ownAccountEntry(
  user: Principal,
  action: AuditAction,
  meta: RequestMeta,
  detail?: Record<string, unknown>,
): AuditEntry {
  const actor = { id: user.id, name: user.username, role: user.role };
  return { actor, action, targetType: 'user', targetId: user.id, ip: meta.ip, detail };
}

// Verifying against a fixed hash when the user does not exist keeps response times alike.
let dummyHash: Promise<string> | null = null;

/**
 * Argon2 runs on libuv's thread pool (4 threads), which DNS look-ups and file reads share: a burst
 * of logins would hold every thread and stall the database pool's new connections. At most two
 * hashes run at once; the others wait their turn here.
 */
const HASH_SLOTS = 2;
let hashesRunning = 0;
const hashQueue: (() => void)[] = [];

async function inHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (hashesRunning >= HASH_SLOTS) await new Promise<void>((resolve) => hashQueue.push(resolve));
  else hashesRunning++;
  try {
    return await work();
  } finally {
    const next = hashQueue.shift();
    if (next) next();
    else hashesRunning--;
  }
}

export async function hashPassword(password: string): Promise<string> {
  return inHashSlot(() => argon2.hash(password, { type: argon2.argon2id }));
}

function verifyPassword(hash: string, password: string): Promise<boolean> {
  return inHashSlot(() => argon2.verify(hash, password)).catch(() => false);
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

  /**
   * Login names are unique in the deployment; the council of the name (through a SECURITY DEFINER
   * function: nothing else of the account is visible before the council is known) is where the
   * login, its session and its audit entries happen. An unknown name has no council: its failure
   * is recorded with the deployment's entries. A platform administrator's name has no council either:
   * with none set, the only accounts visible are the platform's (row-level security), so it is found.
   */
  async login(username: string, password: string, meta: RequestMeta): Promise<LoginResult> {
    const [{ council }] = (await this.ds.query('SELECT auth_council_of($1) AS council', [username])) as {
      council: number | null;
    }[];
    setRequestCouncil(council);
    return runInCouncil(council, () => this.loginInCouncil(council, username, password, meta));
  }

  private async loginInCouncil(
    councilId: number | null,
    username: string,
    password: string,
    meta: RequestMeta,
  ): Promise<LoginResult> {
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
      await verifyPassword(await dummyHash, password);
      await this.audit.recordQuietly({
        actor,
        action: 'login.failed',
        ip: meta.ip,
        detail: { reason: 'unknown_user' },
      });
      throw AuthErrors.invalidCredentials();
    }
    const refused = (action: 'login.failed' | 'login.locked', detail?: Record<string, unknown>) =>
      this.audit.recordQuietly({ actor, action, targetType: 'user', targetId: user.id, ip: meta.ip, detail });
    // A council being restored: nothing of the account is written (the restore replaces it), no password
    // is checked; its people are told to come back shortly.
    const councilState = councilId === null ? null : await this.councilState(councilId);
    if (councilState === 'restoring') {
      await refused('login.failed', { reason: 'council_restoring' });
      throw CouncilRestoreErrors.restoring();
    }
    // The attempt is counted before the password is checked, so parallel guesses cannot outrun it.
    const attempt = await this.reserveAttempt(user.id);
    if (attempt.lockedBefore) {
      await refused('login.locked');
      throw AuthErrors.locked(attempt.lockedBefore);
    }
    const ok = await verifyPassword(user.passwordHash, password);
    if (!ok) {
      await refused('login.failed', { reason: 'wrong_password', locked: attempt.locksNow !== null });
      if (attempt.locksNow) throw AuthErrors.locked(attempt.locksNow);
      throw AuthErrors.invalidCredentials();
    }
    if (user.disabled) {
      await refused('login.failed', { reason: 'disabled' });
      throw AuthErrors.disabled();
    }

    if (councilState === 'suspended') {
      await refused('login.failed', { reason: 'council_suspended' });
      throw AuthErrors.councilSuspended();
    }

    // Only now: a right password ends the count (a disabled account keeps it).
    const previousLoginAt = user.lastLoginAt;
    await this.ds.query(
      `UPDATE app_user SET failed_attempts = 0, locked_until = NULL, previous_login_at = last_login_at, last_login_at = now()
        WHERE id = $1`,
      [user.id],
    );
    const session = await this.sessions.open(user.id, this.config.tokenTtlSeconds, meta.ip, meta.userAgent);
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, sid: session.id, role: user.role, cid: councilId },
      { expiresIn: this.config.tokenTtlSeconds },
    );
    await this.audit.recordQuietly({
      actor,
      action: 'login.ok',
      targetType: 'user',
      targetId: user.id,
      ip: meta.ip,
    });
    return {
      accessToken,
      expiresIn: this.config.tokenTtlSeconds,
      user,
      previousLoginAt,
      councilId,
    };
  }

  /** The council's state: suspended by the platform administrator, restoring… (src/platform/council-state-machine.ts). */
  private async councilState(councilId: number): Promise<string | null> {
    const [row] = (await this.ds.query(`SELECT state FROM municipality WHERE id = $1`, [councilId])) as {
      state: string;
    }[];
    return row?.state ?? null;
  }

  /**
   * Reserves one password check for the account in one statement: counts it, and when that makes
   * LOGIN_MAX_ATTEMPTS, locks the account at once. Concurrent reservations queue on the row lock
   * and each re-reads it, so N parallel attempts get at most LOGIN_MAX_ATTEMPTS checks; the others
   * find the account locked (`lockedBefore`) and check no password. `locksNow`: this attempt
   * locked it (its password is still checked; a right one lifts the lock).
   */
  private async reserveAttempt(
    userId: string,
  ): Promise<{ lockedBefore: Date | null; locksNow: Date | null }> {
    const result: [{ locked_until: Date | null; locks_now: boolean }[], number] = await this.ds.query(
      `UPDATE app_user SET
         failed_attempts = CASE WHEN failed_attempts + 1 >= $2 THEN 0 ELSE failed_attempts + 1 END,
         locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
       WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now())
       RETURNING locked_until, locked_until > now() AS locks_now`,
      [userId, this.config.loginMaxAttempts, this.config.lockoutMinutes],
    );
    const row = result[0][0]; // TypeORM returns [rows, affected] for UPDATE … RETURNING
    if (row)
      return { lockedBefore: null, locksNow: row.locks_now ? new Date(row.locked_until as Date) : null };
    const [current] = (await this.ds.query(`SELECT locked_until FROM app_user WHERE id = $1`, [userId])) as {
      locked_until: Date | null;
    }[];
    // Unlocked between the two statements (lock expired): still refuse this attempt, unchecked.
    return { lockedBefore: new Date(current?.locked_until ?? Date.now()), locksNow: null };
  }

  /** A right password: the failed attempts are forgotten and a lock this session's checks set is lifted. */
  private async clearAttempts(userId: string): Promise<void> {
    await this.ds.query(`UPDATE app_user SET failed_attempts = 0, locked_until = NULL WHERE id = $1`, [
      userId,
    ]);
  }

  async logout(user: Principal, meta: RequestMeta): Promise<void> {
    await this.sessions.revoke(user.sessionId);
    await this.audit.recordQuietly(ownAccountEntry(user, 'logout', meta));
  }

  async changePassword(
    user: Principal,
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
    // A wrong current password counts toward the same lockout as a wrong login.
    const attempt = await this.reserveAttempt(user.id);
    if (attempt.lockedBefore) throw AuthErrors.locked(attempt.lockedBefore);
    if (!(await verifyPassword(row.passwordHash, currentPassword))) {
      await this.audit.recordQuietly(
        ownAccountEntry(user, 'password.change.failed', meta, {
          reason: 'wrong_current_password',
          locked: attempt.locksNow !== null,
        }),
      );
      if (attempt.locksNow) throw AuthErrors.locked(attempt.locksNow);
      throw AuthErrors.wrongCurrentPassword();
    }
    await this.clearAttempts(user.id);
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
      await this.audit.record(ownAccountEntry(user, 'password.change', meta), m);
    });
    this.sessions.invalidate();
  }
}

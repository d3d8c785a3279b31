import { randomInt } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { actorOf } from '../auth/actor';
import type { AuthUser } from '../auth/auth-user';
import { hashPassword } from '../auth/auth.service';
import { AuthErrors } from '../auth/auth.errors';
import { passwordProblems } from '../auth/password-policy';
import { Department } from '../departments/department.entity';
import type { Role } from './role';
import { User } from './user.entity';
import { UserErrors } from './users.errors';

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  departmentId?: string | null;
  password: string;
  /** `password` already hashed (the sample data hashes its accounts in parallel, two at a time). */
  passwordHash?: string;
  mustChangePassword: boolean;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A temporary password that satisfies the policy (shown once to the administrator). */
export function generateTemporaryPassword(length = 16): string {
  let out = '';
  while (passwordProblems(out).length) {
    out = Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    out = `${out.slice(0, 8)}-${out.slice(8)}`;
  }
  return out;
}

/**
 * Login names are unique in the whole deployment, and another council's accounts (or the platform
 * administrators') are not visible here: ask a function that tells whether a name is taken, nothing more.
 */
export async function assertLoginNameFree(m: EntityManager, username: string): Promise<void> {
  const [{ taken }] = (await m.query('SELECT login_name_taken($1) AS taken', [username])) as {
    taken: boolean;
  }[];
  if (taken) throw UserErrors.usernameTaken(username);
}

/** Creates a user inside the given transaction: checks, hashes, inserts. Shared by API, CLI and seeds. */
export async function insertUser(m: EntityManager, input: NewUser): Promise<User> {
  const username = input.username.trim();
  const problems = passwordProblems(input.password, { username });
  if (problems.length) throw AuthErrors.weakPassword(problems);
  if (input.role === 'clerk' && !input.departmentId) throw UserErrors.clerkNeedsDepartment();
  if (input.departmentId) {
    const dept = await m.findOne(Department, { where: { id: input.departmentId } });
    if (!dept || dept.disabled) throw UserErrors.departmentUnknown();
  }
  await assertLoginNameFree(m, username);
  const repo = m.getRepository(User);
  const user = repo.create({
    username,
    displayName: input.displayName.trim(),
    role: input.role,
    departmentId: input.departmentId ?? null,
    passwordHash: input.passwordHash ?? (await hashPassword(input.password)),
    mustChangePassword: input.mustChangePassword,
  });
  return repo.save(user);
}

/**
 * An account created by a person (the users screen, a roster member's account): the initial
 * password, or a generated one returned once; a change forced at first login; the audit entry in
 * the same transaction. `detail` adds to the audit entry (e.g. the roster member it is for).
 */
export async function createAccount(
  m: EntityManager,
  audit: AuditService,
  actor: AuthUser,
  input: Omit<NewUser, 'password' | 'mustChangePassword'> & { initialPassword?: string },
  detail: Record<string, unknown> = {},
): Promise<{ user: User; temporaryPassword?: string }> {
  const temporaryPassword = input.initialPassword ? undefined : generateTemporaryPassword();
  const { initialPassword, ...rest } = input;
  const user = await insertUser(m, {
    ...rest,
    password: initialPassword ?? (temporaryPassword as string),
    mustChangePassword: true,
  });
  await audit.record(
    {
      actor: actorOf(actor),
      action: 'create',
      targetType: 'user',
      targetId: user.id,
      detail: { username: user.username, role: user.role, ...detail },
    },
    m,
  );
  return { user, temporaryPassword };
}

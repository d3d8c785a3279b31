import { randomInt } from 'node:crypto';
import { EntityManager } from 'typeorm';
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
  const taken = await m
    .getRepository(User)
    .createQueryBuilder('u')
    .where('lower(u.username) = lower(:username)', { username })
    .getExists();
  if (taken) throw UserErrors.usernameTaken(username);
  const repo = m.getRepository(User);
  const user = repo.create({
    username,
    displayName: input.displayName.trim(),
    role: input.role,
    departmentId: input.departmentId ?? null,
    passwordHash: await hashPassword(input.password),
    mustChangePassword: input.mustChangePassword,
  });
  return repo.save(user);
}

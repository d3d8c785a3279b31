import type { EntityManager } from 'typeorm';
import { hashPassword } from '../auth/auth.service';
import { AuthErrors } from '../auth/auth.errors';
import { passwordProblems } from '../auth/password-policy';
import { councilIdInContext } from '../database/council-context';
import { PLATFORM_ADMIN } from '../users/role';
import { assertLoginNameFree } from '../users/user-factory';

export interface NewPlatformAdmin {
  username: string;
  displayName: string;
  password: string;
  mustChangePassword: boolean;
}

/**
 * A platform administrator's account: an `app_user` row of no council (role `platformAdmin`), written
 * in a transaction that has no council (its `council_id` default is then NULL, as the table requires
 * for this role and refuses for any other). Same password policy and deployment-wide unique name as
 * every account.
 */
export async function insertPlatformAdmin(
  m: EntityManager,
  input: NewPlatformAdmin,
): Promise<{ id: string }> {
  if (councilIdInContext() !== null) throw new Error('a platform administrator is made outside any council');
  const username = input.username.trim();
  const problems = passwordProblems(input.password, { username });
  if (problems.length) throw AuthErrors.weakPassword(problems);
  await assertLoginNameFree(m, username);
  const [row] = (await m.query(
    `INSERT INTO app_user (username, display_name, role, department_id, password_hash, must_change_password)
     VALUES ($1, $2, $3, NULL, $4, $5) RETURNING id`,
    [
      username,
      input.displayName.trim(),
      PLATFORM_ADMIN,
      await hashPassword(input.password),
      input.mustChangePassword,
    ],
  )) as { id: string }[];
  return { id: row.id };
}

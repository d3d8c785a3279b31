import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEPLOYMENT_HAS_ACCOUNTS } from './1763753000000-tenancy';
import { councilMatch, createCouncilPolicy, createOwnerFunction, replaceOwnerFunction } from './support';

/** The account tables: a platform administrator's account and sessions carry no council. */
const ACCOUNT_TABLES = ['app_user', 'user_session'] as const;

/**
 * The platform administrator (issue 15): an account of no council that manages the councils and
 * nothing inside them. Its rows in `app_user` and `user_session` have `council_id` NULL; the policy
 * of those two tables becomes the audit log's (`IS NOT DISTINCT FROM`): a connection without a
 * council sees the platform's accounts and no council's, a council's connection sees its own only.
 * A check ties the missing council to the role, so a council account can never lose its council.
 *
 * Functions (SECURITY DEFINER, owned by the owner, like `auth_council_of`):
 * - `login_name_taken(login)`: login names are unique in the deployment, platform accounts included
 *   (`auth_council_of` answers NULL both for an unknown name and for a platform account's);
 * - `deployment_has_accounts()` counts council accounts only (a platform account made before the
 *   first council does not end the first-run setup);
 * - `platform_council_counts()`: per council, how many accounts, cases and meetings it has — figures
 *   only, for the platform administrator's list of councils.
 */
export class PlatformAdmin1763753600000 implements MigrationInterface {
  name = 'PlatformAdmin1763753600000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ACCOUNT_TABLES) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN council_id DROP NOT NULL`);
      await q.query(`DROP POLICY council_isolation ON ${table}`);
      await createCouncilPolicy(q, table, councilMatch('council_id', true));
    }
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_role_check,
                   ADD CONSTRAINT app_user_role_check
                   CHECK (role IN ('clerk','secretariat','member','chair','admin','platformAdmin'))`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT ck_app_user_platform_admin
                   CHECK ((council_id IS NULL) = (role = 'platformAdmin'))`);
    await createOwnerFunction(q, {
      name: 'login_name_taken',
      args: 'login text',
      returns: 'boolean',
      body: 'SELECT EXISTS (SELECT 1 FROM app_user WHERE lower(username) = lower(login))',
    });
    await replaceOwnerFunction(q, {
      ...DEPLOYMENT_HAS_ACCOUNTS,
      body: 'SELECT EXISTS (SELECT 1 FROM app_user WHERE council_id IS NOT NULL)',
    });
    await q.query(`
      CREATE FUNCTION platform_council_counts()
        RETURNS TABLE (council_id smallint, users bigint, cases bigint, meetings bigint)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
        AS $$
          SELECT m.id,
                 (SELECT count(*) FROM app_user u WHERE u.council_id = m.id),
                 (SELECT count(*) FROM case_file c WHERE c.council_id = m.id AND c.deleted_at IS NULL),
                 (SELECT count(*) FROM meeting g WHERE g.council_id = m.id)
            FROM municipality m
        $$`);
    await q.query(`REVOKE ALL ON FUNCTION platform_council_counts() FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION platform_council_counts()`);
    await replaceOwnerFunction(q, DEPLOYMENT_HAS_ACCOUNTS);
    await q.query(`DROP FUNCTION login_name_taken(text)`);
    await q.query(`DELETE FROM user_session WHERE council_id IS NULL`);
    await q.query(`DELETE FROM app_user WHERE council_id IS NULL`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT ck_app_user_platform_admin`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_role_check,
                   ADD CONSTRAINT app_user_role_check
                   CHECK (role IN ('clerk','secretariat','member','chair','admin'))`);
    for (const table of ACCOUNT_TABLES) {
      await q.query(`DROP POLICY council_isolation ON ${table}`);
      await createCouncilPolicy(q, table, councilMatch('council_id'));
      await q.query(`ALTER TABLE ${table} ALTER COLUMN council_id SET NOT NULL`);
    }
  }
}

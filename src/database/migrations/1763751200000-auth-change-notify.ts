import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Any change to users, sessions or departments is announced on the `auth_changed` channel when its
 * transaction commits, whoever makes it (an app instance, `npm run user:create`, psql): every app
 * instance then drops its cache of resolved sessions (see src/auth/session-cache.ts). New sessions
 * need no announcement: nothing can have cached them yet.
 */
export class AuthChangeNotify1763751200000 implements MigrationInterface {
  name = 'AuthChangeNotify1763751200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('auth_changed', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER tr_app_user_auth_changed AFTER UPDATE OR DELETE OR TRUNCATE ON app_user
                     FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed()`);
    await q.query(`CREATE TRIGGER tr_user_session_auth_changed AFTER UPDATE OR DELETE OR TRUNCATE ON user_session
                     FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed()`);
    await q.query(`CREATE TRIGGER tr_department_auth_changed AFTER UPDATE OR DELETE OR TRUNCATE ON department
                     FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_department_auth_changed ON department`);
    await q.query(`DROP TRIGGER tr_user_session_auth_changed ON user_session`);
    await q.query(`DROP TRIGGER tr_app_user_auth_changed ON app_user`);
    await q.query(`DROP FUNCTION notify_auth_changed()`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Suspending a council (issue 15): `municipality.state` is `active` or `suspended`
 * (src/platform/council-state-machine.ts), with the reason and time of the last change. While
 * suspended its accounts cannot log in or use their tokens, its portal answers 404 and the scheduled
 * passes skip it; nothing of its data changes. A change to a council's row is announced on
 * `auth_changed` like a change to users, so every instance drops the sessions it has resolved.
 */
export class CouncilSuspension1763754400000 implements MigrationInterface {
  name = 'CouncilSuspension1763754400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE municipality
                     ADD COLUMN state text NOT NULL DEFAULT 'active',
                     ADD COLUMN state_reason text,
                     ADD COLUMN state_changed_at timestamptz,
                     ADD CONSTRAINT ck_municipality_state CHECK (state IN ('active', 'suspended'))`);
    await q.query(`CREATE TRIGGER tr_municipality_auth_changed AFTER UPDATE OR DELETE OR TRUNCATE ON municipality
                     FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_municipality_auth_changed ON municipality`);
    await q.query(`ALTER TABLE municipality DROP CONSTRAINT ck_municipality_state,
                     DROP COLUMN state_changed_at, DROP COLUMN state_reason, DROP COLUMN state`);
  }
}

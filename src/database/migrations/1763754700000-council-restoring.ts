import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A council being restored (issue 15, the single-council restore): `municipality.state` may be
 * `restoring` (src/platform/council-state-machine.ts), and `state_before_restore` remembers the
 * state it came from (set exactly while restoring), so the restore (or the platform administrator,
 * after a restore that died) takes it back there. While restoring its accounts' requests, logins and
 * portal answer 503 and its write transactions are refused (src/database/council-barrier.ts).
 */
export class CouncilRestoring1763754700000 implements MigrationInterface {
  name = 'CouncilRestoring1763754700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE municipality
                     DROP CONSTRAINT ck_municipality_state,
                     ADD COLUMN state_before_restore text,
                     ADD CONSTRAINT ck_municipality_state CHECK (
                       state IN ('active', 'suspended', 'restoring')
                       AND (state = 'restoring') = (state_before_restore IS NOT NULL)
                       AND (state_before_restore IS NULL OR state_before_restore IN ('active', 'suspended')))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE municipality SET state = state_before_restore WHERE state = 'restoring'`);
    await q.query(`ALTER TABLE municipality DROP CONSTRAINT ck_municipality_state,
                     DROP COLUMN state_before_restore,
                     ADD CONSTRAINT ck_municipality_state CHECK (state IN ('active', 'suspended'))`);
  }
}

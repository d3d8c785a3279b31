import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tracked changes of the minutes: an accepted correction keeps the line's text as it was before
 * (the text after is its proposed text), and a member's confirmation keeps when the member last
 * confirmed, so the confirmation screen shows only what changed since.
 */
export class MinutesTrackedChanges1763752500000 implements MigrationInterface {
  name = 'MinutesTrackedChanges1763752500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE minutes_correction ADD COLUMN text_before text`);
    await q.query(`ALTER TABLE minutes_confirmation ADD COLUMN last_confirmed_at timestamptz`);
    await q.query(
      `UPDATE minutes_confirmation SET last_confirmed_at = responded_at WHERE status = 'confirmed'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE minutes_confirmation DROP COLUMN last_confirmed_at`);
    await q.query(`ALTER TABLE minutes_correction DROP COLUMN text_before`);
  }
}

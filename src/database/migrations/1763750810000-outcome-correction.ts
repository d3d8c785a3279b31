import { MigrationInterface, QueryRunner } from 'typeorm';
import { childRowColumns } from './support';

/** The history of corrections of a recorded outcome (before its reply is issued). */
export class OutcomeCorrection1763750810000 implements MigrationInterface {
  name = 'OutcomeCorrection1763750810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agenda_item_correction (
        ${childRowColumns('agenda_item_id', 'agenda_item')},
        from_outcome text NOT NULL,
        to_outcome text NOT NULL,
        before jsonb NOT NULL,
        after jsonb NOT NULL,
        reason text NOT NULL,
        actor_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        actor_name text NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX ix_agenda_item_correction_item ON agenda_item_correction (agenda_item_id, occurred_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agenda_item_correction`);
  }
}

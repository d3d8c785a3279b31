import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Soft delete of cases and attachments: a deleted row stays in the bin (restorable by the
 * secretariat) until the purge job removes it 30 days later.
 */
export class SoftDelete1763750700000 implements MigrationInterface {
  name = 'SoftDelete1763750700000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['case_file', 'case_attachment']) {
      await q.query(`
        ALTER TABLE ${table}
          ADD COLUMN deleted_at timestamptz,
          ADD COLUMN deleted_by_id uuid REFERENCES app_user(id) ON DELETE SET NULL`);
      // The bin and the purge read only the (few) deleted rows.
      await q.query(`CREATE INDEX ix_${table}_deleted ON ${table} (deleted_at) WHERE deleted_at IS NOT NULL`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['case_attachment', 'case_file']) {
      await q.query(`DROP INDEX ix_${table}_deleted`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN deleted_by_id, DROP COLUMN deleted_at`);
    }
  }
}

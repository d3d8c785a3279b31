import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Past records brought in by the history import: each imported meeting, case, reply and minutes
 * carries its stable external key (`<source>/<kind>/<original number>`), unique per table, and a
 * digest of what was imported, so a second import of the same file changes nothing.
 */
export class HistoryImport1763752900000 implements MigrationInterface {
  name = 'HistoryImport1763752900000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['meeting', 'case_file', 'reply', 'minutes']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN imported_from text, ADD COLUMN imported_digest text`);
      await q.query(
        `CREATE UNIQUE INDEX ux_${table}_imported_from ON ${table} (imported_from) WHERE imported_from IS NOT NULL`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['meeting', 'case_file', 'reply', 'minutes'])
      await q.query(`ALTER TABLE ${table} DROP COLUMN imported_from, DROP COLUMN imported_digest`);
  }
}

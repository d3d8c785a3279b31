import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search text and n-grams of a case move to their own table. In case_file, every update of a
 * case (a save, a status change, a number) wrote a new row version and with it every n-gram of the
 * case into the GIN index again, and a save wrote the row twice (content, then search text): the
 * largest cost of a save. In case_search the n-grams are written only when the text changed.
 */
export class CaseSearch1763751300000 implements MigrationInterface {
  name = 'CaseSearch1763751300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_search (
        case_id uuid PRIMARY KEY REFERENCES case_file(id) ON DELETE CASCADE,
        search_text text NOT NULL DEFAULT '',
        search_grams text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`INSERT INTO case_search (case_id, search_text, search_grams)
                   SELECT id, search_text, search_grams FROM case_file`);
    await q.query(`CREATE INDEX ix_case_search_grams ON case_search USING gin (search_grams)`);
    await q.query(`ALTER TABLE case_file DROP COLUMN search_text, DROP COLUMN search_grams`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_file ADD COLUMN search_text text NOT NULL DEFAULT '',
                                         ADD COLUMN search_grams text[] NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE case_file c SET search_text = s.search_text, search_grams = s.search_grams
                     FROM case_search s WHERE s.case_id = c.id`);
    await q.query(`CREATE INDEX ix_case_file_search_grams ON case_file USING gin (search_grams)`);
    await q.query(`DROP TABLE case_search`);
  }
}

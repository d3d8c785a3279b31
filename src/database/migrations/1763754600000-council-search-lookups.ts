import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case searches with many councils (issue 15): the pages a search reads should be its council's
 * own. A search first walks the council's newest cases and checks each one's text; with 100
 * councils a search of a council not asked for a while read ~300 pages outside the shared
 * buffers where 10 councils kept them all cached (median 10 → 21 ms):
 * - the walk read every case row for its status (the secretariat sees no drafts): the index now
 *   carries the status, so the walk is index-only;
 * - each text was found through the primary key of case_search, whose random uuids spread a
 *   council's thousand cases over every leaf page of all councils: an index on (council, case)
 *   keeps a council's entries on a few pages (the search asks for both columns);
 * - a page's articles (法令等の根拠) were found through case_legal_basis's primary key, on as many
 *   pages as rows: by (council, case) PostgreSQL takes the policy's council condition as the
 *   index condition (lists benefit too).
 */
export class CouncilSearchLookups1763754600000 implements MigrationInterface {
  name = 'CouncilSearchLookups1763754600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX ix_case_file_council_live_updated_status ON case_file (council_id, updated_at DESC, id)
        INCLUDE (status) WHERE deleted_at IS NULL`,
    );
    await q.query(`DROP INDEX ix_case_file_council_live_updated`);
    await q.query(
      `ALTER INDEX ix_case_file_council_live_updated_status RENAME TO ix_case_file_council_live_updated`,
    );
    await q.query(`CREATE INDEX ix_case_search_council_case ON case_search (council_id, case_id)`);
    await q.query(`CREATE INDEX ix_case_legal_basis_council_case ON case_legal_basis (council_id, case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_case_legal_basis_council_case`);
    await q.query(`DROP INDEX ix_case_search_council_case`);
    await q.query(`DROP INDEX ix_case_file_council_live_updated`);
    await q.query(
      `CREATE INDEX ix_case_file_council_live_updated ON case_file (council_id, updated_at DESC, id)
        WHERE deleted_at IS NULL`,
    );
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { CASE_SEARCH_CANDIDATES, createOwnerFunction } from './support';

/**
 * Case lists and searches with many councils in one deployment (issue 15). Row-level security adds
 * `council_id = nullif(current_setting('app.council_id', true), '')::smallint` to every query
 * (a STABLE expression: usable as an index condition), so each list and search path needs an index
 * that starts with council_id; otherwise the secretariat's newest-first page walks every council's
 * cases and skips the others' rows, and the n-gram index returns the matches of every council.
 */
export class CouncilListIndexes1763754100000 implements MigrationInterface {
  name = 'CouncilListIndexes1763754100000';

  async up(q: QueryRunner): Promise<void> {
    // The secretariat's list (status <> 'draft'), newest first, and its count (index-only).
    await q.query(
      `CREATE INDEX ix_case_file_council_live_updated ON case_file (council_id, updated_at DESC, id)
        WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX ix_case_file_council_live_status ON case_file (council_id, status) WHERE deleted_at IS NULL`,
    );
    // A clerk's list: the department's cases, with the council first so the count stays index-only.
    await q.query(`DROP INDEX ix_case_file_live_department_status`);
    await q.query(`DROP INDEX ix_case_file_live_department_updated`);
    await q.query(
      `CREATE INDEX ix_case_file_live_department_status ON case_file (council_id, department_id, status)
        WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX ix_case_file_live_department_updated ON case_file (council_id, department_id, updated_at DESC, id)
        WHERE deleted_at IS NULL`,
    );
    // The search's n-grams per council (btree_gin, already used by the public search).
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await q.query(`DROP INDEX ix_case_search_grams`);
    await q.query(`CREATE INDEX ix_case_search_grams ON case_search USING gin (council_id, search_grams)`);
    // Under row-level security a condition that is not LEAKPROOF (array `@>` is not) may not run before
    // the policy, so it can never be an index condition: the application role's search read every
    // case of the council. This function (the owner's, bypassing the policy) applies the policy's own
    // condition itself and lets the n-gram index find the candidates of the connection's council only.
    await createOwnerFunction(q, CASE_SEARCH_CANDIDATES);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION case_search_candidates(text[])`);
    await q.query(`DROP INDEX ix_case_search_grams`);
    await q.query(`CREATE INDEX ix_case_search_grams ON case_search USING gin (search_grams)`);
    await q.query(`DROP INDEX ix_case_file_live_department_updated`);
    await q.query(`DROP INDEX ix_case_file_live_department_status`);
    await q.query(
      `CREATE INDEX ix_case_file_live_department_status ON case_file (department_id, status) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX ix_case_file_live_department_updated ON case_file (department_id, updated_at DESC, id)
        WHERE deleted_at IS NULL`,
    );
    await q.query(`DROP INDEX ix_case_file_council_live_status`);
    await q.query(`DROP INDEX ix_case_file_council_live_updated`);
  }
}

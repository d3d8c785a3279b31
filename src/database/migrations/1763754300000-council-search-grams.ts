import { MigrationInterface, QueryRunner } from 'typeorm';
import { CASE_SEARCH_CANDIDATES, caseSearchFunction, COUNCIL_SETTING, createOwnerFunction } from './support';

/**
 * Case searches with many councils (issue 15). The n-gram index (council_id, search_grams) keeps
 * one posting list per n-gram for all councils together: a search of one council read the postings
 * of every council's cases having its n-grams (councils using the same words: every one), so its
 * cost grew with the number of councils. Indexing each n-gram prefixed with its council
 * (`42:緑化`) gives every council its own posting lists.
 *
 * And the candidates are now confirmed inside the function (every term a substring of the text):
 * given only the candidates, PostgreSQL joined them to the whole council's search texts and read
 * every text (a thousand TOASTed texts for a search that matches twenty).
 */
export class CouncilSearchGrams1763754300000 implements MigrationInterface {
  name = 'CouncilSearchGrams1763754300000';

  async up(q: QueryRunner): Promise<void> {
    // A space never occurs in an n-gram (ngrams() splits on it): `<council> <gram>` is unambiguous.
    await q.query(`
      CREATE FUNCTION case_search_council_grams(council smallint, grams text[]) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
        AS $$ SELECT array(SELECT council::text || ' ' || g FROM unnest(grams) g) $$`);
    await q.query(`DROP INDEX ix_case_search_grams`);
    await q.query(
      `CREATE INDEX ix_case_search_grams ON case_search USING gin (case_search_council_grams(council_id, search_grams))`,
    );
    await q.query(`DROP FUNCTION case_search_candidates(text[])`);
    // The owner's function (bypassing the policy, as before): the council is the connection's
    // setting, read inside; a connection without one finds nothing.
    await createOwnerFunction(
      q,
      caseSearchFunction({
        name: 'case_search_matches',
        args: 'grams text[], terms text[]',
        condition: `case_search_council_grams(s.council_id, s.search_grams)
                     @> case_search_council_grams(${COUNCIL_SETTING}, grams)
                 AND (SELECT bool_and(strpos(s.search_text, t) > 0) FROM unnest(terms) t)`,
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION case_search_matches(text[], text[])`);
    await q.query(`DROP INDEX ix_case_search_grams`);
    await q.query(`DROP FUNCTION case_search_council_grams(smallint, text[])`);
    await q.query(`CREATE INDEX ix_case_search_grams ON case_search USING gin (council_id, search_grams)`);
    await createOwnerFunction(q, CASE_SEARCH_CANDIDATES);
  }
}

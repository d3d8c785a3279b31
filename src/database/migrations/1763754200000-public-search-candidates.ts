import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public search's bigram index under row-level security (issue 19, point 5). `@>` on arrays is
 * not LEAKPROOF, so under the policy it can never be an index condition: the application role's
 * search read the GIN by council and role alone and tested every bigram on the heap (12,440 blocks
 * for one two-word query against 373 as the owner). As `case_search_candidates` does for the case
 * search, these functions (the owner's, so the policy does not apply inside) apply the policy's
 * condition themselves, taking the council from the connection's setting (never from an argument),
 * and return the ids of the lines whose bigrams contain `grams`: the council, the speaker role and
 * the bigrams all in one GIN scan. The search joins those ids under the policy as before.
 */
export class PublicSearchCandidates1763754200000 implements MigrationInterface {
  name = 'PublicSearchCandidates1763754200000';

  async up(q: QueryRunner): Promise<void> {
    const council = `nullif(current_setting('app.council_id', true), '')::smallint`;
    // Two functions rather than an optional role: a `role IS NULL OR …` condition could not narrow
    // inside the index in a generic plan.
    await q.query(`
      CREATE FUNCTION public_search_candidates(grams text[]) RETURNS TABLE (line_id bigint)
        LANGUAGE sql STABLE SECURITY DEFINER ROWS 100 SET search_path = public, pg_temp
        AS $$ SELECT l.id FROM public_search_line l
               WHERE l.council_id = ${council} AND l.bigrams @> grams $$`);
    await q.query(`
      CREATE FUNCTION public_search_candidates(grams text[], role text) RETURNS TABLE (line_id bigint)
        LANGUAGE sql STABLE SECURITY DEFINER ROWS 100 SET search_path = public, pg_temp
        AS $$ SELECT l.id FROM public_search_line l
               WHERE l.council_id = ${council} AND l.speaker_role = role AND l.bigrams @> grams $$`);
    await q.query(`REVOKE ALL ON FUNCTION public_search_candidates(text[]) FROM PUBLIC`);
    await q.query(`REVOKE ALL ON FUNCTION public_search_candidates(text[], text) FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION public_search_candidates(text[], text)`);
    await q.query(`DROP FUNCTION public_search_candidates(text[])`);
  }
}

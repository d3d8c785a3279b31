import { MigrationInterface, QueryRunner } from 'typeorm';
import { COUNCIL_SETTING, createOwnerFunction, type OwnerFunction } from './support';

/**
 * `public_search_candidates(grams)` and `public_search_candidates(grams, role)` as made here
 * (1763754500000 gives them new bodies; its down puts these back). Two functions rather than an optional
 * role: a `role IS NULL OR …` condition could not narrow inside the index in a generic plan.
 */
export const PUBLIC_SEARCH_CANDIDATES: OwnerFunction[] = [
  {
    name: 'public_search_candidates',
    args: 'grams text[]',
    returns: 'TABLE (line_id bigint)',
    rows: 100,
    body: `SELECT l.id FROM public_search_line l
               WHERE l.council_id = ${COUNCIL_SETTING} AND l.bigrams @> grams`,
  },
  {
    name: 'public_search_candidates',
    args: 'grams text[], role text',
    returns: 'TABLE (line_id bigint)',
    rows: 100,
    body: `SELECT l.id FROM public_search_line l
               WHERE l.council_id = ${COUNCIL_SETTING} AND l.speaker_role = role AND l.bigrams @> grams`,
  },
];

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
    for (const f of PUBLIC_SEARCH_CANDIDATES) await createOwnerFunction(q, f);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION public_search_candidates(text[], text)`);
    await q.query(`DROP FUNCTION public_search_candidates(text[])`);
  }
}

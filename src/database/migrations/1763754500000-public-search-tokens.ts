import { MigrationInterface, QueryRunner } from 'typeorm';
import { PUBLIC_SEARCH_CANDIDATES } from './1763754200000-public-search-candidates';
import { COUNCIL_SETTING, createOwnerFunction, replaceOwnerFunction } from './support';

/**
 * The public search's index keyed by council and speaker role (issue 19, point 5). The GIN over
 * (council, role, bigrams) intersected, for every query, the posting list of the whole council
 * (every line), of the role (a quarter) and of each bigram: about 150,000 entries decoded for a
 * two-word query that matches 377 lines. Its keys are now tokens that carry the council and the
 * role: `<council>:<bigram>` for every line and `<council>:<role>:<bigram>` for a line with a
 * speaker role (a bigram is exactly two characters, so the two kinds never meet), in a GIN over an
 * expression of the columns publication writes already. A two-word query with a role reads two
 * posting lists of a few thousand entries.
 *
 * `public_search_matches(grams[, role])` (SECURITY DEFINER, as `public_search_candidates`: the
 * council comes from the connection's `app.council_id`, never from an argument) returns the
 * candidate lines with what the exact check, the filters and the order need (not the text shown),
 * so the search reads each candidate once; it then reads the page's lines (≤ 100) by id under the
 * policy. `public_search_candidates` keeps its signatures and answers, through the new index.
 */
export class PublicSearchTokens1763754500000 implements MigrationInterface {
  name = 'PublicSearchTokens1763754500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION public_search_tokens(council smallint, role text, grams text[]) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT ARRAY(SELECT council::text || ':' || g FROM unnest(grams) g)
                  || CASE WHEN role IS NULL THEN '{}'::text[]
                          ELSE ARRAY(SELECT council::text || ':' || role || ':' || g FROM unnest(grams) g) END $$`);
    // A small pending list (fastupdate, 512 kB instead of 4 MB): a publication's lines are merged
    // into the index in batches, yet a search never scans megabytes of not-yet-merged entries after a
    // burst of publications (the bench: 790 buffers a query instead of 380 until a vacuum merged them;
    // without any pending list, indexing a publication took four times as long).
    await q.query(
      `CREATE INDEX ix_public_search_line_tokens ON public_search_line
         USING gin (public_search_tokens(council_id, speaker_role, bigrams)) WITH (gin_pending_list_limit = 512)`,
    );
    // The tokens a query's bigrams must all have in the connection's council (with the role, if any).
    const wanted = (role: string) =>
      `ARRAY(SELECT ${COUNCIL_SETTING}::text || ':' || ${role} g FROM unnest(grams) g)`;
    await createOwnerFunction(q, {
      name: 'public_search_matches',
      args: 'grams text[], role text DEFAULT NULL',
      returns: `TABLE (id bigint, doc_kind text, meeting_id uuid, reply_id uuid, meeting_number integer,
                       line_no integer, held_on date, speaker_role text, item_kind text, outcome text,
                       legal_bases text[], norm text)`,
      rows: 400,
      body: `SELECT l.id, l.doc_kind, l.meeting_id, l.reply_id, l.meeting_number, l.line_no, l.held_on,
                     l.speaker_role, l.item_kind, l.outcome, l.legal_bases, l.norm
                FROM public_search_line l
               WHERE public_search_tokens(l.council_id, l.speaker_role, l.bigrams)
                       @> ${wanted(`coalesce(role || ':', '') ||`)}
                 AND l.council_id = ${COUNCIL_SETTING} AND (role IS NULL OR l.speaker_role = role)`,
    });
    const [anyRole, oneRole] = PUBLIC_SEARCH_CANDIDATES;
    await replaceOwnerFunction(q, {
      ...anyRole,
      body: `SELECT l.id FROM public_search_line l
               WHERE public_search_tokens(l.council_id, l.speaker_role, l.bigrams) @> ${wanted('')}
                 AND l.council_id = ${COUNCIL_SETTING}`,
    });
    await replaceOwnerFunction(q, {
      ...oneRole,
      body: `SELECT l.id FROM public_search_line l
               WHERE public_search_tokens(l.council_id, l.speaker_role, l.bigrams) @> ${wanted(`role || ':' ||`)}
                 AND l.council_id = ${COUNCIL_SETTING} AND l.speaker_role = role`,
    });
    await q.query(`DROP INDEX ix_public_search_line_bigrams`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX ix_public_search_line_bigrams ON public_search_line USING gin (council_id, speaker_role, bigrams)`,
    );
    for (const f of PUBLIC_SEARCH_CANDIDATES) await replaceOwnerFunction(q, f);
    await q.query(`DROP FUNCTION public_search_matches(text[], text)`);
    await q.query(`DROP INDEX ix_public_search_line_tokens`);
    await q.query(`DROP FUNCTION public_search_tokens(smallint, text, text[])`);
  }
}

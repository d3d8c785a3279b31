import type { EntityManager } from 'typeorm';
import { formatWareki } from '../../common/format/wareki';
import type {
  PublicSearchHitDto,
  PublicSearchQueryDto,
  PublicSearchResultDto,
} from '../dto/public-search.dto';
import type { PublicCouncil } from '../public-council';
import type { IndexRow } from './public-search-index';
import { expandQuery, parseQuery, parseRange } from './search-query';
import { bigrams, highlight, markedHtml, type Segment } from './search-text';
import { cachedSynonyms } from './synonyms';

export const DEFAULT_PER_PAGE = 20;

type Row = Pick<
  IndexRow,
  | 'doc_kind'
  | 'meeting_id'
  | 'reply_id'
  | 'meeting_number'
  | 'line_no'
  | 'held_on'
  | 'speaker_role'
  | 'item_label'
  | 'item_kind'
  | 'outcome'
  | 'doc_title'
  | 'text'
  | 'context_before'
  | 'context_after'
> & { total: string };

export type SearchHit = PublicSearchHitDto & { segments: Segment[] };

const warekiOfDay = new Map<string, string>();

/** `formatWareki` of a day (YYYY-MM-DD), remembered: a page shows a few days, Intl is slow. */
function warekiDay(day: string): string {
  let w = warekiOfDay.get(day);
  if (w === undefined) {
    if (warekiOfDay.size >= 10_000) warekiOfDay.clear();
    w = formatWareki(day);
    warekiOfDay.set(day, w);
  }
  return w;
}

/** Where a line opens: the minutes at that line, or the 答申 at that section. */
export function lineUrl(
  slug: string,
  r: Pick<Row, 'doc_kind' | 'meeting_id' | 'reply_id' | 'line_no'>,
): string {
  return r.doc_kind === 'minutes'
    ? `/public/${slug}/minutes/${r.meeting_id}#line-${r.line_no}`
    : `/public/${slug}/replies/${r.reply_id}#section-${r.line_no}`;
}

/** At most this many index lookups for one query's combinations of alternatives (OR, related words). */
export const MAX_CANDIDATE_CALLS = 8;

/**
 * The bigram lookups that find a query's candidate lines: a list of sets, each a union of lookups
 * (each lookup: bigrams a line must all contain), every set must hold the line. One lookup per
 * combination of the groups' alternatives, so a plain AND query is one GIN scan over all its words'
 * bigrams; when the combinations are too many, one set per group instead. A group with a word of
 * one character (no bigram) cannot narrow and is left to the exact check.
 */
export function candidateSets(groups: string[][]): string[][][] {
  const usable = groups
    .map((group) => group.map((w) => bigrams(w)))
    .filter((group) => group.length > 0 && group.every((b) => b.length > 0));
  if (!usable.length) return [];
  const combinations = usable.reduce((n, group) => n * group.length, 1);
  if (combinations > MAX_CANDIDATE_CALLS) return usable;
  let combined: string[][] = [[]];
  for (const group of usable)
    combined = combined.flatMap((prefix) => group.map((b) => [...new Set([...prefix, ...b])]));
  return [combined];
}

/** The one statement a search runs (the bench explains it as it is). */
export function searchStatement(councilId: number, input: PublicSearchQueryDto, synonyms: string[][]) {
  const parsed = parseQuery(input.q ?? '');
  const range = parseRange(input.from, input.to);
  const q = expandQuery(parsed, synonyms, input.related !== 'false');
  const params: unknown[] = [councilId];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // The bigram index finds the candidates through public_search_matches (migration 1763754500000):
  // under row-level security `@>` cannot be an index condition. The exact check below decides.
  const role = input.role ? p(input.role) : null;
  const call = (grams: string[]) => `public_search_matches(${p(grams)}::text[]${role ? `, ${role}` : ''})`;
  const [first, ...more] = candidateSets(q.all);
  const where: string[] = [];
  // Lines the first set finds (the candidates' columns the check, the filters and the order need,
  // read once); a line two alternatives find is one line (UNION).
  const from = first
    ? first.length === 1
      ? `${call(first[0])} c`
      : `(${first.map((g) => `SELECT * FROM ${call(g)}`).join(' UNION ')}) c`
    : null;
  for (const set of more) {
    // An array, not `IN (…)`: as a join it took a nested loop of one index descent per line.
    const ids = set.map((g) => `SELECT id FROM ${call(g)}`).join(' UNION ALL ');
    where.push(`id = ANY (ARRAY(${ids}))`);
  }
  for (const group of q.all) where.push(`(${group.map((w) => `strpos(norm, ${p(w)}) > 0`).join(' OR ')})`);
  for (const w of q.none) where.push(`strpos(norm, ${p(w)}) = 0`);
  if (range.from) where.push(`held_on >= ${p(range.from)}::date`);
  if (range.to) where.push(`held_on <= ${p(range.to)}::date`);
  if (input.meeting) where.push(`meeting_number = ${p(input.meeting)}`);
  if (input.itemKind) where.push(`item_kind = ${p(input.itemKind)}`);
  if (input.outcome) where.push(`outcome = ${p(input.outcome)}`);
  if (input.legalBasis) where.push(`${p(input.legalBasis)} = ANY (legal_bases)`);
  if (input.role) where.push(`speaker_role = ${p(input.role)}`);
  if (input.doc) where.push(`doc_kind = ${p(input.doc)}`);
  const relevance = q.words.length
    ? q.words
        .map((w) => `(length(norm) - length(replace(norm, ${p(w)}, ''))) / ${p(w.length)}::int`)
        .join(' + ')
    : '0';
  const byRelevance = input.sort !== 'date' && q.words.length > 0;
  const order = (t: string, rel: string) =>
    `${byRelevance ? `${rel} DESC, ` : ''}${t}held_on DESC, ${t}doc_kind, ${t}meeting_id, ${t}reply_id, ${t}line_no`;
  const perPage = input.perPage ?? DEFAULT_PER_PAGE;
  const page = input.page ?? 1;
  const limit = `LIMIT ${p(perPage)} OFFSET ${p((page - 1) * perPage)}`;
  const shown = (t: string) =>
    `${t}doc_kind, ${t}meeting_id, ${t}reply_id, ${t}meeting_number, ${t}line_no, ${t}held_on::text AS held_on,
     ${t}speaker_role, ${t}item_label, ${t}item_kind, ${t}outcome, ${t}doc_title, ${t}text, ${t}context_before,
     ${t}context_after`;
  const sql = from
    ? // The page's lines (≤ 100) by id under the policy, in the order of the candidates.
      `SELECT ${shown('l.')}, h.total
       FROM (SELECT id, ${relevance} AS relevance, held_on, doc_kind, meeting_id, reply_id, line_no,
                    count(*) OVER () AS total
               FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
              ORDER BY ${order('', 'relevance')} ${limit}) h
       JOIN public_search_line l ON l.id = h.id AND l.council_id = $1
      ORDER BY ${order('h.', 'h.relevance')}`
    : `SELECT ${shown('')}, count(*) OVER () AS total
       FROM public_search_line WHERE ${['council_id = $1', ...where].join(' AND ')}
      ORDER BY ${order('', relevance)} ${limit}`;
  return { sql, params, q, page, perPage };
}

/**
 * Speech-level search over the index publication wrote: every word group must occur (through the
 * bigram GIN index, then checked on the normalised text), no excluded word may, and the filters
 * narrow by period, meeting, item, outcome, legal basis and speaker role.
 */
export async function searchPublic(
  m: EntityManager,
  council: PublicCouncil,
  input: PublicSearchQueryDto,
): Promise<Omit<PublicSearchResultDto, 'hits'> & { hits: SearchHit[] }> {
  const synonyms = input.related === 'false' ? [] : await cachedSynonyms(m, council.id);
  const { sql, params, q, page, perPage } = searchStatement(council.id, input, synonyms);
  const rows: Row[] = await m.query(sql, params);
  const total = rows.length ? Number(rows[0].total) : 0;
  return {
    total,
    page,
    perPage,
    pages: Math.ceil(total / perPage),
    words: q.words,
    hits: rows.map((r) => {
      const segments = highlight(r.text, q.words);
      return {
        kind: r.doc_kind,
        docTitle: r.doc_title,
        meetingNumber: r.meeting_number,
        date: r.held_on,
        dateWareki: warekiDay(r.held_on),
        itemLabel: r.item_label,
        itemKind: r.item_kind,
        outcome: r.outcome,
        speakerRole: r.speaker_role,
        lineNo: r.line_no,
        text: r.text,
        marked: markedHtml(segments),
        segments,
        contextBefore: r.context_before,
        contextAfter: r.context_after,
        url: lineUrl(council.slug, r),
      };
    }),
  };
}

import { createHash } from 'node:crypto';
import type { CaseAggregate } from './case-aggregate';

/*
 * Japanese full-text search, by choice an n-gram index the application builds itself.
 *
 * - PostgreSQL's text-search parsers split on spaces and punctuation; Japanese has neither between
 *   words, so to_tsvector('simple', '屋上等緑化の推進') is a single lexeme and 緑化 never matches.
 * - pg_trgm would work, but it treats non-ASCII characters as word characters only when the
 *   database's LC_CTYPE is UTF-8 aware; under the C locale (the embedded PostgreSQL and many
 *   managed services) Japanese text yields no trigrams at all.
 * - Extensions such as pg_bigm or PGroonga are not available everywhere we deploy.
 *
 * So each save stores the normalised text (NFKC, lower case, whitespace collapsed) and its
 * unigrams and bigrams in a text[] column with a GIN index. A query is normalised the same way;
 * `search_grams @> query_grams` finds candidates through the index (works in any locale and
 * needs no extension), and `strpos(search_text, term) > 0` confirms the exact substring, so a
 * query never matches on scattered bigrams.
 */

export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Unigrams and bigrams of the text (spaces excluded), deduplicated. */
export function ngrams(normalized: string): string[] {
  const out = new Set<string>();
  for (const chunk of normalized.split(' ')) {
    const chars = [...chunk];
    for (let i = 0; i < chars.length; i++) {
      out.add(chars[i]);
      if (i + 1 < chars.length) out.add(chars[i] + chars[i + 1]);
    }
  }
  return [...out];
}

/** The grams a query term must all have (bigrams, or the character itself for a one-character term). */
export function queryGrams(term: string): string[] {
  const chars = [...term];
  if (chars.length === 1) return chars;
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return [...out];
}

/** Terms of a query: split on whitespace (全角 included by NFKC), each must occur. */
export function searchTerms(query: string): string[] {
  return normalizeForSearch(query)
    .split(' ')
    .filter((t) => t.length > 0)
    .slice(0, 10);
}

/** What a case is found by: title, overview and the texts of its sections. */
export function searchableText(c: CaseAggregate): string {
  const parts: string[] = [c.title, ...Object.values(c.overview), c.retroactiveReason, c.relatedNote];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  for (const s of c.sections) {
    const { clauseSetVersionId: _ignored, itemKeys: _keys, ...fields } = s.fields;
    collect(fields);
  }
  parts.push(c.securityMeasuresIntro, ...c.securityMeasures);
  for (const col of c.items.columns) parts.push(col.label);
  for (const r of c.items.rows) parts.push(r.departmentBusiness, r.procedureName, r.otherItems, r.note);
  return normalizeForSearch(parts.filter(Boolean).join(' '));
}

/** md5 of the text as PostgreSQL's md5() computes it: tells a save whether the text changed. */
export function searchDigest(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

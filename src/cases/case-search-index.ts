import type { EntityManager } from 'typeorm';
import { loadCaseAggregate, type CaseAggregate } from './case-aggregate';
import { ngrams, searchableText, searchDigest } from './search-text';

/**
 * Brings the search index (case_search: derived, no version) of one case up to date from what is
 * stored, and answers the case as loaded (null: no such case). Every writer goes through it: the
 * case editor's save, the sample data, imports. Given the digest of the indexed text, the n-grams
 * are written only when the text changed: each write re-indexes every n-gram of the case in the GIN
 * index, the largest cost of a save.
 */
export async function indexCaseSearch(
  m: EntityManager,
  caseId: string,
  storedDigest: string | null = null,
): Promise<CaseAggregate | null> {
  const c = await loadCaseAggregate(m, caseId);
  if (!c) return null;
  const text = searchableText(c);
  if (searchDigest(text) !== storedDigest)
    await m.query(
      `INSERT INTO case_search (case_id, search_text, search_grams) VALUES ($1, $2, $3)
       ON CONFLICT (case_id) DO UPDATE SET search_text = excluded.search_text, search_grams = excluded.search_grams`,
      [caseId, text, ngrams(text)],
    );
  return c;
}

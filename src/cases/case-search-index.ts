import type { EntityManager } from 'typeorm';
import { loadCaseAggregate } from './case-aggregate';
import { ngrams, searchableText } from './search-text';

/**
 * Brings the search index (case_search) of one case up to date from what is stored. For writers
 * outside the case editor (sample data, imports); the editor's save refreshes it in the same way.
 */
export async function indexCaseSearch(m: EntityManager, caseId: string): Promise<void> {
  const c = await loadCaseAggregate(m, caseId);
  if (!c) return;
  const text = searchableText(c);
  await m.query(
    `INSERT INTO case_search (case_id, search_text, search_grams) VALUES ($1, $2, $3)
     ON CONFLICT (case_id) DO UPDATE SET search_text = excluded.search_text, search_grams = excluded.search_grams`,
    [caseId, text, ngrams(text)],
  );
}

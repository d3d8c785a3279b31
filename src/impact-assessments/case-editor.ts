import type { EntityManager } from 'typeorm';

/**
 * Where a case is edited when it is an assessment review, or null for an ordinary case file: a review
 * has no 諮問事案書 content, its facts and 評価書 are edited on the assessment's own screen.
 */
export async function assessmentEditorPath(m: EntityManager, caseId: string): Promise<string | null> {
  const rows: unknown[] = await m.query(`SELECT 1 FROM impact_assessment WHERE case_id = $1`, [caseId]);
  return rows.length ? `/impact-assessments/${caseId}/edit` : null;
}

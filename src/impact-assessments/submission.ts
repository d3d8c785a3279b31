import type { EntityManager } from 'typeorm';
import type { FieldError } from '../common/errors/app-error';

/**
 * What stops an assessment review from being submitted, or null when the case is no review (the
 * case file's own rules apply then). A review has no 条例の根拠 or 別紙: its content is the facts of
 * the assessment, validated when entered, and the 評価書 itself, which must be attached.
 */
export async function assessmentSubmissionProblems(
  m: EntityManager,
  caseId: string,
): Promise<FieldError[] | null> {
  const [row]: { documents: number; contact: string; contactName: string; extension: string }[] =
    await m.query(
      `SELECT (SELECT count(*)::int FROM case_attachment x WHERE x.case_id = a.case_id AND x.deleted_at IS NULL) AS documents,
            f.section_name AS contact, f.contact_name AS "contactName", f.extension
       FROM impact_assessment a JOIN case_file f ON f.id = a.case_id WHERE a.case_id = $1`,
      [caseId],
    );
  if (!row) return null;
  const problems: FieldError[] = [];
  if (row.documents === 0)
    problems.push({ field: 'file', messages: ['評価書（PDF・Word・Excel）を添付してください'] });
  if (!row.contact.trim())
    problems.push({ field: 'contact.sectionName', messages: ['「担当係」を入力してください'] });
  if (!row.contactName.trim())
    problems.push({ field: 'contact.contactName', messages: ['「担当者」を入力してください'] });
  if (!row.extension.trim())
    problems.push({ field: 'contact.extension', messages: ['「内線」を入力してください'] });
  return problems;
}

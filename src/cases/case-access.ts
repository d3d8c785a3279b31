import type { AuthUser } from '../auth/auth-user';
import { AppError } from '../common/errors/app-error';

export interface CaseOwnership {
  departmentId: string;
  status: string;
}

/** Not found, whether it does not exist or the user may not see it (no existence leak). */
export const caseNotFound = () => new AppError('CASE_NOT_FOUND', 404, '指定された事案は見つかりません。');

/*
 * Who may SEE a case is decided in one place only: `case-access-policy.ts` (CaseAccessPolicy).
 */

/** Content edits: only the owning department's clerks. The workflow decides in which states. */
export function canEditCaseContent(user: AuthUser, c: CaseOwnership): boolean {
  return user.role === 'clerk' && user.departmentId === c.departmentId;
}

import type { AuthUser } from '../auth/auth-user';
import { notFoundError } from '../common/errors/app-error';

export interface CaseOwnership {
  departmentId: string;
  status: string;
}

/** Not found, whether it does not exist or the user may not see it (no existence leak). */
export const caseNotFound = () => notFoundError('CASE_NOT_FOUND', '事案');

/*
 * Who may SEE a case is decided in one place only: `case-access-policy.ts` (CaseAccessPolicy).
 */

/** Content edits: only the owning department's clerks. The workflow decides in which states. */
export function canEditCaseContent(user: AuthUser, c: CaseOwnership): boolean {
  return user.role === 'clerk' && user.departmentId === c.departmentId;
}

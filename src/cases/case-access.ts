import type { AuthUser } from '../auth/auth-user';
import { AppError } from '../common/errors/app-error';

export interface CaseOwnership {
  departmentId: string;
  status: string;
}

/** Not found, whether it does not exist or the user may not see it (no existence leak). */
export const caseNotFound = () => new AppError('CASE_NOT_FOUND', 404, '指定された事案は見つかりません。');

/**
 * Who may see a case. Clerks: their own department's cases. Secretariat: every case once
 * submitted (drafts belong to the department). Members and the chair: cases put to the
 * council (scheduled or later); the meetings feature narrows this to the meetings they attend.
 * Admins manage the system, not council business.
 */
export function canViewCase(user: AuthUser, c: CaseOwnership): boolean {
  switch (user.role) {
    case 'clerk':
      return user.departmentId === c.departmentId;
    case 'secretariat':
      return c.status !== 'draft';
    case 'member':
    case 'chair':
      return !['draft', 'submitted', 'sentBack', 'accepted'].includes(c.status);
    default:
      return false;
  }
}

/** Content edits: only the owning department's clerks. The workflow decides in which states. */
export function canEditCaseContent(user: AuthUser, c: CaseOwnership): boolean {
  return user.role === 'clerk' && user.departmentId === c.departmentId;
}

export function assertCanView(
  user: AuthUser,
  c: CaseOwnership | null | undefined,
): asserts c is CaseOwnership {
  if (!c || !canViewCase(user, c)) throw caseNotFound();
}

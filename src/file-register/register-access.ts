import type { AuthUser } from '../auth/auth-user';
import type { SqlParam } from '../cases/case-access-policy';

/*
 * Who keeps and who sees the register, the department rule of cases (case-access.ts): the
 * department's clerks keep its entries and confirm its proposals; the secretariat reads every
 * entry; nobody else reads the internal register (the public reads the portal).
 */

/** Edits, publication, confirmation of proposals: the owning department's clerks only. */
export function canKeepEntries(user: AuthUser, departmentId: string): boolean {
  return user.role === 'clerk' && !!user.departmentId && user.departmentId === departmentId;
}

export function canSeeEntries(user: AuthUser, departmentId: string): boolean {
  return user.role === 'secretariat' || canKeepEntries(user, departmentId);
}

/** The same rule as an SQL condition on the department column `column`. */
export function registerVisibleSql(user: AuthUser, column: string, p: SqlParam): string {
  if (user.role === 'secretariat') return 'true';
  if (user.role === 'clerk' && user.departmentId) return `${column} = ${p(user.departmentId)}`;
  return 'false';
}

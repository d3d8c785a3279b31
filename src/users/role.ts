import { valuesOf } from '../common/label-table';

export const ROLE_LABELS = {
  clerk: '担当課職員',
  secretariat: '事務局',
  member: '委員',
  chair: '会長',
  admin: 'システム管理者',
};
export type Role = keyof typeof ROLE_LABELS;
export const ROLES = valuesOf(ROLE_LABELS);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The platform administrator: an account of no council that manages the councils of the deployment
 * (/api/platform/councils, /platform/councils) and nothing inside them. Not a council role: no
 * council route admits it, and a council's administrator cannot make one.
 */
export const PLATFORM_ADMIN = 'platformAdmin' as const;
export type PlatformAdmin = typeof PLATFORM_ADMIN;
/** What an account's `role` holds: a council role, or the platform administrator's. */
export type AccountRole = Role | PlatformAdmin;

export const ACCOUNT_ROLE_LABELS: Record<AccountRole, string> = {
  ...ROLE_LABELS,
  platformAdmin: 'プラットフォーム管理者',
};

export function isAccountRole(value: unknown): value is AccountRole {
  return value === PLATFORM_ADMIN || isRole(value);
}

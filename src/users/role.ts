export const ROLES = ['clerk', 'secretariat', 'member', 'chair', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  clerk: '担当課職員',
  secretariat: '事務局',
  member: '委員',
  chair: '会長',
  admin: 'システム管理者',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

import type { AccountRole } from '../users/role';

export interface NavItem {
  href: string;
  label: string;
  roles: readonly AccountRole[];
}

/** The menu, by role. Features add their screens here. */
export const NAVIGATION: NavItem[] = [
  { href: '/', label: 'ダッシュボード', roles: ['clerk', 'secretariat', 'member', 'chair', 'admin'] },
  { href: '/cases', label: '事案', roles: ['clerk', 'secretariat', 'member', 'chair'] },
  { href: '/cases/new', label: '事案の作成', roles: ['clerk'] },
  { href: '/intake', label: '受付', roles: ['secretariat'] },
  { href: '/meetings', label: '会議', roles: ['secretariat', 'member', 'chair', 'clerk'] },
  { href: '/minutes', label: '会議録', roles: ['secretariat', 'member', 'chair'] },
  { href: '/replies', label: '答申', roles: ['secretariat', 'member', 'chair', 'clerk'] },
  { href: '/conditions', label: '付帯意見・条件', roles: ['secretariat', 'member', 'chair', 'clerk'] },
  { href: '/incidents', label: '個人情報事故等', roles: ['secretariat', 'clerk'] },
  { href: '/file-register', label: '個人情報ファイル簿', roles: ['clerk', 'secretariat'] },
  {
    href: '/impact-assessments',
    label: '特定個人情報保護評価',
    roles: ['secretariat', 'member', 'chair', 'clerk'],
  },
  { href: '/statistics', label: '統計', roles: ['secretariat', 'admin'] },
  { href: '/council/members', label: '委員名簿', roles: ['secretariat', 'admin'] },
  { href: '/bin', label: 'ごみ箱', roles: ['secretariat'] },
  { href: '/notifications', label: '通知', roles: ['clerk', 'secretariat', 'member', 'chair'] },
  { href: '/admin/users', label: '利用者管理', roles: ['admin'] },
  { href: '/admin/legal-bases', label: '条例の根拠', roles: ['admin'] },
  { href: '/admin/clause-sets', label: '特記事項', roles: ['admin'] },
  { href: '/admin/departments', label: '課の管理', roles: ['admin'] },
  { href: '/admin/audit', label: '監査ログ', roles: ['admin'] },
  { href: '/settings/numbering', label: '番号の付け方', roles: ['secretariat', 'admin'] },
  { href: '/settings/redaction', label: '公開時の氏名の扱い', roles: ['secretariat'] },
  { href: '/settings/public-synonyms', label: '公開ポータルの関連語', roles: ['secretariat'] },
  { href: '/platform/councils', label: '審議会の管理', roles: ['platformAdmin'] },
  {
    href: '/password',
    label: 'パスワード変更',
    roles: ['clerk', 'secretariat', 'member', 'chair', 'admin', 'platformAdmin'],
  },
];

export function navigationFor(role: AccountRole, currentPath: string): Array<NavItem & { current: boolean }> {
  return NAVIGATION.filter((n) => n.roles.includes(role)).map((n) => ({
    ...n,
    current: n.href === '/' ? currentPath === '/' : currentPath.startsWith(n.href),
  }));
}

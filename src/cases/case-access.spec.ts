import type { AuthUser } from '../auth/auth-user';
import { canEditCaseContent, canViewCase } from './case-access';

const user = (role: AuthUser['role'], departmentId: string | null = null): AuthUser => ({
  id: 'u',
  username: 'u',
  displayName: 'u',
  role,
  departmentId,
  departmentName: null,
  mustChangePassword: false,
  previousLoginAt: null,
  sessionId: 's',
});

describe('case access', () => {
  const own = { departmentId: 'd1', status: 'draft' };
  it('clerks see and edit only their department', () => {
    expect(canViewCase(user('clerk', 'd1'), own)).toBe(true);
    expect(canViewCase(user('clerk', 'd2'), own)).toBe(false);
    expect(canEditCaseContent(user('clerk', 'd2'), own)).toBe(false);
  });
  it('the secretariat does not see drafts', () => {
    expect(canViewCase(user('secretariat'), own)).toBe(false);
    expect(canViewCase(user('secretariat'), { ...own, status: 'submitted' })).toBe(true);
  });
  it('members see cases put to the council only', () => {
    expect(canViewCase(user('member'), { ...own, status: 'accepted' })).toBe(false);
    expect(canViewCase(user('member'), { ...own, status: 'scheduled' })).toBe(true);
  });
  it('admins see no case', () => {
    expect(canViewCase(user('admin'), { ...own, status: 'scheduled' })).toBe(false);
  });
});

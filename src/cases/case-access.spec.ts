import type { AuthUser } from '../auth/auth-user';
import { canEditCaseContent } from './case-access';
import { caseVisibleSql, membersMayReadInternalMinutes, replyVisibleSql } from './case-access-policy';

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
  councilId: 1,
});

const sql = (u: AuthUser) => {
  const params: unknown[] = [];
  const text = caseVisibleSql(u, 'c', (v) => {
    params.push(v);
    return `$${params.length}`;
  });
  return { text, params };
};

describe('case access', () => {
  it('only the owning department edits', () => {
    expect(canEditCaseContent(user('clerk', 'd1'), { departmentId: 'd1', status: 'draft' })).toBe(true);
    expect(canEditCaseContent(user('clerk', 'd2'), { departmentId: 'd1', status: 'draft' })).toBe(false);
    expect(canEditCaseContent(user('secretariat'), { departmentId: 'd1', status: 'submitted' })).toBe(false);
  });
  it('clerks are filtered by department, a clerk without one sees nothing', () => {
    expect(sql(user('clerk', 'd1'))).toEqual({ text: 'c.department_id = $1', params: ['d1'] });
    expect(sql(user('clerk')).text).toBe('false');
  });
  it('members are filtered by attendance and public replies, never by case status', () => {
    const { text, params } = sql(user('member'));
    expect(params).toEqual(['u']);
    expect(text).toContain('meeting_attendee');
    expect(text).toContain("r_acl.state = 'issued' AND NOT ri_acl.closed_session");
    expect(text).not.toContain('withdrawn');
  });
  it('admins see no case', () => {
    expect(sql(user('admin')).text).toBe('false');
  });
  it('reply drafts are for the secretariat only', () => {
    expect(replyVisibleSql(user('secretariat'), 'r', 'c', () => '$1')).not.toContain("'issued'");
    expect(replyVisibleSql(user('chair'), 'r', 'c', () => '$1')).toContain("r.state = 'issued'");
  });
  it('members read internal minutes only once sent round and not taken back', () => {
    expect(membersMayReadInternalMinutes('drafting')).toBe(false);
    expect(membersMayReadInternalMinutes('circulating')).toBe(true);
  });
});

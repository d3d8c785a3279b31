import type { Role } from '../users/role';
import { CASE_STATES, caseMachine, type CaseAction, type CaseState } from './case-state-machine';
import { refusalOf } from '../../test/support/state-machine-spec';

/**
 * The expected workflow, written out independently of the table: every allowed move with the
 * role that fires it. Anything not listed must be refused.
 */
const EXPECTED: [CaseAction, CaseState, CaseState, Role][] = [
  ['submit', 'draft', 'submitted', 'clerk'],
  ['resubmit', 'sentBack', 'submitted', 'clerk'],
  ['sendBack', 'submitted', 'sentBack', 'secretariat'],
  ['accept', 'submitted', 'accepted', 'secretariat'],
  ['schedule', 'accepted', 'scheduled', 'secretariat'],
  ['unschedule', 'scheduled', 'accepted', 'secretariat'],
  ['decide', 'scheduled', 'decided', 'secretariat'],
  ['continue', 'scheduled', 'accepted', 'secretariat'],
  ['withdraw', 'submitted', 'withdrawn', 'clerk'],
  ['withdraw', 'sentBack', 'withdrawn', 'clerk'],
  ['withdraw', 'accepted', 'withdrawn', 'clerk'],
  ['withdraw', 'scheduled', 'withdrawn', 'clerk'],
  ['recordWithdrawal', 'scheduled', 'withdrawn', 'secretariat'],
  ['openConditions', 'decided', 'conditionsOpen', 'secretariat'],
  ['closeConditions', 'conditionsOpen', 'closed', 'secretariat'],
  ['reopenConditions', 'closed', 'conditionsOpen', 'secretariat'],
  ['correctOutcome', 'decided', 'decided', 'secretariat'],
  ['correctToContinued', 'decided', 'accepted', 'secretariat'],
  ['correctFromContinued', 'accepted', 'decided', 'secretariat'],
];
const ROLES: Role[] = ['clerk', 'secretariat', 'member', 'chair', 'admin'];
const NEEDS_COMMENT = new Set<CaseAction>([
  'sendBack',
  'withdraw',
  'recordWithdrawal',
  'correctOutcome',
  'correctToContinued',
  'correctFromContinued',
]);

describe('case state machine: allowed transitions', () => {
  it.each(EXPECTED)('%s: %s → %s by %s', (action, from, to, role) => {
    expect(caseMachine.check(action, from, role, 'コメント')).toBe(to);
  });

  it.each(EXPECTED)('%s from %s is refused to every other role', (action, from, _to, role) => {
    for (const other of ROLES.filter((r) => r !== role)) {
      const e = refusalOf(() => caseMachine.check(action, from, other, 'コメント'));
      expect([e.code, e.status]).toEqual(['WORKFLOW_ROLE_FORBIDDEN', 403]);
    }
  });

  it('the table has exactly the expected moves', () => {
    const actual = caseMachine.actions.flatMap((a) =>
      CASE_STATES.flatMap((s) => ROLES.filter((r) => caseMachine.can(a, s, r)).map((r) => `${a}:${s}:${r}`)),
    );
    expect(actual.sort()).toEqual(EXPECTED.map(([a, s, , r]) => `${a}:${s}:${r}`).sort());
  });
});

describe('case state machine: forbidden transitions', () => {
  const forbidden: [CaseAction, CaseState][] = [];
  for (const action of caseMachine.actions)
    for (const state of CASE_STATES)
      if (!EXPECTED.some(([a, s]) => a === action && s === state)) forbidden.push([action, state]);

  it.each(forbidden)('%s from %s is refused with 409 whoever asks', (action, state) => {
    for (const role of ROLES) {
      const e = refusalOf(() => caseMachine.check(action, state, role, 'コメント'));
      expect([e.code, e.status]).toEqual(['WORKFLOW_TRANSITION_NOT_ALLOWED', 409]);
      expect(e.detail).toContain(caseMachine.label(state));
    }
  });

  it('a draft cannot be scheduled, accepted or decided', () => {
    for (const a of ['schedule', 'accept', 'decide'] as CaseAction[])
      expect(refusalOf(() => caseMachine.check(a, 'draft', 'secretariat')).code).toBe(
        'WORKFLOW_TRANSITION_NOT_ALLOWED',
      );
  });

  it('closed, withdrawn cases are final except reopening conditions', () => {
    expect(caseMachine.allowed('withdrawn', 'secretariat')).toEqual([]);
    expect(caseMachine.allowed('withdrawn', 'clerk')).toEqual([]);
    expect(caseMachine.allowed('closed', 'secretariat')).toEqual(['reopenConditions']);
  });
});

describe('case state machine: comments', () => {
  it.each([...NEEDS_COMMENT])('%s requires a reason', (action) => {
    const [, from, , role] = EXPECTED.find(([a]) => a === action)!;
    for (const blank of [undefined, null, '', '   ']) {
      const e = refusalOf(() => caseMachine.check(action, from, role, blank));
      expect(e.code).toBe('WORKFLOW_COMMENT_REQUIRED');
      expect(e.extensions.errors?.[0].field).toBe('comment');
    }
  });

  it('other actions go without a comment', () => {
    for (const [action, from, to, role] of EXPECTED.filter(([a]) => !NEEDS_COMMENT.has(a)))
      expect(caseMachine.check(action, from, role)).toBe(to);
  });
});

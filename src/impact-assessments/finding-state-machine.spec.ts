import type { Role } from '../users/role';
import {
  FINDING_STATES,
  findingMachine,
  type FindingAction,
  type FindingState,
} from './finding-state-machine';

/** The whole table: every (action, state, role) gives the target state or the refusal's code. */
const EXPECTED: [FindingAction, FindingState, Role, FindingState | string][] = [
  ['answer', 'open', 'clerk', 'answered'],
  ['answer', 'answered', 'clerk', 'answered'],
  ['answer', 'accepted', 'clerk', 'WORKFLOW_TRANSITION_NOT_ALLOWED'],
  ['answer', 'open', 'secretariat', 'WORKFLOW_ROLE_FORBIDDEN'],
  ['accept', 'answered', 'secretariat', 'accepted'],
  ['accept', 'open', 'secretariat', 'WORKFLOW_TRANSITION_NOT_ALLOWED'],
  ['accept', 'accepted', 'secretariat', 'WORKFLOW_TRANSITION_NOT_ALLOWED'],
  ['accept', 'answered', 'clerk', 'WORKFLOW_ROLE_FORBIDDEN'],
  ['accept', 'answered', 'member', 'WORKFLOW_ROLE_FORBIDDEN'],
  ['return', 'answered', 'secretariat', 'open'],
  ['return', 'open', 'secretariat', 'WORKFLOW_TRANSITION_NOT_ALLOWED'],
  ['return', 'accepted', 'secretariat', 'WORKFLOW_TRANSITION_NOT_ALLOWED'],
  ['return', 'answered', 'clerk', 'WORKFLOW_ROLE_FORBIDDEN'],
];

function outcome(action: FindingAction, from: FindingState, role: Role, comment = '理由'): string {
  try {
    return findingMachine.check(action, from, role, comment);
  } catch (e) {
    return (e as { code: string }).code;
  }
}

describe('finding (指摘事項) state machine', () => {
  it.each(EXPECTED)('%s from %s as %s → %s', (action, from, role, expected) => {
    expect(outcome(action, from, role)).toBe(expected);
  });

  it('an answer is only closed by the secretariat accepting it; nothing leaves accepted', () => {
    const into = (s: FindingState) => findingMachine.actions.filter((a) => findingMachine.table[a].to === s);
    expect(into('accepted')).toEqual(['accept']);
    for (const role of ['clerk', 'secretariat', 'member', 'chair', 'admin'] as Role[])
      expect(findingMachine.allowed('accepted', role)).toEqual([]);
    expect(FINDING_STATES.every((s) => findingMachine.label(s).length > 0)).toBe(true);
  });

  it('returning an answer needs the secretariat’s reason', () => {
    expect(outcome('return', 'answered', 'secretariat', '  ')).toBe('WORKFLOW_COMMENT_REQUIRED');
  });
});

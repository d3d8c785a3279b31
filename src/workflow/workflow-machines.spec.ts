import { allowedMoves, codeOf } from '../../test/support/state-machine-spec';
import { ADVANCE_QUESTION_STATES, advanceQuestionMachine } from '../meetings/advance-question-state-machine';
import { MEETING_STATES, meetingMachine } from '../meetings/meeting-state-machine';
import { CONDITION_STATES, conditionMachine } from '../conditions/condition-state-machine';
import { REPLY_STATES, replyMachine } from '../replies/reply-state-machine';
import type { Role } from '../users/role';
import type { StateMachine } from './state-machine';

const ROLES: Role[] = ['clerk', 'secretariat', 'member', 'chair', 'admin'];

/** Each machine against its expected moves, written out here independently of its table. */
const CASES: {
  name: string;
  machine: StateMachine<string, string>;
  states: readonly string[];
  expected: string[];
}[] = [
  {
    name: 'meeting',
    machine: meetingMachine as unknown as StateMachine<string, string>,
    states: MEETING_STATES,
    expected: [
      'convene:planned→convened:secretariat',
      'hold:convened→held:secretariat',
      'close:held→closed:secretariat',
    ],
  },
  {
    name: 'reply',
    machine: replyMachine as unknown as StateMachine<string, string>,
    states: REPLY_STATES,
    expected: ['edit:draft→draft:secretariat', 'issue:draft→issued:secretariat'],
  },
  {
    name: 'condition',
    machine: conditionMachine as unknown as StateMachine<string, string>,
    states: CONDITION_STATES,
    expected: [
      'report:open→reported:clerk',
      'report:reported→reported:clerk',
      'close:reported→closed:secretariat',
      'reopen:reported→open:secretariat',
      'reopen:closed→open:secretariat',
    ],
  },
  {
    name: 'advance question',
    machine: advanceQuestionMachine as unknown as StateMachine<string, string>,
    states: ADVANCE_QUESTION_STATES,
    expected: [
      'forward:posted→forwarded:secretariat',
      'answer:forwarded→answered:clerk',
      'answer:forwarded→answered:secretariat',
    ],
  },
];

describe.each(CASES)('$name state machine', ({ machine, states, expected }) => {
  it('allows exactly the expected moves, each to its target', () => {
    expect(allowedMoves(machine, states, ROLES, 'コメント')).toEqual([...expected].sort());
  });

  it('refuses a move from a wrong state with 409 and from a wrong role with 403', () => {
    for (const action of machine.actions)
      for (const from of states) {
        const allowedFrom = expected.some((e) => e.startsWith(`${action}:${from}→`));
        for (const role of ROLES) {
          const allowedRole = expected.some(
            (e) => e.startsWith(`${action}:${from}→`) && e.endsWith(`:${role}`),
          );
          const code = codeOf(() => machine.check(action, from, role, 'コメント'));
          if (!allowedFrom) expect(code).toBe('WORKFLOW_TRANSITION_NOT_ALLOWED');
          else if (!allowedRole) expect(code).toBe('WORKFLOW_ROLE_FORBIDDEN');
          else expect(code).toBe('ALLOWED');
        }
      }
  });
});

describe('condition decisions need the secretariat comment', () => {
  it.each(['close', 'reopen'] as const)('%s without a comment is refused', (action) => {
    expect(codeOf(() => conditionMachine.check(action, 'reported', 'secretariat', ' '))).toBe(
      'WORKFLOW_COMMENT_REQUIRED',
    );
  });
});

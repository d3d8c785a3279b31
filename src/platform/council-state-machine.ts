import { StateMachine, type TransitionTable } from '../workflow/state-machine';

export const COUNCIL_STATES = ['active', 'suspended'] as const;
export type CouncilState = (typeof COUNCIL_STATES)[number];
export const COUNCIL_STATE_LABELS: Record<CouncilState, string> = {
  active: '利用中',
  suspended: '利用停止中',
};
export type CouncilAction = 'suspend' | 'resume';

/**
 * active → suspended (the platform administrator, with a reason) → active again. While suspended the
 * council's accounts cannot log in or use their tokens, its portal answers 404 and the scheduled passes
 * skip it; its data stays as it was.
 */
export const COUNCIL_TRANSITIONS: TransitionTable<CouncilState, CouncilAction> = {
  suspend: {
    from: ['active'],
    to: 'suspended',
    roles: ['platformAdmin'],
    label: '利用停止',
    requiresComment: true,
  },
  resume: {
    from: ['suspended'],
    to: 'active',
    roles: ['platformAdmin'],
    label: '利用再開',
    requiresComment: true,
  },
};

export const councilMachine = new StateMachine<CouncilState, CouncilAction>(
  'この審議会',
  COUNCIL_TRANSITIONS,
  COUNCIL_STATE_LABELS,
);

export function isCouncilState(value: unknown): value is CouncilState {
  return typeof value === 'string' && (COUNCIL_STATES as readonly string[]).includes(value);
}

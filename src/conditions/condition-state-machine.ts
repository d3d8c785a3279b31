import { StateMachine, type TransitionTable } from '../workflow/state-machine';

export const CONDITION_STATES = ['open', 'reported', 'closed'] as const;
export type ConditionState = (typeof CONDITION_STATES)[number];
export const CONDITION_STATE_LABELS: Record<ConditionState, string> = {
  open: '対応中',
  reported: '対応報告済み',
  closed: '完了',
};
export type ConditionAction = 'report' | 'close' | 'reopen';

/** open → reported (department's follow-up report) → closed (secretariat); reopen sends it back. */
export const CONDITION_TRANSITIONS: TransitionTable<ConditionState, ConditionAction> = {
  report: { from: ['open', 'reported'], to: 'reported', roles: ['clerk'], label: '対応報告' },
  close: { from: ['reported'], to: 'closed', roles: ['secretariat'], label: '完了', requiresComment: true },
  reopen: {
    from: ['reported', 'closed'],
    to: 'open',
    roles: ['secretariat'],
    label: '再開',
    requiresComment: true,
  },
};

export const conditionMachine = new StateMachine<ConditionState, ConditionAction>(
  'この付帯意見',
  CONDITION_TRANSITIONS,
  CONDITION_STATE_LABELS,
);

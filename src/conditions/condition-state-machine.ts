import { defineMachine, type ActionOf } from '../workflow/state-machine';
import { valuesOf } from '../common/label-table';

export const CONDITION_STATE_LABELS = { open: '対応中', reported: '対応報告済み', closed: '完了' };
export type ConditionState = keyof typeof CONDITION_STATE_LABELS;
export const CONDITION_STATES = valuesOf(CONDITION_STATE_LABELS);
export type ConditionAction = ActionOf<typeof CONDITION_TRANSITIONS>;

/** open → reported (department's follow-up report) → closed (secretariat); reopen sends it back. */
export const conditionMachine = defineMachine('この付帯意見', CONDITION_STATE_LABELS, {
  report: { from: ['open', 'reported'], to: 'reported', roles: ['clerk'], label: '対応報告' },
  close: { from: ['reported'], to: 'closed', roles: ['secretariat'], label: '完了', requiresComment: true },
  reopen: {
    from: ['reported', 'closed'],
    to: 'open',
    roles: ['secretariat'],
    label: '再開',
    requiresComment: true,
  },
});
export const CONDITION_TRANSITIONS = conditionMachine.table;

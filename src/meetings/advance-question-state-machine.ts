import { defineMachine, type ActionOf } from '../workflow/state-machine';
import { valuesOf } from '../common/label-table';

export const ADVANCE_QUESTION_STATE_LABELS = {
  posted: '受付',
  forwarded: '担当課へ送付済み',
  answered: '回答済み',
};
export type AdvanceQuestionState = keyof typeof ADVANCE_QUESTION_STATE_LABELS;
export const ADVANCE_QUESTION_STATES = valuesOf(ADVANCE_QUESTION_STATE_LABELS);
export type AdvanceQuestionAction = ActionOf<typeof ADVANCE_QUESTION_TRANSITIONS>;

export const advanceQuestionMachine = defineMachine('この事前質問', ADVANCE_QUESTION_STATE_LABELS, {
  forward: { from: ['posted'], to: 'forwarded', roles: ['secretariat'], label: '担当課へ送付' },
  answer: { from: ['forwarded'], to: 'answered', roles: ['clerk', 'secretariat'], label: '回答' },
});
export const ADVANCE_QUESTION_TRANSITIONS = advanceQuestionMachine.table;

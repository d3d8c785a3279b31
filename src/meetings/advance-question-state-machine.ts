import { StateMachine, type TransitionTable } from '../workflow/state-machine';

export const ADVANCE_QUESTION_STATES = ['posted', 'forwarded', 'answered'] as const;
export type AdvanceQuestionState = (typeof ADVANCE_QUESTION_STATES)[number];
export const ADVANCE_QUESTION_STATE_LABELS: Record<AdvanceQuestionState, string> = {
  posted: '受付',
  forwarded: '担当課へ送付済み',
  answered: '回答済み',
};
export type AdvanceQuestionAction = 'forward' | 'answer';

export const ADVANCE_QUESTION_TRANSITIONS: TransitionTable<AdvanceQuestionState, AdvanceQuestionAction> = {
  forward: { from: ['posted'], to: 'forwarded', roles: ['secretariat'], label: '担当課へ送付' },
  answer: { from: ['forwarded'], to: 'answered', roles: ['clerk', 'secretariat'], label: '回答' },
};

export const advanceQuestionMachine = new StateMachine<AdvanceQuestionState, AdvanceQuestionAction>(
  'この事前質問',
  ADVANCE_QUESTION_TRANSITIONS,
  ADVANCE_QUESTION_STATE_LABELS,
);

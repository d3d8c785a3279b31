import { StateMachine, type TransitionTable } from '../workflow/state-machine';

/** 指摘事項 of a 第三者点検: open until the department answers and the secretariat accepts the answer. */
export const FINDING_STATES = ['open', 'answered', 'accepted'] as const;
export type FindingState = (typeof FINDING_STATES)[number];
export const FINDING_STATE_LABELS: Record<FindingState, string> = {
  open: '回答待ち',
  answered: '回答済み（確認待ち）',
  accepted: '完了',
};
export type FindingAction = 'answer' | 'accept' | 'return';

/** open → answered (department) → accepted (secretariat); return sends the answer back with a reason. */
export const FINDING_TRANSITIONS: TransitionTable<FindingState, FindingAction> = {
  answer: { from: ['open', 'answered'], to: 'answered', roles: ['clerk'], label: '回答' },
  accept: { from: ['answered'], to: 'accepted', roles: ['secretariat'], label: '回答の了承' },
  return: {
    from: ['answered'],
    to: 'open',
    roles: ['secretariat'],
    label: '再回答の依頼',
    requiresComment: true,
  },
};

export const findingMachine = new StateMachine<FindingState, FindingAction>(
  'この指摘事項',
  FINDING_TRANSITIONS,
  FINDING_STATE_LABELS,
);

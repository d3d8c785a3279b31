import { defineMachine, type ActionOf } from '../workflow/state-machine';
import { valuesOf } from '../common/label-table';

export const FINDING_STATE_LABELS = { open: '回答待ち', answered: '回答済み（確認待ち）', accepted: '完了' };
export type FindingState = keyof typeof FINDING_STATE_LABELS;
export const FINDING_STATES = valuesOf(FINDING_STATE_LABELS);
export type FindingAction = ActionOf<typeof FINDING_TRANSITIONS>;

/**
 * 指摘事項 of a 第三者点検: open until the department answers and the secretariat accepts the answer.
 * open → answered (department) → accepted (secretariat); return sends the answer back with a reason.
 */
export const findingMachine = defineMachine('この指摘事項', FINDING_STATE_LABELS, {
  answer: { from: ['open', 'answered'], to: 'answered', roles: ['clerk'], label: '回答' },
  accept: { from: ['answered'], to: 'accepted', roles: ['secretariat'], label: '回答の了承' },
  return: {
    from: ['answered'],
    to: 'open',
    roles: ['secretariat'],
    label: '再回答の依頼',
    requiresComment: true,
  },
});
export const FINDING_TRANSITIONS = findingMachine.table;

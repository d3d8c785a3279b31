import { defineMachine, type ActionOf } from '../workflow/state-machine';
import { valuesOf } from '../common/label-table';

export const REPLY_STATE_LABELS = { draft: '案', issued: '発出済み' };
export type ReplyState = keyof typeof REPLY_STATE_LABELS;
export const REPLY_STATES = valuesOf(REPLY_STATE_LABELS);
export type ReplyAction = ActionOf<typeof REPLY_TRANSITIONS>;

/** A draft is edited by the secretariat, then issued once; an issued reply never changes. */
export const replyMachine = defineMachine('この答申', REPLY_STATE_LABELS, {
  edit: { from: ['draft'], to: 'draft', roles: ['secretariat'], label: '編集' },
  issue: { from: ['draft'], to: 'issued', roles: ['secretariat'], label: '発出' },
});
export const REPLY_TRANSITIONS = replyMachine.table;

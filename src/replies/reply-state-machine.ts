import { StateMachine, type TransitionTable } from '../workflow/state-machine';

export const REPLY_STATES = ['draft', 'issued'] as const;
export type ReplyState = (typeof REPLY_STATES)[number];
export const REPLY_STATE_LABELS: Record<ReplyState, string> = { draft: '案', issued: '発出済み' };
export type ReplyAction = 'edit' | 'issue';

/** A draft is edited by the secretariat, then issued once; an issued reply never changes. */
export const REPLY_TRANSITIONS: TransitionTable<ReplyState, ReplyAction> = {
  edit: { from: ['draft'], to: 'draft', roles: ['secretariat'], label: '編集' },
  issue: { from: ['draft'], to: 'issued', roles: ['secretariat'], label: '発出' },
};

export const replyMachine = new StateMachine<ReplyState, ReplyAction>(
  'この答申',
  REPLY_TRANSITIONS,
  REPLY_STATE_LABELS,
);

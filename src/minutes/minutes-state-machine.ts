import { StateMachine, type TransitionTable } from '../workflow/state-machine';

export const MINUTES_STATES = ['drafting', 'circulating', 'confirmed', 'published'] as const;
export type MinutesState = (typeof MINUTES_STATES)[number];
export const MINUTES_STATE_LABELS: Record<MinutesState, string> = {
  drafting: '作成中',
  circulating: '委員確認中',
  confirmed: '確定',
  published: '公開済み',
};
export type MinutesAction = 'circulate' | 'confirm' | 'publish' | 'backToDrafting';

/**
 * drafting → circulating (sent to every attending member with a deadline) → confirmed (every
 * member answered or fell silent past the deadline, every correction decided) → published
 * (the redacted version on the portal). The secretariat can take it back to drafting at any point.
 */
export const MINUTES_TRANSITIONS: TransitionTable<MinutesState, MinutesAction> = {
  circulate: { from: ['drafting'], to: 'circulating', roles: ['secretariat'], label: '委員に確認依頼' },
  confirm: { from: ['circulating'], to: 'confirmed', roles: ['secretariat'], label: '確定' },
  publish: { from: ['confirmed'], to: 'published', roles: ['secretariat'], label: '公開' },
  backToDrafting: {
    from: ['circulating', 'confirmed', 'published'],
    to: 'drafting',
    roles: ['secretariat'],
    label: '作成中に戻す',
    requiresComment: true,
  },
};

export const minutesMachine = new StateMachine<MinutesState, MinutesAction>(
  '会議録',
  MINUTES_TRANSITIONS,
  MINUTES_STATE_LABELS,
);

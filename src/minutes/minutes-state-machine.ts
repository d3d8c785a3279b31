import { defineMachine, type ActionOf } from '../workflow/state-machine';
import { valuesOf } from '../common/label-table';

export const MINUTES_STATE_LABELS = {
  drafting: '作成中',
  circulating: '委員確認中',
  confirmed: '確定',
  published: '公開済み',
};
export type MinutesState = keyof typeof MINUTES_STATE_LABELS;
export const MINUTES_STATES = valuesOf(MINUTES_STATE_LABELS);
export type MinutesAction = ActionOf<typeof MINUTES_TRANSITIONS>;

/**
 * drafting → circulating (sent to every attending member with a deadline) → confirmed (every
 * member answered or fell silent past the deadline, every correction decided) → published
 * (the redacted version on the portal). The secretariat can take it back to drafting at any point.
 */
export const minutesMachine = defineMachine('会議録', MINUTES_STATE_LABELS, {
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
});
export const MINUTES_TRANSITIONS = minutesMachine.table;

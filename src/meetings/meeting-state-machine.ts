import { StateMachine, type TransitionTable } from '../workflow/state-machine';

export const MEETING_STATES = ['planned', 'convened', 'held', 'closed'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];
export const MEETING_STATE_LABELS: Record<MeetingState, string> = {
  planned: '予定',
  convened: '招集済み',
  held: '開催',
  closed: '終了',
};
export type MeetingAction = 'convene' | 'hold' | 'close';

/**
 * planned → convened (notice sent; agenda numbers freeze; members read the packet and ask
 * advance questions) → held (the meeting took place; outcomes can be recorded) → closed.
 */
export const MEETING_TRANSITIONS: TransitionTable<MeetingState, MeetingAction> = {
  convene: { from: ['planned'], to: 'convened', roles: ['secretariat'], label: '招集' },
  hold: { from: ['convened'], to: 'held', roles: ['secretariat'], label: '開会' },
  close: { from: ['held'], to: 'closed', roles: ['secretariat'], label: '終了' },
};

export const meetingMachine = new StateMachine<MeetingState, MeetingAction>(
  'この会議',
  MEETING_TRANSITIONS,
  MEETING_STATE_LABELS,
);

import { defineMachine, type ActionOf } from '../workflow/state-machine';
import { valuesOf } from '../common/label-table';

export const MEETING_STATE_LABELS = { planned: '予定', convened: '招集済み', held: '開催', closed: '終了' };
export type MeetingState = keyof typeof MEETING_STATE_LABELS;
export const MEETING_STATES = valuesOf(MEETING_STATE_LABELS);
export type MeetingAction = ActionOf<typeof MEETING_TRANSITIONS>;

/**
 * planned → convened (notice sent; agenda numbers freeze; members read the packet and ask
 * advance questions) → held (the meeting took place; outcomes can be recorded) → closed.
 */
export const meetingMachine = defineMachine('この会議', MEETING_STATE_LABELS, {
  convene: { from: ['planned'], to: 'convened', roles: ['secretariat'], label: '招集' },
  hold: { from: ['convened'], to: 'held', roles: ['secretariat'], label: '開会' },
  close: { from: ['held'], to: 'closed', roles: ['secretariat'], label: '終了' },
});
export const MEETING_TRANSITIONS = meetingMachine.table;

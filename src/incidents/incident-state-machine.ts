import { StateMachine, type TransitionTable } from '../workflow/state-machine';

export const INCIDENT_STATES = ['received', 'investigating', 'resolved'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];
export const INCIDENT_STATE_LABELS: Record<IncidentState, string> = {
  received: '報告受付',
  investigating: '調査中',
  resolved: '対応完了',
};
export type IncidentAction = 'investigate' | 'resolve' | 'reopen';

/**
 * 報告受付 → 調査中 → 対応完了. The department and the secretariat move it forward; only the
 * secretariat reopens a completed one, with a reason.
 */
export const INCIDENT_TRANSITIONS: TransitionTable<IncidentState, IncidentAction> = {
  investigate: {
    from: ['received'],
    to: 'investigating',
    roles: ['clerk', 'secretariat'],
    label: '調査開始',
  },
  resolve: { from: ['investigating'], to: 'resolved', roles: ['clerk', 'secretariat'], label: '対応完了' },
  reopen: {
    from: ['resolved'],
    to: 'investigating',
    roles: ['secretariat'],
    label: '調査再開',
    requiresComment: true,
  },
};

export const incidentMachine = new StateMachine<IncidentState, IncidentAction>(
  'この事故等',
  INCIDENT_TRANSITIONS,
  INCIDENT_STATE_LABELS,
);

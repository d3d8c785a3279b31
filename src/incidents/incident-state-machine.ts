import { defineMachine, type ActionOf } from '../workflow/state-machine';
import { valuesOf } from '../common/label-table';

export const INCIDENT_STATE_LABELS = { received: '報告受付', investigating: '調査中', resolved: '対応完了' };
export type IncidentState = keyof typeof INCIDENT_STATE_LABELS;
export const INCIDENT_STATES = valuesOf(INCIDENT_STATE_LABELS);
export type IncidentAction = ActionOf<typeof INCIDENT_TRANSITIONS>;

/**
 * 報告受付 → 調査中 → 対応完了. The department and the secretariat move it forward; only the
 * secretariat reopens a completed one, with a reason.
 */
export const incidentMachine = defineMachine('この事故等', INCIDENT_STATE_LABELS, {
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
});
export const INCIDENT_TRANSITIONS = incidentMachine.table;

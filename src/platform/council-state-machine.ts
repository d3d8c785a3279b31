import { defineMachine, WorkflowErrors, type ActionOf } from '../workflow/state-machine';
import { valuesOf } from '../common/label-table';

export const COUNCIL_STATE_LABELS = { active: '利用中', suspended: '利用停止中', restoring: '復元中' };
export type CouncilState = keyof typeof COUNCIL_STATE_LABELS;
export const COUNCIL_STATES = valuesOf(COUNCIL_STATE_LABELS);
export type CouncilAction = ActionOf<typeof COUNCIL_TRANSITIONS>;

/**
 * active → suspended (the platform administrator, with a reason) → active again. While suspended the
 * council's accounts cannot log in or use their tokens, its portal answers 404 and the scheduled passes
 * skip it; its data stays as it was.
 *
 * active | suspended → restoring: only the single-council restore (`npm run restore -- <backup>
 * --council …`, src/ops/council-rewind.ts) moves a council there, remembering the state it came from
 * (`municipality.state_before_restore`); no account may fire it (no role). While restoring every request
 * of its accounts, their logins and its portal answer 503 and its write transactions are refused
 * (src/database/council-barrier.ts). The command takes it back to the remembered state with `resume`
 * (→ active) or `suspend` (→ suspended) once it has committed or failed; if the command died, the
 * platform administrator does the same with either button (refused while a restore still runs).
 */
export const councilMachine = defineMachine('この審議会', COUNCIL_STATE_LABELS, {
  suspend: {
    from: ['active', 'restoring'],
    to: 'suspended',
    roles: ['platformAdmin'],
    label: '利用停止',
    requiresComment: true,
  },
  resume: {
    from: ['suspended', 'restoring'],
    to: 'active',
    roles: ['platformAdmin'],
    label: '利用再開',
    requiresComment: true,
  },
  restore: {
    from: ['active', 'suspended'],
    to: 'restoring',
    roles: [],
    label: 'データの復元',
  },
});
export const COUNCIL_TRANSITIONS = councilMachine.table;

export function isCouncilState(value: unknown): value is CouncilState {
  return typeof value === 'string' && (COUNCIL_STATES as readonly string[]).includes(value);
}

/**
 * The restore command's move into `restoring` (it is no account, so no role is checked): the target
 * state, or the machine's 409 when the council is in a state a restore may not start from (already
 * restoring: another restore runs, or one died and the platform administrator must end it first).
 */
export function beginRestore(from: CouncilState): CouncilState {
  const rule = COUNCIL_TRANSITIONS.restore;
  if (!rule.from.includes(from))
    throw WorkflowErrors.notAllowed(councilMachine.subject, councilMachine.label(from), rule.label);
  return rule.to;
}

/** The move that takes a council out of `restoring` back to the state it came from. */
export function endRestore(previous: CouncilState): { action: CouncilAction; to: CouncilState } {
  const action: CouncilAction = previous === 'suspended' ? 'suspend' : 'resume';
  const rule = COUNCIL_TRANSITIONS[action];
  if (!rule.from.includes('restoring')) throw new Error(`endRestore: ${action} does not leave restoring`);
  return { action, to: rule.to };
}

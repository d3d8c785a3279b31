import { AppError } from '../../src/common/errors/app-error';
import type { AccountRole } from '../../src/users/role';
import type { StateMachine } from '../../src/workflow/state-machine';

/** The AppError a state machine's check throws; any other outcome fails the test. */
export function refusalOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

/** The code of the AppError `fn` throws, or 'ALLOWED' when it does not throw. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'ALLOWED';
}

/**
 * Every move a machine allows, as `action:from→to:role`, found by trying each action from each
 * state as each role (with `comment`, so that moves needing a reason are not refused for lacking it).
 */
export function allowedMoves<S extends string, A extends string>(
  machine: StateMachine<S, A>,
  states: readonly S[],
  roles: readonly AccountRole[],
  comment: string,
): string[] {
  const allowed: string[] = [];
  for (const action of machine.actions)
    for (const from of states)
      for (const role of roles)
        if (codeOf(() => machine.check(action, from, role, comment)) === 'ALLOWED')
          allowed.push(`${action}:${from}→${machine.check(action, from, role, comment)}:${role}`);
  return allowed.sort();
}

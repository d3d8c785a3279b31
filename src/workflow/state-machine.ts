import { AppError } from '../common/errors/app-error';
import type { AccountRole } from '../users/role';

/** One allowed move: from which states, to which state, who may fire it. */
export interface TransitionRule<S extends string> {
  readonly from: readonly S[];
  readonly to: S;
  /** A council role, or the platform administrator's (the council's own machine). */
  readonly roles: readonly AccountRole[];
  /** Japanese verb for messages and buttons, e.g. 受付. */
  readonly label: string;
  readonly requiresComment?: boolean;
}

export type TransitionTable<S extends string, A extends string> = Readonly<Record<A, TransitionRule<S>>>;

/** The action names of a transition table. */
export type ActionOf<T> = Extract<keyof T, string>;

export const WorkflowErrors = {
  notAllowed: (what: string, stateLabel: string, actionLabel: string) =>
    new AppError(
      'WORKFLOW_TRANSITION_NOT_ALLOWED',
      409,
      `${what}は「${stateLabel}」の状態のため、「${actionLabel}」はできません。画面を再読み込みして現在の状態を確認してください。`,
      { state: stateLabel },
    ),
  roleForbidden: (what: string, actionLabel: string) =>
    new AppError('WORKFLOW_ROLE_FORBIDDEN', 403, `${what}の「${actionLabel}」を行う権限がありません。`),
  commentRequired: (actionLabel: string) =>
    new AppError(
      'WORKFLOW_COMMENT_REQUIRED',
      400,
      `「${actionLabel}」には理由（コメント）の入力が必要です。`,
      {
        errors: [{ field: 'comment', messages: ['理由を入力してください'] }],
      },
    ),
  unknownAction: (action: string) =>
    new AppError('WORKFLOW_UNKNOWN_ACTION', 400, `「${action}」という操作はありません。`),
};

/**
 * A finite state machine over one table. Every workflow (case, meeting, reply, condition,
 * advance question) checks its moves here and nowhere else.
 */
export class StateMachine<S extends string, A extends string> {
  constructor(
    /** What the machine is about, in Japanese (事案, 会議, …), for messages. */
    readonly subject: string,
    readonly table: TransitionTable<S, A>,
    readonly stateLabels: Readonly<Record<S, string>>,
  ) {}

  get actions(): A[] {
    return Object.keys(this.table) as A[];
  }

  isAction(value: unknown): value is A {
    return typeof value === 'string' && Object.prototype.hasOwnProperty.call(this.table, value);
  }

  /** The target state, or an AppError saying why not. State is checked before role. */
  check(action: A, from: S, role: AccountRole, comment?: string | null): S {
    const rule = this.table[action];
    if (!rule) throw WorkflowErrors.unknownAction(String(action));
    if (!rule.from.includes(from))
      throw WorkflowErrors.notAllowed(this.subject, this.stateLabels[from] ?? from, rule.label);
    if (!rule.roles.includes(role)) throw WorkflowErrors.roleForbidden(this.subject, rule.label);
    if (rule.requiresComment && !comment?.trim()) throw WorkflowErrors.commentRequired(rule.label);
    return rule.to;
  }

  can(action: A, from: S, role: AccountRole): boolean {
    const rule = this.table[action];
    return Boolean(rule && rule.from.includes(from) && rule.roles.includes(role));
  }

  /** The actions this role may fire from this state (for buttons). */
  allowed(from: S, role: AccountRole): A[] {
    return this.actions.filter((a) => this.can(a, from, role));
  }

  label(state: S): string {
    return this.stateLabels[state] ?? state;
  }
}

/** A machine whose states are the keys of its label table and whose actions are the keys of its moves. */
export function defineMachine<S extends string, M extends Record<string, TransitionRule<NoInfer<S>>>>(
  subject: string,
  stateLabels: Readonly<Record<S, string>>,
  moves: M,
): StateMachine<S, ActionOf<M>> {
  return new StateMachine<S, ActionOf<M>>(subject, moves, stateLabels);
}

import { Column, Entity, type EntityManager } from 'typeorm';
import { TransitionRecord } from '../database/base-entities';

/** One move of a case through its workflow, with the role its actor acted in. */
@Entity('case_transition')
export class CaseTransition extends TransitionRecord {
  @Column('uuid') caseId: string;
  @Column('text') actorRole: string;
}

/**
 * Records one move of a case. `at`: when it happened, for a move entered from the records (a past
 * receipt, an imported case); otherwise the database clock.
 */
export function insertCaseTransition(
  m: EntityManager,
  t: {
    caseId: string;
    action: string;
    from: string;
    to: string;
    actor: { id: string | null; displayName: string; role: string };
    comment: string | null;
    at?: Date | null;
  },
): Promise<unknown> {
  return m.insert(CaseTransition, {
    caseId: t.caseId,
    action: t.action,
    fromState: t.from,
    toState: t.to,
    actorId: t.actor.id,
    actorName: t.actor.displayName,
    actorRole: t.actor.role,
    comment: t.comment,
    ...(t.at ? { occurredAt: t.at } : {}),
  });
}

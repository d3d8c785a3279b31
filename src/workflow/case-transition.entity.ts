import { Column, Entity, PrimaryGeneratedColumn, type EntityManager } from 'typeorm';

/** One move of a case through its workflow: who, when, from where to where, and why. */
@Entity('case_transition')
export class CaseTransition {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('text') action: string;
  @Column('text') fromState: string;
  @Column('text') toState: string;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text') actorName: string;
  @Column('text') actorRole: string;
  @Column('text', { nullable: true }) comment: string | null;
  @Column('timestamptz', { default: () => 'clock_timestamp()' }) occurredAt: Date;
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

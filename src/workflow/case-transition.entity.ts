import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

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

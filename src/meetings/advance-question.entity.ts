import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import type { AdvanceQuestionState } from './advance-question-state-machine';

/** 事前質問: a member's question on an agenda item, answered by the department before the meeting. */
@Entity('advance_question')
export class AdvanceQuestion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') meetingId: string;
  @Column('uuid') agendaItemId: string;
  @Column('uuid') askedById: string;
  @Column('text') askedByName: string;
  @Column('text') text: string;
  @Column('text', { default: 'posted' }) state: AdvanceQuestionState;
  @Column('timestamptz', { nullable: true }) forwardedAt: Date | null;
  @Column('text', { nullable: true }) answer: string | null;
  @Column('uuid', { nullable: true }) answeredById: string | null;
  @Column('text', { nullable: true }) answeredByName: string | null;
  @Column('timestamptz', { nullable: true }) answeredAt: Date | null;
  /** Copied into the item's Q&A record when the meeting was held. */
  @Column('boolean', { default: false }) carried: boolean;
  @VersionColumn() version: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

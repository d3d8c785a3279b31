import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Versioned } from '../database/base-entities';
import type { NumberingScheme } from '../workflow/numbering';
import type { ReplyState } from './reply-state-machine';

export type ReplyOutcome = 'approved' | 'approvedWithOpinion' | 'rejected';

/** 答申: the council's reply to a decided consultation. Editable while a draft; frozen once issued. */
@Entity('reply')
export class Reply extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') agendaItemId: string;
  @Column('uuid') caseId: string;
  @Column('text', { default: 'draft' }) state: ReplyState;
  /** Fiscal year and sequence of 答申第N号, drawn when issued. */
  @Column('integer', { nullable: true }) fiscalYear: number | null;
  @Column('integer', { nullable: true }) number: number | null;
  /** The scheme the number was drawn under (the municipality may switch later). */
  @Column('text', { default: 'fiscalYear' }) numbering: NumberingScheme;
  @Column('date') replyDate: string;
  /** 実施機関, e.g. ○○市長 */
  @Column('text') addressee: string;
  /** 審議会 会長 name */
  @Column('text') sender: string;
  @Column('text') title: string;
  @Column('text') outcome: ReplyOutcome;
  @Column('text') body: string;
  /** 定型文言, copied from the municipality's list when the reply is drafted. */
  @Column('jsonb', { default: () => "'[]'" }) standardConditions: string[];
  @Column('jsonb', { default: () => "'[]'" }) supplementaryOpinions: string[];
  /** Due date given to the conditions created from the supplementary opinions. */
  @Column('date', { nullable: true }) conditionDueDate: string | null;
  @Column('timestamptz', { nullable: true }) issuedAt: Date | null;
  @Column('uuid', { nullable: true }) issuedById: string | null;
}

/** Every saved state of a reply; the issued one is the frozen version. */
@Entity('reply_revision')
export class ReplyRevision {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') replyId: string;
  @Column('integer') revision: number;
  @Column('boolean', { default: false }) issued: boolean;
  @Column('jsonb') content: Record<string, unknown>;
  @Column('uuid', { nullable: true }) createdById: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** 定型文言: the conditions the council always attaches to its replies (per municipality). */
@Entity('standard_condition')
export class StandardCondition extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('smallint', { default: 1 }) municipalityId: number;
  @Column('integer') position: number;
  @Column('text') text: string;
  @Column('boolean', { default: true }) active: boolean;
}

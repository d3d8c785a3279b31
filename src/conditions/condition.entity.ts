import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TransitionRecord, Versioned } from '../database/base-entities';
import type { ConditionState } from './condition-state-machine';

/** A supplementary opinion or condition, tracked as the department's obligation. */
@Entity('case_condition')
export class CaseCondition extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('uuid', { nullable: true }) replyId: string | null;
  @Column('integer', { default: 1 }) position: number;
  @Column('text') text: string;
  @Column('uuid') departmentId: string;
  @Column('date') dueDate: string;
  @Column('text', { default: 'open' }) state: ConditionState;
  @Column('text', { nullable: true }) closingComment: string | null;
  @Column('timestamptz', { nullable: true }) closedAt: Date | null;
}

/** One move of a condition (report, close, reopen). */
@Entity('condition_transition')
export class ConditionTransition extends TransitionRecord {
  @Column('uuid') conditionId: string;
}

/** 対応報告: what the department did about a condition. */
@Entity('condition_report')
export class ConditionReport {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') conditionId: string;
  @Column('text') body: string;
  @Column('uuid', { nullable: true }) submittedById: string | null;
  @Column('text') submittedByName: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('condition_report_attachment')
export class ConditionReportAttachment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') reportId: string;
  @Column('text') filename: string;
  @Column('text') contentType: string;
  @Column('integer') sizeBytes: number;
  @Column('bytea', { select: false }) data: Buffer;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

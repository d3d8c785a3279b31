import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Versioned } from '../database/base-entities';
import type { MeetingState } from './meeting-state-machine';

/** 第N回 meeting of the council. */
@Entity('meeting')
export class Meeting extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('integer') number: number;
  @Column('timestamptz') startsAt: Date;
  @Column('timestamptz', { nullable: true }) endsAt: Date | null;
  @Column('text') place: string;
  @Column('text', { default: 'planned' }) state: MeetingState;
  /** その他: what was said under "other business". */
  @Column('text', { nullable: true }) otherNotes: string | null;
  @Column('timestamptz', { nullable: true }) convenedAt: Date | null;
  @Column('timestamptz', { nullable: true }) heldAt: Date | null;
  @Column('timestamptz', { nullable: true }) closedAt: Date | null;
  @Column('uuid', { nullable: true }) createdById: string | null;
}

/** Settings of the council's meetings (one row). */
@Entity('council_setting')
export class CouncilSetting {
  @Column('smallint', { primary: true }) id: number;
  @Column('integer') quorumNumerator: number;
  @Column('integer') quorumDenominator: number;
  /** false: more than the fraction (過半数); true: at least the fraction (2/3以上). */
  @Column('boolean') quorumInclusive: boolean;
  /** Default due date of a condition, in days after the reply. */
  @Column('integer') conditionDueDays: number;
  @VersionColumn() version: number;
}

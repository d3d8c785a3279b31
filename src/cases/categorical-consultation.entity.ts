import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Versioned } from '../database/base-entities';
import type { AnswerConditions } from './legal-basis.entity';

/**
 * 類型諮問: a consultation the council approved for a whole category. The workflow adds one when
 * a consultation is approved as categorical; the assessment cites it when the answers fall inside.
 */
@Entity('categorical_consultation')
export class CategoricalConsultation extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') title: string;
  /** Assessment answers the category covers (same shape as a legal basis rule). */
  @Column('jsonb', { default: () => "'{}'" }) criteria: AnswerConditions;
  /** The reply that approved it, e.g. 答申第12号（令和7年8月20日）. */
  @Column('text', { default: '' }) replyReference: string;
  @Column('uuid', { nullable: true }) sourceCaseId: string | null;
  /** The issued reply that approved the category, when it was recorded through the workflow. */
  @Column('uuid', { nullable: true }) replyId: string | null;
  @Column('boolean', { default: true }) active: boolean;
}

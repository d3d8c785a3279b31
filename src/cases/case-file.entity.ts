import { Column, DeleteDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Versioned } from '../database/base-entities';
import { Department } from '../departments/department.entity';
import type { CaseState } from '../workflow/case-state-machine';

/**
 * A case (諮問・報告事項 / 諮問事案書). This is its core; the case-file feature adds its content
 * (overview, sections, item list, …) and the workflow feature its states and numbering.
 */
@Entity('case_file')
export class CaseFile extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') departmentId: string;
  @ManyToOne(() => Department)
  @JoinColumn({ name: 'department_id' })
  department?: Department;
  /** 件名 */
  @Column('text', { default: '' }) title: string;
  /** Workflow state; the transitions live in the workflow state machine. */
  @Column('text', { default: 'draft' }) status: CaseState;
  /**
   * How the case goes to the council: `consultation` (諮問事項, deliberated and voted) when any of
   * its legal bases is a consultation, otherwise `report` (報告事項). Kept by the case-file feature.
   */
  @Column('text', { default: 'consultation' }) procedure: 'consultation' | 'report';
  /** 機密性 1–3, printed on every document. */
  @Column('smallint', { default: 2 }) confidentialityLevel: number;
  // ---- content kept by the case-file feature (src/cases) ----
  /** 担当係 */
  @Column('text', { default: '' }) sectionName: string;
  /** 担当者 */
  @Column('text', { default: '' }) contactName: string;
  /** 内線 */
  @Column('text', { default: '' }) extension: string;
  /** 事業の概要: 事業名 */
  @Column('text', { default: '' }) businessName: string;
  /** 事業の概要: 担当課 (as printed, e.g. 地域文化部地域調整課) */
  @Column('text', { default: '' }) businessDepartment: string;
  /** 事業の概要: 目的 */
  @Column('text', { default: '' }) purpose: string;
  /** 事業の概要: 対象者 */
  @Column('text', { default: '' }) targetPersons: string;
  /** 事業の概要: 事業内容 */
  @Column('text', { default: '' }) businessContent: string;
  /** Why the service is introduced (e.g. 電子申請サービスを導入する理由), printed before the sections. */
  @Column('text', { default: '' }) background: string;
  /** 事後諮問 */
  @Column('boolean', { default: false }) retroactive: boolean;
  @Column('text', { default: '' }) retroactiveReason: string;
  /** Free note on related cases (earlier consultations outside the system, …). */
  @Column('text', { default: '' }) relatedNote: string;
  /** システム安全対策の概要: numbered list. */
  @Column('jsonb', { default: () => "'[]'" }) securityMeasures: string[];
  /** The sentence before the measures (why they are needed, e.g. which lines connect what). */
  @Column('text', { default: '' }) securityMeasuresIntro: string;
  /** The earlier case this one was copied from. */
  @Column('uuid', { nullable: true }) copiedFromId: string | null;
  // Its search text and n-grams live in case_search (see search-text.ts), written only by a save.
  /** 受付番号, e.g. R8-017; assigned on acceptance. */
  @Column('text', { nullable: true }) receiptNumber: string | null;
  @Column('uuid') createdById: string;
  @Column('uuid', { nullable: true }) updatedById: string | null;
  /**
   * Set when a clerk deletes the draft (the bin). TypeORM's find/query builder leave such rows out
   * by themselves; raw SQL must add `notDeleted('c')` (see soft-delete.ts).
   */
  @DeleteDateColumn({ type: 'timestamptz', nullable: true }) deletedAt: Date | null;
  @Column('uuid', { nullable: true }) deletedById: string | null;
}

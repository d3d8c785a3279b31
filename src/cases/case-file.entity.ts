import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Department } from '../departments/department.entity';

/**
 * A case (諮問・報告事項 / 諮問事案書). This is its core; the case-file feature adds its content
 * (overview, sections, item list, …) and the workflow feature its states and numbering.
 */
@Entity('case_file')
export class CaseFile {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') departmentId: string;
  @ManyToOne(() => Department)
  @JoinColumn({ name: 'department_id' })
  department?: Department;
  /** 件名 */
  @Column('text', { default: '' }) title: string;
  /** Workflow state; the transitions live in the workflow state machine. */
  @Column('text', { default: 'draft' }) status: string;
  /**
   * How the case goes to the council: `consultation` (諮問事項, deliberated and voted) when any of
   * its legal bases is a consultation, otherwise `report` (報告事項). Kept by the case-file feature.
   */
  @Column('text', { default: 'consultation' }) procedure: 'consultation' | 'report';
  /** 機密性 1–3, printed on every document. */
  @Column('smallint', { default: 2 }) confidentialityLevel: number;
  /** 受付番号, e.g. R8-017; assigned on acceptance. */
  @Column('text', { nullable: true }) receiptNumber: string | null;
  @Column('uuid') createdById: string;
  @Column('uuid', { nullable: true }) updatedById: string | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { CellValue, SectionKind } from './case-kinds';

/** A legal basis chosen for a case, in the order shown. */
@Entity('case_legal_basis')
export class CaseLegalBasis {
  @PrimaryColumn('uuid') caseId: string;
  @PrimaryColumn('uuid') legalBasisId: string;
  @Column('integer') position: number;
}

@Entity('case_relation')
export class CaseRelation {
  @PrimaryColumn('uuid') caseId: string;
  @PrimaryColumn('uuid') relatedCaseId: string;
  @Column('integer') position: number;
}

/** One sheet (別紙) of a case; its fields depend on its kind and are validated by the section DTOs. */
@Entity('case_section')
export class CaseSection {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('integer') position: number;
  @Column('text') kind: SectionKind;
  @Column('uuid') legalBasisId: string;
  /** Outsourcing: the clause-set version chosen (kept here as well as a foreign key). */
  @Column('uuid', { nullable: true }) clauseSetVersionId: string | null;
  @Column('jsonb') payload: Record<string, unknown>;
}

/** A column of the personal-data item list (付属資料1), e.g. 氏名. */
@Entity('case_item_column')
export class CaseItemColumn {
  @PrimaryColumn('uuid') caseId: string;
  @PrimaryColumn('text') key: string;
  @Column('text') label: string;
  @Column('text', { default: '' }) groupLabel: string;
  /** 要配慮個人情報 */
  @Column('boolean', { default: false }) sensitive: boolean;
  /** マイナンバー (個人番号) */
  @Column('boolean', { default: false }) myNumber: boolean;
  @Column('integer') position: number;
}

/** A row of the item list: one procedure (申請手続). */
@Entity('case_item_row')
export class CaseItemRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('integer') position: number;
  /** 担当課/業務名 */
  @Column('text', { default: '' }) departmentBusiness: string;
  /** 申請手続名 */
  @Column('text', { default: '' }) procedureName: string;
  /** column key → ◎ (`required`) / ○ (`optional`); absent = blank */
  @Column('jsonb', { default: () => "'{}'" }) cells: Record<string, CellValue>;
  /** その他個人に関する情報項目 */
  @Column('text', { default: '' }) otherItems: string;
  /** 備考 */
  @Column('text', { default: '' }) note: string;
}

@Entity('case_attachment')
export class CaseAttachment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('text') title: string;
  /** e.g. 資料2 */
  @Column('text', { default: '' }) materialLabel: string;
  @Column('text') fileName: string;
  /** Detected from the content, never taken from the client. */
  @Column('text') mediaType: string;
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  sizeBytes: number;
  @Column('text') sha256: string;
  /** File name under DATA_DIR/attachments. */
  @Column('text') storageKey: string;
  @Column('uuid') createdById: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  /** Set when removed (the bin); the file stays under DATA_DIR until the purge. */
  @DeleteDateColumn({ type: 'timestamptz', nullable: true }) deletedAt: Date | null;
  @Column('uuid', { nullable: true }) deletedById: string | null;
}

/** A frozen copy of the case aggregate, for the diff a secretariat reads after a send-back. */
@Entity('case_snapshot')
export class CaseSnapshot {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('integer') seq: number;
  @Column('integer') caseVersion: number;
  @Column('text') status: string;
  @Column('text', { default: '' }) reason: string;
  @Column('jsonb') data: unknown;
  @Column('uuid', { nullable: true }) createdById: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

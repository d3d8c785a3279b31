import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Versioned } from '../database/base-entities';
import type { BasisProcedure, OutsourcingSubtype, SectionKind } from './case-kinds';

/** Answers of the assessment a basis (or a categorical consultation) applies to; see assessment.ts. */
export type AnswerConditions = Record<string, boolean | string | string[]>;

/** One article of the municipality's ordinance that makes a case a consultation or a report (条例の根拠). */
@Entity('legal_basis')
export class LegalBasis extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Stable key for seeds and rules, e.g. `law129-external-connection`. */
  @Column('text') code: string;
  /** Which ordinance (style) the article belongs to, e.g. ○○市個人情報保護条例. */
  @Column('text', { default: '' }) ordinance: string;
  /** e.g. 第17条第1項第4号 */
  @Column('text') article: string;
  /** e.g. 電子計算機の外部結合 */
  @Column('text') shortName: string;
  @Column('text') procedure: BasisProcedure;
  @Column('text') sectionKind: SectionKind;
  /** For outsourcing bases: the subtypes the article covers. */
  @Column('jsonb', { default: () => "'[]'" }) outsourcingSubtypes: OutsourcingSubtype[];
  /** The rule: the assessment answers that make this basis apply (all must match; empty: never suggested). */
  @Column('jsonb', { default: () => "'{}'" }) appliesWhen: AnswerConditions;
  @Column('integer', { default: 0 }) sortOrder: number;
  /**
   * The framework leaves the consultation to the implementing body (法第129条: it *may* consult the
   * council): the assessment says the consultation is optional instead of required.
   */
  @Column('boolean', { default: false }) optional: boolean;
  @Column('boolean', { default: false }) retired: boolean;
}

/** What names a legal basis and places it in the papers: the shape its copies (rules, refs, seeds) share. */
export type BasisIdentity = Pick<
  LegalBasis,
  'code' | 'ordinance' | 'article' | 'shortName' | 'procedure' | 'sectionKind' | 'outsourcingSubtypes'
>;

/** A basis as the rule engine and the catalog seed know it: its identity and when it applies. */
export type BasisRule = BasisIdentity &
  Pick<LegalBasis, 'appliesWhen' | 'sortOrder'> & {
    /** The framework leaves this consultation to the implementing body (法第129条). */
    optional?: boolean;
  };

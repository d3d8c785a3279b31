import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Versioned } from '../database/base-entities';
import type { FindingState } from './finding-state-machine';

/**
 * The facts of a 特定個人情報保護評価 sent to the council for its 第三者点検. One per case: the review is
 * a case (its department, states, 受付番号, agenda item and packet are the case's).
 */
@Entity('impact_assessment')
export class ImpactAssessment extends Versioned {
  @PrimaryColumn('uuid') caseId: string;
  @Column('smallint') councilId: number;
  /** 評価の対象となる事務の名称 */
  @Column('text') affairName: string;
  /** 特定個人情報ファイルの名称 */
  @Column('text') fileName: string;
  /** 対象人数 */
  @Column('integer') targetCount: number;
  /** 取扱者数 */
  @Column('integer') handlerCount: number;
  /** 過去1年以内の重大事故 */
  @Column('boolean') seriousIncident: boolean;
  /** 評価実施日 (YYYY-MM-DD) */
  @Column('date') evaluatedOn: string;
  /** 重要な変更 recorded by the department: the reassessment is due at once. */
  @Column('date', { nullable: true }) significantChangeOn: string | null;
  @Column('text', { nullable: true }) significantChangeNote: string | null;
  /** The council's overall conclusion (点検結果), written by the secretariat. */
  @Column('text', { default: '' }) conclusion: string;
}

export const CHECK_RESULTS = ['confirmed', 'finding', 'notApplicable'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];
export const CHECK_RESULT_LABELS: Record<CheckResult, string> = {
  confirmed: '確認済',
  finding: '指摘あり',
  notApplicable: '該当なし',
};

/** One 点検項目 of the council's checklist, under a section of the 評価書. */
@Entity('assessment_check_item')
export class AssessmentCheckItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('smallint') councilId: number;
  @Column('uuid') caseId: string;
  @Column('integer') position: number;
  @Column('text') section: string;
  @Column('text') label: string;
  @Column('text', { nullable: true }) result: CheckResult | null;
  @Column('text', { default: '' }) comment: string;
}

/** 指摘事項: tracked until the department answers and the secretariat accepts the answer. */
@Entity('assessment_finding')
export class AssessmentFinding extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('smallint') councilId: number;
  @Column('uuid') caseId: string;
  @Column('uuid', { nullable: true }) checkItemId: string | null;
  @Column('integer') position: number;
  @Column('text') text: string;
  @Column('text', { default: 'open' }) state: FindingState;
  @Column('text', { nullable: true }) answer: string | null;
  @Column('text', { nullable: true }) answeredByName: string | null;
  @Column('timestamptz', { nullable: true }) answeredAt: Date | null;
  @Column('text', { nullable: true }) decisionComment: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt: Date | null;
}

export const IMPACT_ASSESSMENT_ENTITIES = [ImpactAssessment, AssessmentCheckItem, AssessmentFinding];

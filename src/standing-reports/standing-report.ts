import type { EntityManager } from 'typeorm';
import type { ReportPeriod } from './report-period';

/** One cell of a report table: text, or a count printed right-aligned. */
export type ReportCell = string | number;

export interface ReportTable {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly ReportCell[])[];
  /** A 計 row, printed under a rule. */
  readonly total?: readonly ReportCell[];
  /** Printed instead of an empty table (e.g. 該当なし). */
  readonly empty?: string;
}

export interface ReportSection {
  readonly heading: string;
  readonly tables: readonly ReportTable[];
  readonly notes: readonly string[];
}

/** A section of one table: its heading, the table, and the notes under it. */
export function tableSection(
  heading: string,
  table: ReportTable,
  notes: readonly string[] = [],
): ReportSection {
  return { heading, tables: [table], notes };
}

/** A standing report (報告事項) as plain data: the API answers it, the template prints it. */
export interface StandingReport {
  readonly kind: string;
  /** 個人情報の運用状況について */
  readonly title: string;
  readonly period: ReportPeriod;
  readonly confidentialityLevel: 1 | 2 | 3;
  readonly sections: readonly ReportSection[];
}

/**
 * One kind of standing report. Features own their figures (the file register its 登録状況, the
 * incident register its 事故等の状況) and register a source with StandingReportRegistry; the
 * standing-reports feature only periods, prints and puts them on an agenda.
 */
export interface StandingReportSource {
  readonly kind: string;
  /** Order on the agenda when several are added at once (登録状況, 運用状況, 事故等の状況). */
  readonly order: number;
  /** e.g. 個人情報の運用状況について */
  readonly title: string;
  /** 機密性 printed on the paper (default 1: figures only; a list naming incidents is 2). */
  readonly confidentialityLevel?: 1 | 2 | 3;
  sections(m: EntityManager, period: ReportPeriod): Promise<ReportSection[]>;
}

/** A section another feature adds to the 運用状況報告書 (e.g. incidents, impact assessments reviewed). */
export interface OperationsSectionSource {
  readonly order: number;
  section(m: EntityManager, period: ReportPeriod): Promise<ReportSection>;
}

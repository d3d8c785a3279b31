import { BASIS_PROCEDURE_LABELS, BASIS_PROCEDURES } from '../../cases/case-kinds';
import { barChart, histogram, lineChart, stackedBarChart } from '../charts/charts';
import type { StatisticsDto } from '../dto/statistics.dto';
import { monthAxisLabel } from '../figures';

/** The page's four charts as SVG markup, built by our own chart functions from the same figures as the tables. */
export interface StatisticsCharts {
  byFiscalYear: string;
  byLegalBasis: string;
  processingDays: string;
  conditions: string;
}

export const FISCAL_MONTHS = [
  '4月',
  '5月',
  '6月',
  '7月',
  '8月',
  '9月',
  '10月',
  '11月',
  '12月',
  '1月',
  '2月',
  '3月',
];

export interface ConditionMatrixRow {
  fiscalYearLabel: string;
  measure: string;
  /** April to March; ― for a month still ahead. */
  cells: string[];
}

/**
 * The month-end figures as a fiscal year × month table (two rows a year: open, overdue): five years
 * stay one screen instead of sixty rows.
 */
export function conditionMatrix(s: StatisticsDto): ConditionMatrixRow[] {
  const rows: ConditionMatrixRow[] = [];
  for (const fy of s.casesByFiscalYear) {
    const cells = (pick: 'open' | 'overdue') =>
      FISCAL_MONTHS.map((_, i) => {
        const y = fy.fiscalYear + (i >= 9 ? 1 : 0);
        const month = `${y}-${String(((i + 3) % 12) + 1).padStart(2, '0')}`;
        const v = s.conditionsByMonth.find((m) => m.month === month)?.[pick];
        return v === undefined ? '―' : String(v);
      });
    const open = cells('open');
    if (open.every((c) => c === '―')) continue;
    rows.push({ fiscalYearLabel: fy.label, measure: '未完了', cells: open });
    rows.push({ fiscalYearLabel: fy.label, measure: 'うち期限超過', cells: cells('overdue') });
  }
  return rows;
}

export function statisticsCharts(s: StatisticsDto): StatisticsCharts {
  const span = `${s.range.fromLabel}から${s.range.toLabel}まで`;
  const cases = s.casesByFiscalYear.reduce((a, y) => a + y.total, 0);
  const last = s.conditionsByMonth.at(-1);
  return {
    byFiscalYear: stackedBarChart(
      {
        id: 'chart-fiscal-year',
        title: '年度別・手続別の事案の件数',
        desc: `${span}の年度ごとの事案の件数（初回提出日の年度）を、諮問・事前報告・報告に分けて積み上げた棒グラフ。合計 ${cases} 件。数値は次の表のとおり。`,
      },
      s.casesByFiscalYear.map((y) => y.label),
      BASIS_PROCEDURES.map((p) => ({
        name: BASIS_PROCEDURE_LABELS[p],
        values: s.casesByFiscalYear.map((y) => y[p]),
      })),
      { unit: '件' },
    ),
    byLegalBasis: barChart(
      {
        id: 'chart-legal-basis',
        title: '条例の根拠別の事案の件数',
        desc: `${span}に提出された事案が挙げた条例の根拠ごとの件数の横棒グラフ。1件の事案が複数の根拠を挙げることがある。数値は次の表のとおり。`,
      },
      s.casesByLegalBasis.map((b) => ({ label: `${b.article} ${b.shortName}`, value: b.total })),
      { unit: '件' },
    ),
    processingDays: histogram(
      {
        id: 'chart-processing-days',
        title: '提出から答申までの日数の分布',
        desc:
          s.processingDays.count > 0
            ? `${span}に答申した ${s.processingDays.count} 件の、初回提出日から答申日までの日数の分布。中央値 ${s.processingDays.medianDays} 日、最大 ${s.processingDays.maxDays} 日。数値は次の表のとおり。`
            : `${span}に答申した事案の、初回提出日から答申日までの日数の分布。`,
      },
      s.processingDays.bins.map((b) => ({ label: b.label, count: b.count })),
      { xLabel: '提出から答申までの日数' },
    ),
    conditions: lineChart(
      {
        id: 'chart-conditions',
        title: '付帯意見・条件の推移（月末時点）',
        desc: last
          ? `${span}の各月末時点で完了していない付帯意見・条件の数と、そのうち期限を過ぎて対応中のものの数の折れ線グラフ。${last.label}末時点で未完了 ${last.open} 件、期限超過 ${last.overdue} 件。数値は次の表のとおり。`
          : `${span}の各月末時点の付帯意見・条件の数の折れ線グラフ。`,
      },
      s.conditionsByMonth.map((m) => monthAxisLabel(m.month)),
      [
        { name: '未完了', values: s.conditionsByMonth.map((m) => m.open) },
        { name: '期限超過', values: s.conditionsByMonth.map((m) => m.overdue) },
      ],
    ),
  };
}

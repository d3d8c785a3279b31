import type { StatisticsDto } from '../dto/statistics.dto';
import { conditionMatrix, statisticsCharts } from './statistics-view';

const figures = (months: [string, number, number][]): StatisticsDto => ({
  range: { from: 2025, to: 2026, fromLabel: '令和7年度', toLabel: '令和8年度' },
  casesByFiscalYear: [2025, 2026].map((fiscalYear) => ({
    fiscalYear,
    label: fiscalYear === 2025 ? '令和7年度' : '令和8年度',
    consultation: 0,
    priorReport: 0,
    report: 0,
    total: 0,
  })),
  casesByLegalBasis: [],
  processingDays: { count: 0, medianDays: null, maxDays: null, bins: [] },
  conditionsByMonth: months.map(([month, open, overdue]) => ({
    month,
    label: month,
    asOf: month,
    open,
    overdue,
  })),
});

describe('statistics page view model', () => {
  it('lays the month ends out as fiscal year × April–March, ― for months still ahead', () => {
    const rows = conditionMatrix(
      figures([
        ['2025-04', 1, 0],
        ['2026-03', 3, 2],
        ['2026-04', 2, 1],
      ]),
    );
    expect(rows).toEqual([
      { fiscalYearLabel: '令和7年度', measure: '未完了', cells: ['1', ...Array(10).fill('―'), '3'] },
      { fiscalYearLabel: '令和7年度', measure: 'うち期限超過', cells: ['0', ...Array(10).fill('―'), '2'] },
      { fiscalYearLabel: '令和8年度', measure: '未完了', cells: ['2', ...Array(11).fill('―')] },
      { fiscalYearLabel: '令和8年度', measure: 'うち期限超過', cells: ['1', ...Array(11).fill('―')] },
    ]);
  });

  it('a year with no month reached yet has no rows', () => {
    expect(conditionMatrix(figures([['2025-04', 1, 0]])).map((r) => r.fiscalYearLabel)).toEqual([
      '令和7年度',
      '令和7年度',
    ]);
  });

  it('with no cases, the case charts say データがありません; the chart ids are unique', () => {
    const charts = statisticsCharts(figures([['2025-04', 0, 0]]));
    expect(charts.byFiscalYear).toContain('データがありません');
    expect(charts.byLegalBasis).toContain('データがありません');
    expect(charts.processingDays).toContain('データがありません');
    const ids = Object.values(charts).map((svg) => /<svg[^>]* id="([^"]+)"/.exec(svg)![1]);
    expect(new Set(ids).size).toBe(4);
  });
});

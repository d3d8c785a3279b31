import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { BASIS_PROCEDURE_LABELS, type BasisProcedure } from '../cases/case-kinds';
import { todayInJapan } from '../common/format/today';
import { fiscalYearLabel, fiscalYearOf } from '../workflow/numbering';
import type { StatisticsDto, StatisticsQueryDto } from './dto/statistics.dto';
import { dayBins, daySummary, DEFAULT_SPAN, MAX_SPAN, monthLabel } from './figures';
import { StatisticsErrors } from './statistics.errors';
import { FIRST_SUBMISSIONS, PROCEDURE_KIND, CONDITION_SINCE } from './case-figures-sql';

/**
 * A case counts from its first submission (the first `submit` transition), in Japan time; drafts
 * never submitted and cases in the bin are left out. These are the cases the secretariat sees.
 */
const SUBMITTED_CASES = `
  SELECT f.id, f.procedure, sub.at AS submitted_at,
         extract(year FROM (sub.at AT TIME ZONE 'Asia/Tokyo') - interval '3 months')::int AS fiscal_year
    FROM case_file f
    JOIN ${FIRST_SUBMISSIONS} sub
      ON sub.case_id = f.id
   WHERE f.deleted_at IS NULL`;

interface Range {
  from: number;
  to: number;
}

/** The secretariat's annual figures, straight from the records. */
@Injectable()
export class StatisticsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The range asked for, or the current fiscal year and the four before it. */
  range(q: StatisticsQueryDto, now = new Date()): Range {
    const current = fiscalYearOf(now);
    const to = q.to ?? (q.from !== undefined ? Math.max(q.from, current) : current);
    const from = q.from ?? to - (DEFAULT_SPAN - 1);
    if (from > to) throw StatisticsErrors.rangeReversed();
    if (to - from + 1 > MAX_SPAN) throw StatisticsErrors.rangeTooLong();
    return { from, to };
  }

  async figures(q: StatisticsQueryDto, now = new Date()): Promise<StatisticsDto> {
    const range = this.range(q, now);
    // One snapshot: the charts and tables of a page agree with each other.
    return this.ds.transaction('REPEATABLE READ', async (m) => ({
      range: {
        ...range,
        fromLabel: fiscalYearLabel(range.from),
        toLabel: fiscalYearLabel(range.to),
      },
      casesByFiscalYear: await this.casesByFiscalYear(m, range),
      casesByLegalBasis: await this.casesByLegalBasis(m, range),
      processingDays: await this.processingDays(m, range),
      conditionsByMonth: await this.conditionsByMonth(m, range, now),
    }));
  }

  /** The fiscal year of the first case ever submitted (the current one when there is none yet). */
  async firstFiscalYear(now = new Date()): Promise<number> {
    const [row]: { fy: number | null }[] = await this.ds.query(
      `SELECT min(c.fiscal_year) AS fy FROM (${SUBMITTED_CASES}) c`,
    );
    return row?.fy ?? fiscalYearOf(now);
  }

  private years({ from, to }: Range): number[] {
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }

  /** 諮問 when any basis is a consultation (the case's procedure); else 事前報告 when any basis asks for one; else 報告. */
  private async casesByFiscalYear(
    m: EntityManager,
    range: Range,
  ): Promise<StatisticsDto['casesByFiscalYear']> {
    const rows: { fiscal_year: number; kind: BasisProcedure; n: number }[] = await m.query(
      `WITH c AS (${SUBMITTED_CASES})
       SELECT c.fiscal_year,
              ${PROCEDURE_KIND} AS kind,
              count(*)::int AS n
         FROM c WHERE c.fiscal_year BETWEEN $1 AND $2
        GROUP BY 1, 2`,
      [range.from, range.to],
    );
    return this.years(range).map((fy) => {
      const of = (k: BasisProcedure) => rows.find((r) => r.fiscal_year === fy && r.kind === k)?.n ?? 0;
      const counts = {
        consultation: of('consultation'),
        priorReport: of('priorReport'),
        report: of('report'),
      };
      return {
        fiscalYear: fy,
        label: fiscalYearLabel(fy),
        ...counts,
        total: counts.consultation + counts.priorReport + counts.report,
      };
    });
  }

  /** Each basis a case cites counts the case once; bases no case in the range cites are left out. */
  private async casesByLegalBasis(
    m: EntityManager,
    range: Range,
  ): Promise<StatisticsDto['casesByLegalBasis']> {
    const rows: {
      id: string;
      code: string;
      ordinance: string;
      article: string;
      short_name: string;
      procedure: BasisProcedure;
      fiscal_year: number;
      n: number;
    }[] = await m.query(
      `WITH c AS (${SUBMITTED_CASES})
       SELECT b.id, b.code, b.ordinance, b.article, b.short_name, b.procedure, c.fiscal_year, count(*)::int AS n
         FROM c JOIN case_legal_basis cb ON cb.case_id = c.id JOIN legal_basis b ON b.id = cb.legal_basis_id
        WHERE c.fiscal_year BETWEEN $1 AND $2
        GROUP BY b.id, c.fiscal_year
        ORDER BY b.sort_order, b.code, c.fiscal_year`,
      [range.from, range.to],
    );
    const bases = new Map<string, StatisticsDto['casesByLegalBasis'][number]>();
    for (const r of rows) {
      let b = bases.get(r.id);
      if (!b) {
        b = {
          legalBasisId: r.id,
          code: r.code,
          ordinance: r.ordinance,
          article: r.article,
          shortName: r.short_name,
          procedure: r.procedure,
          procedureLabel: BASIS_PROCEDURE_LABELS[r.procedure],
          byFiscalYear: this.years(range).map((fiscalYear) => ({ fiscalYear, count: 0 })),
          total: 0,
        };
        bases.set(r.id, b);
      }
      b.byFiscalYear[r.fiscal_year - range.from].count = r.n;
      b.total += r.n;
    }
    return [...bases.values()];
  }

  /** Calendar days from the first submission (Japan date) to the reply's date (答申日), issued replies only. */
  private async processingDays(m: EntityManager, range: Range): Promise<StatisticsDto['processingDays']> {
    const rows: { days: number }[] = await m.query(
      `WITH c AS (${SUBMITTED_CASES})
       SELECT (r.reply_date - (c.submitted_at AT TIME ZONE 'Asia/Tokyo')::date)::int AS days
         FROM reply r JOIN c ON c.id = r.case_id
        WHERE r.state = 'issued' AND r.reply_date >= make_date($1, 4, 1) AND r.reply_date < make_date($2 + 1, 4, 1)`,
      [range.from, range.to],
    );
    const days = rows.map((r) => r.days);
    return { ...daySummary(days), bins: dayBins(days) };
  }

  /**
   * Per month of the range up to this one: the conditions not closed at the month's end (today for
   * this month), and of those the ones still open (no follow-up report) past their due date. A
   * condition's state at a moment is the target of its last transition before then, else `open`.
   */
  private async conditionsByMonth(
    m: EntityManager,
    range: Range,
    now: Date,
  ): Promise<StatisticsDto['conditionsByMonth']> {
    const today = todayInJapan(now);
    const rows: { month: string; as_of: string; open: number; overdue: number }[] = await m.query(
      `WITH months AS (
         SELECT to_char(mo, 'YYYY-MM') AS month,
                LEAST((mo + interval '1 month')::timestamp AT TIME ZONE 'Asia/Tokyo', $3::timestamptz) AS cutoff,
                LEAST((mo + interval '1 month' - interval '1 day')::date, $4::date) AS as_of
           -- Timestamps without zone: a month is a Japanese calendar month, whatever the session's zone.
           FROM generate_series(make_date($1, 4, 1)::timestamp,
                                LEAST(make_date($2 + 1, 3, 1), date_trunc('month', $4::date)::date)::timestamp,
                                interval '1 month') mo
       ), conditions AS (
         -- A condition exists from its reply's 答申日 (or its first transition, or its row, whichever is
         -- first): imported or re-entered history keeps its dates though the row is new.
         SELECT c.id, c.due_date,
                ${CONDITION_SINCE} AS since
           FROM case_condition c
           JOIN case_file f ON f.id = c.case_id AND f.deleted_at IS NULL
           LEFT JOIN reply r ON r.id = c.reply_id
       ), states AS (
         SELECT mo.month, c.due_date, mo.as_of,
                coalesce((SELECT t.to_state FROM condition_transition t
                           WHERE t.condition_id = c.id AND t.occurred_at < mo.cutoff
                           ORDER BY t.occurred_at DESC LIMIT 1), 'open') AS state
           FROM months mo
           JOIN conditions c ON c.since < mo.cutoff
       )
       SELECT mo.month, mo.as_of::text AS as_of,
              count(s.state) FILTER (WHERE s.state <> 'closed')::int AS open,
              count(s.state) FILTER (WHERE s.state = 'open' AND s.due_date < s.as_of)::int AS overdue
         FROM months mo LEFT JOIN states s ON s.month = mo.month
        GROUP BY mo.month, mo.as_of ORDER BY mo.month`,
      [range.from, range.to, now.toISOString(), today],
    );
    return rows.map((r) => ({
      month: r.month,
      label: monthLabel(r.month),
      asOf: r.as_of,
      open: r.open,
      overdue: r.overdue,
    }));
  }
}

import type { EntityManager } from 'typeorm';
import { BASIS_PROCEDURE_LABELS, type BasisProcedure } from '../cases/case-kinds';
import { formatWareki } from '../common/format/wareki';
import { REPLY_CONCLUSIONS } from '../replies/reply-document';
import type { ReplyOutcome } from '../replies/reply.entity';
import { formatReplyNumber } from '../workflow/numbering';
import type { ReportPeriod } from './report-period';
import { tableSection, type ReportSection } from './standing-report';
import { FIRST_SUBMISSIONS, PROCEDURE_KIND, CONDITION_SINCE } from '../statistics/case-figures-sql';

/**
 * The period as timestamps: from 00:00 of its first day to 00:00 after its last day, Japan time.
 * Every query below takes $1 = from, $2 = the end (exclusive) and compares timestamps, so a case
 * submitted at 23:30 on 31 March (Japan) falls in the old fiscal year whatever the session zone.
 */
const START = `($1::date::timestamp AT TIME ZONE 'Asia/Tokyo')`;
const END = `(($2::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo')`;

/** First submission of each case (cases in the bin left out), as the statistics count them. */
const SUBMITTED_IN_PERIOD = `
  SELECT f.id, f.procedure
    FROM case_file f
    JOIN ${FIRST_SUBMISSIONS} sub
      ON sub.case_id = f.id
   WHERE f.deleted_at IS NULL AND sub.at >= ${START} AND sub.at < ${END}`;

/** 諮問 when the case is a consultation; else 事前報告 when any basis asks for one; else 報告. */
async function casesByProcedure(m: EntityManager, period: ReportPeriod): Promise<ReportSection> {
  const rows: { kind: BasisProcedure; n: number }[] = await m.query(
    `WITH c AS (${SUBMITTED_IN_PERIOD})
     SELECT ${PROCEDURE_KIND} AS kind, count(*)::int AS n
       FROM c GROUP BY 1`,
    [period.from, period.to],
  );
  const kinds: BasisProcedure[] = ['consultation', 'priorReport', 'report'];
  const count = (k: BasisProcedure) => rows.find((r) => r.kind === k)?.n ?? 0;
  return tableSection(
    '審議会への諮問・報告の件数',
    {
      caption: '区分別の件数',
      columns: ['区分', '件数'],
      rows: kinds.map((k) => [BASIS_PROCEDURE_LABELS[k], count(k)]),
      total: ['計', kinds.reduce((s, k) => s + count(k), 0)],
    },
    ['期間中に所管課から提出された事案を、最初の提出日で数えています。'],
  );
}

async function casesByBasis(m: EntityManager, period: ReportPeriod): Promise<ReportSection> {
  const rows: {
    ordinance: string;
    article: string;
    short_name: string;
    procedure: BasisProcedure;
    n: number;
  }[] = await m.query(
    `WITH c AS (${SUBMITTED_IN_PERIOD})
       SELECT b.ordinance, b.article, b.short_name, b.procedure, count(*)::int AS n
         FROM c JOIN case_legal_basis cb ON cb.case_id = c.id JOIN legal_basis b ON b.id = cb.legal_basis_id
        GROUP BY b.id ORDER BY b.sort_order, b.code`,
    [period.from, period.to],
  );
  return tableSection(
    '根拠規定別の件数',
    {
      caption: '根拠規定別の件数',
      columns: ['根拠規定', '事項', '区分', '件数'],
      rows: rows.map((r) => [
        `${r.ordinance}${r.article}`,
        r.short_name,
        BASIS_PROCEDURE_LABELS[r.procedure],
        r.n,
      ]),
      empty: '該当なし',
    },
    ['一つの事案が複数の根拠規定によるときは、それぞれに数えています。'],
  );
}

async function replies(m: EntityManager, period: ReportPeriod): Promise<ReportSection> {
  const rows: { number: number | null; reply_date: string; title: string; outcome: ReplyOutcome }[] =
    await m.query(
      `SELECT r.number, r.reply_date::text AS reply_date, f.title, r.outcome
       FROM reply r JOIN case_file f ON f.id = r.case_id AND f.deleted_at IS NULL
      WHERE r.state = 'issued' AND r.reply_date BETWEEN $1::date AND $2::date
      ORDER BY r.reply_date, r.number NULLS LAST, f.title`,
      [period.from, period.to],
    );
  const outcomes = Object.keys(REPLY_CONCLUSIONS) as ReplyOutcome[];
  const counts = outcomes
    .map((o) => ({ o, n: rows.filter((r) => r.outcome === o).length }))
    .filter((c) => c.n > 0)
    .map((c) => `「${REPLY_CONCLUSIONS[c.o].replace(/。$/, '')}」${c.n}件`);
  return tableSection(
    '答申',
    {
      caption: '期間中に行った答申',
      columns: ['答申番号', '答申日', '件名', '結論'],
      rows: rows.map((r) => [
        r.number ? formatReplyNumber(r.number) : '（番号なし）',
        formatWareki(r.reply_date),
        r.title,
        REPLY_CONCLUSIONS[r.outcome].replace(/。$/, ''),
      ]),
      empty: '該当なし',
    },
    [rows.length ? `答申は${rows.length}件（${counts.join('、')}）です。` : '期間中の答申はありません。'],
  );
}

/**
 * A condition exists from its reply's 答申日 (or its row, whichever is first: imported history keeps
 * its dates); its state at the end of the period is the last transition before that moment.
 */
async function conditions(m: EntityManager, period: ReportPeriod): Promise<ReportSection> {
  const [r]: { attached: number; closed: number; open: number; overdue: number }[] = await m.query(
    `WITH c AS (
       SELECT c.id, c.due_date,
              ${CONDITION_SINCE} AS since,
              coalesce((SELECT t.to_state FROM condition_transition t
                         WHERE t.condition_id = c.id AND t.occurred_at < ${END}
                         ORDER BY t.occurred_at DESC LIMIT 1), 'open') AS state_at_end
         FROM case_condition c
         JOIN case_file f ON f.id = c.case_id AND f.deleted_at IS NULL
         LEFT JOIN reply r ON r.id = c.reply_id)
     SELECT count(*) FILTER (WHERE since >= ${START} AND since < ${END})::int AS attached,
            (SELECT count(DISTINCT t.condition_id) FROM condition_transition t JOIN c ON c.id = t.condition_id
              WHERE t.to_state = 'closed' AND t.occurred_at >= ${START} AND t.occurred_at < ${END})::int AS closed,
            count(*) FILTER (WHERE since < ${END} AND state_at_end <> 'closed')::int AS open,
            count(*) FILTER (WHERE since < ${END} AND state_at_end = 'open' AND due_date < $2::date)::int AS overdue
       FROM c`,
    [period.from, period.to],
  );
  return tableSection('付帯意見・条件への対応', {
    caption: '付帯意見・条件の件数',
    columns: ['区分', '件数'],
    rows: [
      ['期間中に付されたもの', r.attached],
      ['期間中に対応が完了したもの', r.closed],
      ['期間末日に対応中のもの', r.open],
      ['うち対応期限を過ぎているもの', r.overdue],
    ],
  });
}

/** The built-in sections of the 運用状況報告書, in printing order. */
export async function operationsSections(m: EntityManager, period: ReportPeriod): Promise<ReportSection[]> {
  return [
    await casesByProcedure(m, period),
    await casesByBasis(m, period),
    await replies(m, period),
    await conditions(m, period),
  ];
}

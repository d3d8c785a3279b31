import { formatWareki } from '../common/format/wareki';
import { fiscalYearLabel } from '../workflow/numbering';

/** The span a standing report covers: both ends are Japan calendar days, inclusive. */
export interface ReportPeriod {
  /** YYYY-MM-DD */
  readonly from: string;
  /** YYYY-MM-DD */
  readonly to: string;
  /** 令和7年度 / 令和8年4月1日から令和8年11月30日まで */
  readonly label: string;
}

export type PeriodChoice =
  | { readonly kind: 'fiscalYear'; readonly fiscalYear: number }
  | { readonly kind: 'range'; readonly from: string; readonly to: string };

/** Why a period cannot be used; the caller turns it into a problem. */
export type PeriodProblem = 'reversed' | 'invalidDate' | 'tooLong';

/** At most five years in one report: a standing report is about one year, or the months since the last meeting. */
export const MAX_PERIOD_DAYS = 5 * 366;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDay(s: string): boolean {
  if (!ISO_DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** 1 April to 31 March of the fiscal year. */
export function fiscalYearPeriod(fiscalYear: number): ReportPeriod {
  return { from: `${fiscalYear}-04-01`, to: `${fiscalYear + 1}-03-31`, label: fiscalYearLabel(fiscalYear) };
}

/** A fiscal year is named by its year (令和7年度); any other span by its two days in 和暦. */
export function resolvePeriod(choice: PeriodChoice): ReportPeriod | PeriodProblem {
  if (choice.kind === 'fiscalYear') return fiscalYearPeriod(choice.fiscalYear);
  const { from, to } = choice;
  if (!isCalendarDay(from) || !isCalendarDay(to)) return 'invalidDate';
  if (from > to) return 'reversed';
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_PERIOD_DAYS) return 'tooLong';
  const fy = Number(from.slice(0, 4)) - (from.slice(5) < '04-01' ? 1 : 0);
  if (from === `${fy}-04-01` && to === `${fy + 1}-03-31`) return fiscalYearPeriod(fy);
  return { from, to, label: `${formatWareki(from)}から${formatWareki(to)}まで` };
}

/**
 * "Since the last meeting": from the day after the council's previous meeting (held before
 * `meetingDate`) to the day before this one; with no earlier meeting, from the start of the fiscal
 * year the meeting falls in.
 */
export function sinceLastMeeting(meetingDate: string, previousMeetingDate: string | null): PeriodChoice {
  const dayBefore = addDays(meetingDate, -1);
  if (previousMeetingDate && previousMeetingDate < meetingDate) {
    const from = addDays(previousMeetingDate, 1);
    return { kind: 'range', from: from <= dayBefore ? from : dayBefore, to: dayBefore };
  }
  const fy = Number(meetingDate.slice(0, 4)) - (meetingDate.slice(5) < '04-01' ? 1 : 0);
  const from = `${fy}-04-01`;
  return {
    kind: 'range',
    from: from <= dayBefore ? from : meetingDate,
    to: from <= dayBefore ? dayBefore : meetingDate,
  };
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

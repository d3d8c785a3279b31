import type { AuthUser } from '../auth/auth-user';
import { caseVisibleSql } from '../cases/case-access-policy';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CASE_STATE_LABELS, CASE_STATES, type CaseState } from '../workflow/case-state-machine';
import { todayInJapan } from '../common/format/today';
import { FIRST_SUBMISSIONS } from '../statistics/case-figures-sql';

export interface DurationStats {
  count: number;
  medianDays: number | null;
  maxDays: number | null;
}

export interface SecretariatKpis {
  casesByState: { state: CaseState; label: string; count: number }[];
  intakeQueue: number;
  submissionToAcceptance: DurationStats;
  submissionToReply: DurationStats;
  overdueConditions: { id: string; caseTitle: string; departmentName: string; dueDate: string }[];
  openConditions: number;
  nextMeeting: {
    id: string;
    number: number;
    startsAt: string;
    state: string;
    items: number;
    itemsWithoutMaterials: { id: string; title: string }[];
  } | null;
}

/** Median of a list of numbers (mean of the two middle values for an even count). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function durationStats(days: number[]): DurationStats {
  const rounded = days.map((d) => Math.round(d * 10) / 10);
  return {
    count: days.length,
    medianDays: median(rounded),
    maxDays: rounded.length ? Math.max(...rounded) : null,
  };
}

/** The secretariat's dashboard figures. Durations count from the first submission. */
@Injectable()
export class KpiService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Counts only the cases `user` (the secretariat) sees, as the case-access policy decides. */
  async secretariat(user: AuthUser): Promise<SecretariatKpis> {
    const params: unknown[] = [];
    const visible = caseVisibleSql(user, 'c', (v) => {
      params.push(v);
      return `$${params.length}`;
    });
    const byState: { status: string; n: number }[] = await this.ds.query(
      `SELECT c.status, count(*)::int AS n FROM case_file c
        WHERE ${visible} AND c.deleted_at IS NULL GROUP BY c.status`,
      params,
    );
    const counts = new Map(byState.map((r) => [r.status, r.n]));
    const toAccept: { days: number }[] = await this.ds.query(
      `SELECT extract(epoch FROM (a.at - s.at)) / 86400 AS days
         FROM ${FIRST_SUBMISSIONS} s
         JOIN (SELECT case_id, min(occurred_at) AS at FROM case_transition WHERE action = 'accept' GROUP BY case_id) a
           ON a.case_id = s.case_id`,
    );
    const toReply: { days: number }[] = await this.ds.query(
      `SELECT extract(epoch FROM (r.issued_at - s.at)) / 86400 AS days
         FROM reply r
         JOIN ${FIRST_SUBMISSIONS} s
           ON s.case_id = r.case_id
        WHERE r.state = 'issued'`,
    );
    const today = todayInJapan();
    const overdue: { id: string; caseTitle: string; departmentName: string; dueDate: string }[] =
      await this.ds.query(
        `SELECT c.id, f.title AS "caseTitle", d.name AS "departmentName", c.due_date::text AS "dueDate"
         FROM case_condition c JOIN case_file f ON f.id = c.case_id JOIN department d ON d.id = c.department_id
        WHERE c.state = 'open' AND c.due_date < $1::date ORDER BY c.due_date`,
        [today],
      );
    const [{ open }] = await this.ds.query(
      `SELECT count(*)::int AS open FROM case_condition WHERE state <> 'closed'`,
    );
    const [meeting]: { id: string; number: number; starts_at: Date; state: string }[] = await this.ds.query(
      // The first one still ahead; failing that, the latest one left unheld.
      `SELECT id, number, starts_at, state FROM meeting WHERE state IN ('planned','convened')
        ORDER BY (starts_at >= now()) DESC, CASE WHEN starts_at >= now() THEN starts_at END ASC, starts_at DESC LIMIT 1`,
    );
    let nextMeeting: SecretariatKpis['nextMeeting'] = null;
    if (meeting) {
      const items: { id: string; title: string; has_material: boolean }[] = await this.ds.query(
        // A material is a named document or an uploaded file (a report item's 資料).
        `SELECT i.id, i.title,
                EXISTS (SELECT 1 FROM agenda_material_document d WHERE d.agenda_item_id = i.id)
                OR EXISTS (SELECT 1 FROM agenda_item_file f WHERE f.agenda_item_id = i.id) AS has_material
           FROM agenda_item i WHERE i.meeting_id = $1 ORDER BY i.section, i.position`,
        [meeting.id],
      );
      nextMeeting = {
        id: meeting.id,
        number: meeting.number,
        startsAt: new Date(meeting.starts_at).toISOString(),
        state: meeting.state,
        items: items.length,
        itemsWithoutMaterials: items.filter((i) => !i.has_material).map(({ id, title }) => ({ id, title })),
      };
    }
    return {
      casesByState: CASE_STATES.filter((s) => s !== 'draft').map((state) => ({
        state,
        label: CASE_STATE_LABELS[state],
        count: counts.get(state) ?? 0,
      })),
      intakeQueue: counts.get('submitted') ?? 0,
      submissionToAcceptance: durationStats(toAccept.map((r) => Number(r.days))),
      submissionToReply: durationStats(toReply.map((r) => Number(r.days))),
      overdueConditions: overdue,
      openConditions: open,
      nextMeeting,
    };
  }
}

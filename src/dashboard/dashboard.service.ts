import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { caseVisibleSql } from '../cases/case-access-policy';
import { MEMBER_TITLE_LABELS, type MemberTitle } from '../council/council-member.entity';
import { CONDITION_STATE_LABELS, type ConditionState } from '../conditions/condition-state-machine';
import { KpiService, type SecretariatKpis } from '../kpi/kpi.service';
import {
  AGENDA_SECTION_LABELS,
  OUTCOME_LABELS,
  type AgendaSection,
  type Outcome,
} from '../meetings/agenda-item.entity';
import { MEETING_STATE_LABELS, type MeetingState } from '../meetings/meeting-state-machine';
import { CASE_STATE_LABELS, type CaseState } from '../workflow/case-state-machine';
import { BackupService } from '../ops/backup.service';
import { todayInJapan } from '../common/format/today';
import { IncidentDto } from '../incidents/dto/incident.dto';
import { IncidentsService } from '../incidents/incidents.service';
import { ImpactAssessmentsService } from '../impact-assessments/impact-assessments.service';
import { reassessmentDueOn, REASSESSMENT_STATE_LABELS } from '../impact-assessments/reassessment';

export interface DashboardData {
  role: string;
  council: { name: string; councilName: string } | null;
  admin?: { activeUsers: number; lockedUsers: number; failedLogins24h: number; departments: number };
  backup?: {
    needsAttention: boolean;
    lastStatus: string | null;
    lastStartedAt: Date | null;
    lastError: string | null;
    lastSuccessAt: Date | null;
  };
  /** Clerks and the secretariat: impact assessments whose reassessment is due soon, overdue or asked for. */
  reassessments?: {
    id: string;
    affairName: string;
    departmentName: string;
    dueOn: string;
    state: string;
    stateLabel: string;
  }[];
  membership?: { title: string; termStart: string; termEnd: string } | null;
  unreadNotifications?: number;
  /** Clerks: their department's cases and conditions. */
  departmentCases?: { id: string; title: string; statusLabel: string; receiptNumber: string | null }[];
  conditions?: {
    id: string;
    caseTitle: string;
    text: string;
    dueDate: string;
    stateLabel: string;
    overdue: boolean;
  }[];
  /** Secretariat: KPIs and the intake queue. */
  kpi?: SecretariatKpis;
  intake?: { id: string; title: string; departmentName: string; submittedAt: string | null }[];
  /** Members and the chair: meetings they attend and the council's decisions. */
  meetings?: { id: string; title: string; startsAt: string; stateLabel: string; upcoming: boolean }[];
  /** Clerks (their department's) and the secretariat (all): incidents past a 速報 / 確報 deadline. */
  overdueIncidents?: IncidentDto[];
  decisions?: {
    meetingTitle: string;
    meetingId: string;
    label: string;
    sectionLabel: string;
    title: string;
    outcomeLabel: string;
  }[];
}

@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly kpi: KpiService,
    private readonly backups: BackupService,
    private readonly incidents: IncidentsService,
    private readonly assessments: ImpactAssessmentsService,
  ) {}

  async forUser(user: AuthUser): Promise<DashboardData> {
    const council =
      (
        await this.ds.query(
          `SELECT name, council_name AS "councilName" FROM municipality WHERE id = nullif(current_setting('app.council_id', true), '')::smallint`,
        )
      )[0] ?? null;
    const data: DashboardData = { role: user.role, council };
    if (user.role === 'admin') {
      const [row] = await this.ds.query(`
        SELECT (SELECT count(*) FROM app_user WHERE NOT disabled)::int AS "activeUsers",
               (SELECT count(*) FROM app_user WHERE locked_until > now())::int AS "lockedUsers",
               (SELECT count(*) FROM audit_log WHERE action = 'login.failed' AND occurred_at > now() - interval '24 hours')::int AS "failedLogins24h",
               (SELECT count(*) FROM department WHERE NOT disabled)::int AS "departments"`);
      data.admin = row;
      const health = await this.backups.health();
      data.backup = {
        needsAttention: health.needsAttention,
        lastStatus: health.last?.status ?? null,
        lastStartedAt: health.last?.startedAt ?? null,
        lastError: health.last?.status === 'failed' ? health.last.error : null,
        lastSuccessAt: health.lastSuccessAt,
      };
    }
    if (user.role === 'member' || user.role === 'chair') {
      const rows: { title: MemberTitle; termStart: string; termEnd: string }[] = await this.ds.query(
        `SELECT title, term_start::text AS "termStart", term_end::text AS "termEnd" FROM council_member
          WHERE user_id = $1 ORDER BY term_end DESC LIMIT 1`,
        [user.id],
      );
      data.membership = rows[0] ? { ...rows[0], title: MEMBER_TITLE_LABELS[rows[0].title] } : null;
    }
    if (user.role !== 'admin') {
      const [{ n }] = await this.ds.query(
        `SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL`,
        [user.id],
      );
      data.unreadNotifications = n;
    }
    if (user.role === 'clerk') await this.forClerk(user, data);
    if (user.role === 'secretariat') {
      data.kpi = await this.kpi.secretariat(user);
      const rows: { id: string; title: string; name: string; at: Date | null }[] = await this.ds.query(
        `SELECT f.id, f.title, d.name,
                (SELECT max(occurred_at) FROM case_transition t WHERE t.case_id = f.id AND t.action IN ('submit','resubmit')) AS at
           FROM case_file f JOIN department d ON d.id = f.department_id
          WHERE f.status = 'submitted' ORDER BY at NULLS LAST LIMIT 10`,
      );
      data.intake = rows.map((r) => ({
        id: r.id,
        title: r.title,
        departmentName: r.name,
        submittedAt: r.at ? new Date(r.at).toISOString() : null,
      }));
    }
    if (user.role === 'member' || user.role === 'chair') await this.forMember(user, data);
    if (user.role === 'clerk' || user.role === 'secretariat') {
      data.overdueIncidents = (await this.incidents.list(user, { overdue: true })).map((v) =>
        IncidentDto.from(v),
      );
      data.reassessments = (await this.assessments.reminders(user)).map((r) => ({
        id: r.caseId,
        affairName: r.affairName,
        departmentName: r.departmentName,
        dueOn: reassessmentDueOn(r.evaluatedOn),
        state: r.state,
        stateLabel: REASSESSMENT_STATE_LABELS[r.state],
      }));
    }
    return data;
  }

  private async forClerk(user: AuthUser, data: DashboardData): Promise<void> {
    const cases: { id: string; title: string; status: CaseState; receipt_number: string | null }[] =
      await this.ds.query(
        `SELECT id, title, status, receipt_number FROM case_file WHERE department_id = $1 AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 20`,
        [user.departmentId],
      );
    data.departmentCases = cases.map((c) => ({
      id: c.id,
      title: c.title,
      statusLabel: CASE_STATE_LABELS[c.status] ?? c.status,
      receiptNumber: c.receipt_number,
    }));
    data.conditions = await this.conditions(user);
  }

  /** Open conditions of the cases the user sees (the case-access policy). */
  private async conditions(user: AuthUser) {
    const params: unknown[] = [];
    const visible = caseVisibleSql(user, 'f', (v) => {
      params.push(v);
      return `$${params.length}`;
    });
    const rows: { id: string; title: string; text: string; due: string; state: ConditionState }[] =
      await this.ds.query(
        `SELECT c.id, f.title, c.text, c.due_date::text AS due, c.state
         FROM case_condition c JOIN case_file f ON f.id = c.case_id
        WHERE ${visible} AND c.state <> 'closed'
        ORDER BY c.due_date LIMIT 20`,
        params,
      );
    const today = todayInJapan();
    return rows.map((r) => ({
      id: r.id,
      caseTitle: r.title,
      text: r.text,
      dueDate: r.due,
      stateLabel: CONDITION_STATE_LABELS[r.state],
      overdue: r.state === 'open' && r.due < today,
    }));
  }

  private async forMember(user: AuthUser, data: DashboardData): Promise<void> {
    const meetings: { id: string; number: number; starts_at: Date; state: MeetingState }[] =
      await this.ds.query(
        `SELECT m.id, m.number, m.starts_at, m.state FROM meeting m
        WHERE EXISTS (SELECT 1 FROM meeting_attendee a JOIN council_member cm ON cm.id = a.council_member_id
                       WHERE a.meeting_id = m.id AND a.category = 'member' AND cm.user_id = $1)
        ORDER BY m.starts_at DESC LIMIT 10`,
        [user.id],
      );
    data.meetings = meetings.map((m) => ({
      id: m.id,
      title: `第${m.number}回`,
      startsAt: new Date(m.starts_at).toISOString(),
      stateLabel: MEETING_STATE_LABELS[m.state],
      upcoming: m.state === 'planned' || m.state === 'convened',
    }));
    const decisions: {
      meeting_id: string;
      number: number;
      label: string | null;
      section: AgendaSection;
      title: string;
      outcome: Outcome;
    }[] = await this.ds.query(
      `SELECT i.meeting_id, m.number, i.number_label AS label, i.section, i.title, i.outcome
         FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id JOIN case_file f ON f.id = i.case_id
        WHERE i.outcome IS NOT NULL AND ${caseVisibleSql(user, 'f', () => '$1')}
        ORDER BY m.starts_at DESC, i.section, i.position LIMIT 15`,
      [user.id],
    );
    data.decisions = decisions.map((d) => ({
      meetingId: d.meeting_id,
      meetingTitle: `第${d.number}回`,
      label: d.label ?? '',
      sectionLabel: AGENDA_SECTION_LABELS[d.section],
      title: d.title,
      outcomeLabel: OUTCOME_LABELS[d.outcome],
    }));
    data.conditions = await this.conditions(user);
  }
}

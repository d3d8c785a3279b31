import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { actorOf } from '../auth/actor';
import type { AuthUser } from '../auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { CommonErrors } from '../common/errors/app-error';
import { todayInJapan } from '../common/format/today';
import { currentCouncil, findCurrentCouncil } from '../council/current-council';
import { UnitOfWork } from '../database/unit-of-work';
import { Department } from '../departments/department.entity';
import type { PaperFile } from '../documents/papers/papers.service';
import { safeDownloadName } from '../documents/papers/content-disposition';
import { PDF_RENDERER, type PdfRenderer } from '../documents/renderer/pdf-renderer';
import { DocumentTemplates } from '../documents/templates/document-templates';
import { fiscalYearLabel } from '../workflow/numbering';
import { incidentsReportPaper, incidentsReportView } from './incidents-report';
import type { CreateIncidentDto, RecordReportDto, UpdateIncidentDto } from './dto/incident.dto';
import { Incident, INCIDENT_KIND_LABELS, INCIDENT_KINDS } from './incident.entity';
import { incidentMachine, type IncidentAction } from './incident-state-machine';
import { IncidentErrors } from './incidents.errors';
import { assessReportingDuty, type DutyAssessment } from './reporting-duty';

export interface IncidentRow extends Incident {
  departmentName: string;
}

/** An incident with its reporting duty and deadlines as of today (Japan). */
export interface IncidentView {
  incident: IncidentRow;
  duty: DutyAssessment;
}

export interface IncidentFilter {
  fiscalYear?: number;
  departmentId?: string;
  duty?: boolean;
  overdue?: boolean;
  id?: string;
  /** 発覚日 within [from, to] (inclusive, YYYY-MM-DD). */
  from?: string;
  to?: string;
}

/** Who sees which incidents: the secretariat all, a clerk their department's, nobody else any. */
function visibleTo(user: AuthUser | null): { sql: string; param: string | null } {
  if (!user || user.role === 'secretariat') return { sql: 'TRUE', param: null };
  if (user.role === 'clerk' && user.departmentId)
    return { sql: 'i.department_id = $PARAM', param: user.departmentId };
  return { sql: 'FALSE', param: null };
}

export const fiscalYearRange = (fy: number) => ({ from: `${fy}-04-01`, to: `${fy + 1}-03-31` });

/**
 * The incidents of the current council as `user` sees them (null: all, for papers and reports),
 * each with its duty assessed as of `today`. The duty and overdue filters ask the one rule
 * (`assessReportingDuty`), not a copy of it in SQL.
 */
export async function findIncidents(
  m: EntityManager,
  user: AuthUser | null,
  filter: IncidentFilter = {},
  today = todayInJapan(),
): Promise<IncidentView[]> {
  const council = await findCurrentCouncil(m);
  if (!council) return [];
  const range = filter.fiscalYear !== undefined ? fiscalYearRange(filter.fiscalYear) : filter;
  const params: unknown[] = [
    council.id,
    range.from ?? null,
    range.to ?? null,
    filter.departmentId ?? null,
    filter.id ?? null,
  ];
  const visible = visibleTo(user);
  if (visible.param !== null) params.push(visible.param);
  const rows: IncidentRow[] = await m.query(
    `SELECT i.id, i.council_id AS "councilId", i.department_id AS "departmentId", d.name AS "departmentName",
            i.title, i.discovered_on::text AS "discoveredOn", i.occurred_on::text AS "occurredOn", i.kind,
            i.persons_affected AS "personsAffected", i.persons_approximate AS "personsApproximate",
            i.data_items AS "dataItems", i.includes_sensitive AS "includesSensitive",
            i.financial_damage_risk AS "financialDamageRisk", i.unlawful_purpose AS "unlawfulPurpose",
            i.includes_ordinance_sensitive AS "includesOrdinanceSensitive", i.cause, i.measures, i.prevention,
            i.notified_on::text AS "notifiedOn", i.preliminary_reported_on::text AS "preliminaryReportedOn",
            i.final_reported_on::text AS "finalReportedOn", i.state, i.created_by_id AS "createdById",
            i.version, i.created_at AS "createdAt", i.updated_at AS "updatedAt"
       FROM incident i JOIN department d ON d.id = i.department_id
      WHERE i.council_id = $1
        AND ($2::date IS NULL OR i.discovered_on >= $2::date)
        AND ($3::date IS NULL OR i.discovered_on <= $3::date)
        AND ($4::uuid IS NULL OR i.department_id = $4::uuid)
        AND ($5::uuid IS NULL OR i.id = $5::uuid)
        AND ${visible.sql.replace('$PARAM', `$${params.length}::uuid`)}
      ORDER BY i.discovered_on DESC, i.created_at DESC`,
    params,
  );
  return rows
    .map((incident) => ({ incident, duty: dutyOf(incident, today) }))
    .filter((v) => filter.duty === undefined || v.duty.required === filter.duty)
    .filter((v) => filter.overdue === undefined || v.duty.overdue === filter.overdue);
}

export function dutyOf(i: Incident, today = todayInJapan()): DutyAssessment {
  return assessReportingDuty(
    {
      discoveredOn: i.discoveredOn,
      includesSensitive: i.includesSensitive,
      financialDamageRisk: i.financialDamageRisk,
      unlawfulPurpose: i.unlawfulPurpose,
      includesOrdinanceSensitive: i.includesOrdinanceSensitive,
      persons: { count: i.personsAffected, approximate: i.personsApproximate },
      preliminaryReportedOn: i.preliminaryReportedOn,
      finalReportedOn: i.finalReportedOn,
    },
    today,
  );
}

export interface Count {
  key: string;
  label: string;
  count: number;
}

export interface IncidentFigures {
  from: string;
  to: string;
  total: number;
  byKind: Count[];
  byDepartment: Count[];
  reportable: number;
  reportedToCommission: number;
  personsAffected: number;
  personsUnknown: number;
  incidents: IncidentView[];
}

/**
 * The figures of 「個人情報事故等の状況」 for incidents found (発覚日) in [from, to]: counts by kind and
 * by department, how many carried the duty and were reported to the Commission, persons affected.
 */
export async function incidentsForPeriod(
  m: EntityManager,
  from: string,
  to: string,
): Promise<IncidentFigures> {
  const incidents = await findIncidents(m, null, { from, to });
  const count = <K extends string>(keyOf: (v: IncidentView) => K, labelOf: (v: IncidentView) => string) => {
    const map = new Map<string, Count>();
    for (const v of incidents) {
      const key = keyOf(v);
      const c = map.get(key) ?? { key, label: labelOf(v), count: 0 };
      c.count++;
      map.set(key, c);
    }
    return [...map.values()];
  };
  const byKind = INCIDENT_KINDS.map((k) => ({
    key: k,
    label: INCIDENT_KIND_LABELS[k],
    count: incidents.filter((v) => v.incident.kind === k).length,
  }));
  return {
    from,
    to,
    total: incidents.length,
    byKind,
    byDepartment: count(
      (v) => v.incident.departmentId,
      (v) => v.incident.departmentName,
    ).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'ja')),
    reportable: incidents.filter((v) => v.duty.required).length,
    reportedToCommission: incidents.filter((v) => v.incident.preliminaryReportedOn !== null).length,
    personsAffected: incidents.reduce((n, v) => n + (v.incident.personsAffected ?? 0), 0),
    personsUnknown: incidents.filter((v) => v.incident.personsAffected === null).length,
    incidents: [...incidents].reverse(),
  };
}

/** The register of 個人情報の漏えい等: entry by the department, oversight by the secretariat. */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly templates: DocumentTemplates,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
  ) {}

  list(user: AuthUser, filter: IncidentFilter = {}): Promise<IncidentView[]> {
    return findIncidents(this.uow.managerOrRoot(), user, filter);
  }

  async get(user: AuthUser, id: string, m = this.uow.managerOrRoot()): Promise<IncidentView> {
    const [v] = await findIncidents(m, user, { id });
    if (!v) throw IncidentErrors.notFound();
    return v;
  }

  figures(from: string, to: string): Promise<IncidentFigures> {
    return incidentsForPeriod(this.uow.managerOrRoot(), from, to);
  }

  /** 「個人情報事故等の状況」 of a fiscal year as a PDF (the council's name from the council row). */
  async reportPdf(fiscalYear: number): Promise<PaperFile> {
    const m = this.uow.managerOrRoot();
    const { from, to } = fiscalYearRange(fiscalYear);
    const council = await currentCouncil(m);
    const view = incidentsReportView(
      await incidentsForPeriod(m, from, to),
      council.councilName,
      fiscalYearLabel(fiscalYear),
    );
    const pdf = await this.renderer.render(incidentsReportPaper(this.templates, view));
    return {
      pdf,
      fileName: safeDownloadName(`個人情報事故等の状況_${fiscalYearLabel(fiscalYear)}`),
      fallbackName: 'incidents.pdf',
    };
  }

  /** The departments a user may pick on the form and the filter: a clerk only their own. */
  departments(user: AuthUser): Promise<{ id: string; name: string }[]> {
    const m = this.uow.managerOrRoot();
    if (user.role === 'clerk')
      return user.departmentId
        ? m.find(Department, { where: { id: user.departmentId }, select: { id: true, name: true } })
        : Promise.resolve([]);
    return m.find(Department, {
      where: { disabled: false },
      order: { name: 'ASC' },
      select: { id: true, name: true },
    });
  }

  async create(user: AuthUser, dto: CreateIncidentDto): Promise<string> {
    return this.uow.run(user, async (m) => {
      const { departmentId: requested, ...facts } = dto;
      const departmentId = await this.departmentFor(m, user, requested);
      const values = this.checked({ occurredOn: null, notifiedOn: null, ...stripUndefined(facts) });
      const saved = await m.save(
        m.create(Incident, {
          ...values,
          councilId: (await currentCouncil(m)).id,
          departmentId,
          state: 'received',
          createdById: user.id,
        }),
      );
      await this.record(m, user, saved.id, 'create', { title: saved.title, departmentId });
      return saved.id;
    });
  }

  async update(user: AuthUser, id: string, dto: UpdateIncidentDto): Promise<void> {
    await this.uow.run(user, async (m) => {
      const current = await this.lock(m, user, id, dto.version);
      const { version: _v, ...rest } = dto;
      void _v;
      const changes = stripUndefined(rest);
      // Fields that cannot be cleared: null leaves them as they are.
      for (const k of [
        'title',
        'discoveredOn',
        'kind',
        'personsApproximate',
        'dataItems',
        'cause',
        'measures',
        'prevention',
      ] as const)
        if (changes[k] === null) delete changes[k];
      for (const k of [
        'includesSensitive',
        'financialDamageRisk',
        'unlawfulPurpose',
        'includesOrdinanceSensitive',
      ] as const)
        if (changes[k] === null) delete changes[k];
      this.checked({ ...current, ...changes } as Partial<Incident>);
      await m.update(Incident, { id }, { ...changes, version: current.version + 1 } as Partial<Incident>);
      await this.record(m, user, id, 'update', { fields: Object.keys(changes) });
    });
  }

  /** Records the day the 速報 or 確報 was made to the Commission. */
  async recordReport(
    user: AuthUser,
    id: string,
    dto: RecordReportDto,
    today = todayInJapan(),
  ): Promise<void> {
    await this.uow.run(user, async (m) => {
      const i = await this.lock(m, user, id, dto.version);
      if (!dutyOf(i, today).required)
        throw IncidentErrors.field('stage', 'この事故等は報告義務の対象ではないため、報告日は記録できません');
      if (dto.reportedOn < i.discoveredOn)
        throw IncidentErrors.field('reportedOn', '報告日は発覚日以降の日付を入力してください');
      if (dto.reportedOn > today) throw IncidentErrors.field('reportedOn', '未来の日付は入力できません');
      if (dto.stage === 'final' && !i.preliminaryReportedOn)
        throw IncidentErrors.field('stage', '確報の前に速報の報告日を記録してください');
      if (dto.stage === 'final' && i.preliminaryReportedOn && dto.reportedOn < i.preliminaryReportedOn)
        throw IncidentErrors.field('reportedOn', '確報の報告日は速報の報告日以降の日付を入力してください');
      const column = dto.stage === 'final' ? 'finalReportedOn' : 'preliminaryReportedOn';
      await m.update(Incident, { id }, { [column]: dto.reportedOn, version: i.version + 1 });
      await this.record(m, user, id, 'update', { report: dto.stage, reportedOn: dto.reportedOn });
    });
  }

  async transition(
    user: AuthUser,
    id: string,
    action: IncidentAction,
    comment: string | undefined,
    version: number,
  ) {
    await this.uow.run(user, async (m) => {
      const i = await this.lock(m, user, id, version);
      const to = incidentMachine.check(action, i.state, user.role, comment);
      await m.update(Incident, { id }, { state: to, version: i.version + 1 });
      await this.record(m, user, id, 'state.change', {
        transition: action,
        from: i.state,
        to,
        comment: comment ?? null,
      });
    });
  }

  private async departmentFor(
    m: EntityManager,
    user: AuthUser,
    requested: string | undefined,
  ): Promise<string> {
    if (user.role === 'clerk') {
      if (!user.departmentId) throw CommonErrors.forbidden();
      if (requested && requested !== user.departmentId) throw IncidentErrors.otherDepartment();
      return user.departmentId;
    }
    if (!requested) throw IncidentErrors.departmentRequired();
    if (!(await m.exists(Department, { where: { id: requested } }))) throw IncidentErrors.unknownDepartment();
    return requested;
  }

  /** Rules between fields, as field errors. */
  private checked<T extends Partial<Incident>>(v: T, today = todayInJapan()): T {
    if (v.discoveredOn && v.discoveredOn > today)
      throw IncidentErrors.field('discoveredOn', '発覚日に未来の日付は入力できません');
    if (v.occurredOn && v.discoveredOn && v.occurredOn > v.discoveredOn)
      throw IncidentErrors.field('occurredOn', '発生日は発覚日以前の日付を入力してください');
    if (v.notifiedOn && v.notifiedOn > today)
      throw IncidentErrors.field('notifiedOn', '本人通知日に未来の日付は入力できません');
    if (v.preliminaryReportedOn && v.discoveredOn && v.preliminaryReportedOn < v.discoveredOn)
      throw IncidentErrors.field('discoveredOn', '発覚日は記録済みの速報の報告日以前にしてください');
    return v;
  }

  private async lock(m: EntityManager, user: AuthUser, id: string, version: number): Promise<IncidentRow> {
    await m.query(`SELECT 1 FROM incident WHERE id = $1 FOR UPDATE`, [id]);
    const { incident } = await this.get(user, id, m);
    if (incident.version !== version) throw CommonErrors.staleVersion('この事故等');
    return incident;
  }

  private record(
    m: EntityManager,
    user: AuthUser,
    id: string,
    action: string,
    detail: Record<string, unknown>,
  ) {
    return this.audit.record(
      { actor: actorOf(user), action, targetType: 'incident', targetId: id, detail },
      m,
    );
  }
}

function stripUndefined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}

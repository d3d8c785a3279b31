import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditTarget } from '../../audit/audit.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Form, type FormPost, Roles } from '../../auth/decorators';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { type FormBody, formDto, type FormErrors, num, parseForm, str } from '../../views/form';
import { Views } from '../../views/views';
import { fiscalYearLabel, fiscalYearOf } from '../../workflow/numbering';
import {
  CreateIncidentDto,
  IncidentDto,
  IncidentListQueryDto,
  IncidentTransitionDto,
  RecordReportDto,
  UpdateIncidentDto,
} from '../dto/incident.dto';
import { INCIDENT_KIND_LABELS, INCIDENT_KINDS } from '../incident.entity';
import { INCIDENT_TRANSITIONS } from '../incident-state-machine';
import { IncidentsService } from '../incidents.service';
import { FormRoute } from '../../views/form-route';

const CHECKBOXES = [
  'personsApproximate',
  'includesSensitive',
  'financialDamageRisk',
  'unlawfulPurpose',
  'includesOrdinanceSensitive',
] as const;
const TEXTS = ['title', 'kind', 'dataItems', 'cause', 'measures', 'prevention'] as const;
const DATES = ['discoveredOn', 'occurredOn', 'notifiedOn'] as const;

/**
 * The form's fields as the API's DTO takes them: checkboxes as booleans, an empty date or number
 * as "not known" (null; left out on create), the number as typed so that the DTO can refuse it.
 */
function incidentInput(body: FormBody, forCreate: boolean): Record<string, unknown> {
  const empty = forCreate ? undefined : null;
  const out: Record<string, unknown> = {};
  for (const k of TEXTS) out[k] = str(body[k]);
  for (const k of CHECKBOXES) out[k] = str(body[k]) === 'on';
  for (const k of DATES) out[k] = str(body[k]) || (k === 'discoveredOn' ? '' : empty);
  const persons = str(body.personsAffected).trim();
  out.personsAffected = persons === '' ? empty : persons;
  if (forCreate && str(body.departmentId)) out.departmentId = str(body.departmentId);
  if (!forCreate) out.version = num(body.version);
  return out;
}

/** The incident register's screens: list with filters, detail, the entry form. */
@ApiExcludeController()
@AuditTarget('incident')
@Controller()
export class IncidentsWebController {
  constructor(
    private readonly views: Views,
    private readonly incidents: IncidentsService,
  ) {}

  @Roles('clerk', 'secretariat')
  @Get('incidents')
  async list(@Res() res: Response, @CurrentUser() user: AuthUser, @Query() query: Record<string, unknown>) {
    const { dto, errors } = await parseForm(IncidentListQueryDto, {
      fiscalYear: str(query.fiscalYear) || undefined,
      departmentId: str(query.departmentId) || undefined,
      duty: str(query.duty) || undefined,
      overdue: str(query.overdue) || undefined,
    });
    const q = errors ? new IncidentListQueryDto() : dto;
    const rows = await this.incidents.list(user, {
      fiscalYear: q.fiscalYear,
      departmentId: q.departmentId,
      duty: q.duty === undefined ? undefined : q.duty === 'true',
      overdue: q.overdue === 'true' ? true : undefined,
    });
    const current = fiscalYearOf(new Date());
    this.views.page(res, 'incidents/list', '個人情報事故等', {
      incidents: rows.map((v) => IncidentDto.from(v, user)),
      filters: q,
      filterError: errors ? '絞り込みの条件に誤りがあるため、すべて表示しています。' : null,
      fiscalYears: Array.from({ length: 5 }, (_, i) => ({
        value: current - i,
        label: fiscalYearLabel(current - i),
        selected: q.fiscalYear === current - i,
      })),
      reportYear: q.fiscalYear ?? current,
      reportYearLabel: fiscalYearLabel(q.fiscalYear ?? current),
      departments: (await this.incidents.departments(user)).map((d) => ({
        ...d,
        selected: d.id === q.departmentId,
      })),
      isSecretariat: user.role === 'secretariat',
    });
  }

  @Roles('clerk', 'secretariat')
  @Get('incidents/new')
  async newForm(@Res() res: Response, @CurrentUser() user: AuthUser) {
    await this.form(res, user, { values: { kind: 'leak' } });
  }

  @FormRoute('incidents', 'clerk', 'secretariat')
  async create(@Res() res: Response, @Form() { user, body }: FormPost) {
    const values = { ...body };
    await act(
      res,
      {
        back: '/incidents/new',
        notice: '個人情報事故等を登録しました。',
        next: (id: string) => `/incidents/${id}`,
        rerender: (errors, e) => this.form(res, user, { values, errors }, e.status),
      },
      async () => this.incidents.create(user, await formDto(CreateIncidentDto, incidentInput(body, true))),
    );
  }

  @Roles('clerk', 'secretariat')
  @Get('incidents/:id')
  async detail(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    const i = IncidentDto.from(await this.incidents.get(user, id), user);
    this.views.page(res, 'incidents/detail', '個人情報事故等', {
      i,
      actions: i.allowedActions.map((a) => ({
        action: a,
        label: INCIDENT_TRANSITIONS[a as keyof typeof INCIDENT_TRANSITIONS].label,
        needsComment: !!INCIDENT_TRANSITIONS[a as keyof typeof INCIDENT_TRANSITIONS].requiresComment,
      })),
      canRecordPreliminary: i.duty.required,
      canRecordFinal: i.duty.required && !!i.duty.preliminaryReportedOn,
    });
  }

  @Roles('clerk', 'secretariat')
  @Get('incidents/:id/edit')
  async editForm(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    const i = IncidentDto.from(await this.incidents.get(user, id), user);
    await this.form(res, user, {
      id,
      values: {
        ...i,
        occurredOn: i.occurredOn ?? '',
        notifiedOn: i.notifiedOn ?? '',
        personsAffected: i.personsAffected ?? '',
      },
    });
  }

  @FormRoute('incidents/:id', 'clerk', 'secretariat')
  async update(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    const values = { ...body };
    await act(
      res,
      {
        back: `/incidents/${id}/edit`,
        notice: '保存しました。',
        next: `/incidents/${id}`,
        rerender: (errors, e) => this.form(res, user, { id, values, errors }, e.status),
      },
      async () =>
        this.incidents.update(user, id, await formDto(UpdateIncidentDto, incidentInput(body, false))),
    );
  }

  @FormRoute('incidents/:id/reports', 'clerk', 'secretariat')
  async recordReport(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    const stage = str(body.stage);
    await act(
      res,
      { back: `/incidents/${id}`, notice: `${stage === 'final' ? '確報' : '速報'}の報告日を記録しました。` },
      async () =>
        this.incidents.recordReport(
          user,
          id,
          await formDto(RecordReportDto, {
            stage,
            reportedOn: str(body.reportedOn),
            version: num(body.version),
          }),
        ),
    );
  }

  @FormRoute('incidents/:id/transitions', 'clerk', 'secretariat')
  async transition(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    await act(res, { back: `/incidents/${id}`, notice: '状態を変更しました。' }, async () => {
      const dto = await formDto(IncidentTransitionDto, {
        action: str(body.action),
        comment: str(body.comment) || undefined,
        version: num(body.version),
      });
      await this.incidents.transition(user, id, dto.action, dto.comment, dto.version);
    });
  }

  private async form(
    res: Response,
    user: AuthUser,
    ctx: { id?: string; values: Record<string, unknown>; errors?: FormErrors },
    status = 200,
  ) {
    const departments = await this.incidents.departments(user);
    this.views.page(
      res,
      'incidents/form',
      ctx.id ? '個人情報事故等の編集' : '個人情報事故等の登録',
      {
        ...ctx,
        errors: ctx.errors ?? {},
        kinds: INCIDENT_KINDS.map((k) => ({
          value: k,
          label: INCIDENT_KIND_LABELS[k],
          selected: ctx.values.kind === k,
        })),
        departments: departments.map((d) => ({ ...d, selected: d.id === ctx.values.departmentId })),
        chooseDepartment: !ctx.id && user.role === 'secretariat',
        checked: Object.fromEntries(
          CHECKBOXES.map((k) => [k, ctx.values[k] === true || ctx.values[k] === 'on']),
        ),
      },
      status,
    );
  }
}

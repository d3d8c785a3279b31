import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditTarget } from '../../audit/audit.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Form, type FormPost, Roles } from '../../auth/decorators';
import { IdParam, IdPipe } from '../../common/http/id.pipe';
import { DepartmentsService } from '../../departments/departments.service';
import { act, flashMessage } from '../../views/act';
import { choices, formDto, parseForm, type FormBody } from '../../views/form';
import { Views } from '../../views/views';
import { pager } from '../../views/pager';
import { CASE_STATE_LABELS, CASE_STATES } from '../../workflow/case-state-machine';
import { AssessmentService } from '../assessment.service';
import { toCaseDocumentData } from '../case-document';
import {
  CONNECTION_FORM_LABELS,
  CONNECTION_FORMS,
  EDITABLE_STATUSES,
  OUTSOURCING_SUBTYPE_LABELS,
  OUTSOURCING_SUBTYPES,
} from '../case-kinds';
import { CaseQueryService } from '../case-query.service';
import { CaseVersionsService } from '../case-versions.service';
import { CasesService } from '../cases.service';
import { CatalogService } from '../catalog.service';
import { AssessmentAnswersDto } from '../dto/assessment.dto';
import { CopyCaseDto } from '../dto/case-input.dto';
import { CaseQueryDto } from '../dto/case-query.dto';
import { CaseDto, CaseListItemDto } from '../dto/case.dto';
import { ClauseSetDto, LegalBasisDto } from '../dto/catalog.dto';
import { editorView, labelledErrors } from './case-views';
import { FormRoute } from '../../views/form-route';

const READERS = ['clerk', 'secretariat', 'member', 'chair'] as const;
const QUESTIONS = [
  'processing',
  'externalConnection',
  'outsourcing',
  'purposeExtension',
  'sensitiveData',
  'myNumber',
];

/** Wizard answers from a query string or form (yes/no radios, a select, checkboxes). */
function answersFrom(q: FormBody): FormBody {
  const list = (v: unknown) => (Array.isArray(v) ? v : v ? [v] : []);
  const out: FormBody = {};
  for (const k of QUESTIONS) out[k] = q[k] === 'yes';
  out.connectionForm = out.externalConnection && q.connectionForm ? q.connectionForm : null;
  out.outsourcingSubtypes = out.outsourcing ? list(q.outsourcingSubtypes) : [];
  if (q.ordinance) out.ordinance = q.ordinance;
  return out;
}

@ApiExcludeController()
@AuditTarget('case')
@Controller()
export class CasesWebController {
  constructor(
    private readonly views: Views,
    private readonly cases: CasesService,
    private readonly caseQuery: CaseQueryService,
    private readonly caseVersions: CaseVersionsService,
    private readonly catalog: CatalogService,
    private readonly assessment: AssessmentService,
    private readonly departments: DepartmentsService,
  ) {}

  private page(res: Response, view: string, title: string, ctx: FormBody = {}, status = 200) {
    this.views.page(res, view, title, ctx, status);
  }

  // ---- list ----

  @Get('cases')
  @Roles(...READERS)
  async list(@Res() res: Response, @CurrentUser() user: AuthUser, @Query() query: FormBody) {
    const filters = Object.fromEntries(
      [
        'q',
        'status',
        'departmentId',
        'procedure',
        'legalBasisId',
        'year',
        'vendor',
        'item',
        'page',
        'sort',
        'order',
      ]
        .filter((k) => typeof query[k] === 'string' && query[k] !== '')
        .map((k) => [k, query[k]]),
    ) as Record<string, string>;
    const { dto, errors } = await parseForm(CaseQueryDto, filters);
    const result = errors
      ? { items: [], total: 0, totalIsLowerBound: false, page: 1, pageSize: 20 }
      : await this.caseQuery.list(user, dto);
    const bases = await this.catalog.listBases();
    this.page(res, 'cases/list', '事案一覧', {
      items: result.items.map(CaseListItemDto.from),
      total: result.total,
      totalIsLowerBound: result.totalIsLowerBound,
      page: result.page,
      ...pager(filters, result),
      filters,
      errors,
      canCreate: user.role === 'clerk',
      departments:
        user.role === 'clerk'
          ? null
          : (await this.departments.list()).map((d) => ({
              id: d.id,
              name: d.name,
              selected: d.id === filters.departmentId,
            })),
      statuses: CASE_STATES.map((value) => ({ value, label: CASE_STATE_LABELS[value] })),
      bases: bases.map((b) => ({ id: b.basis.id, label: `${b.basis.article}（${b.basis.shortName}）` })),
    });
  }

  // ---- wizard ----

  @Get('cases/new')
  @Roles('clerk')
  async wizard(@Res() res: Response, @CurrentUser() user: AuthUser) {
    await this.wizardPage(res, user, {});
  }

  private async wizardPage(res: Response, user: AuthUser, extra: FormBody, status = 200) {
    const [relatable, bases] = await Promise.all([
      this.caseQuery.relatable(user),
      this.catalog.listBases(false),
    ]);
    this.page(
      res,
      'cases/new',
      '事案の作成',
      {
        ordinances: [...new Set(bases.map((b) => b.basis.ordinance))],
        connectionForms: choices(CONNECTION_FORMS, CONNECTION_FORM_LABELS),
        subtypes: choices(OUTSOURCING_SUBTYPES, OUTSOURCING_SUBTYPE_LABELS),
        relatable,
        ...extra,
      },
      status,
    );
  }

  @Get('cases/new/result')
  @Roles('clerk')
  async wizardResult(@Res() res: Response, @CurrentUser() user: AuthUser, @Query() query: FormBody) {
    const answers = answersFrom(query);
    const { dto, errors } = await parseForm(AssessmentAnswersDto, answers);
    if (errors) return this.wizardPage(res, user, { errors }, 400);
    const result = await this.assessment.assess(dto);
    const hidden = Object.entries(query)
      .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, String(x)]) : [[k, String(v)]]))
      .filter(([k]) => [...QUESTIONS, 'connectionForm', 'outsourcingSubtypes', 'ordinance'].includes(k))
      .map(([name, value]) => ({ name, value }));
    this.page(res, 'cases/new-result', '判定の結果', {
      result,
      hidden,
      values: { title: query.title ?? '' },
    });
  }

  @FormRoute('cases/new', 'clerk')
  async create(@Res() res: Response, @Form() { user, body }: FormPost) {
    const title = typeof body.title === 'string' ? body.title.trim() : '';
    const { dto: answers, errors } = await parseForm(AssessmentAnswersDto, answersFrom(body));
    if (errors || !title) {
      const result = errors ? null : await this.assessment.assess(answers);
      const hidden = Object.entries(body)
        .filter(([k]) => k !== 'title')
        .flatMap(([k, v]) =>
          Array.isArray(v) ? v.map((x) => ({ name: k, value: String(x) })) : [{ name: k, value: String(v) }],
        );
      return this.page(
        res,
        'cases/new-result',
        '判定の結果',
        { result, hidden, values: { title }, errors: { title: ['件名を入力してください'] } },
        400,
      );
    }
    const c = await this.cases.create(user, { title, answers });
    res.redirect(303, `/cases/${c.id}/edit`);
  }

  @FormRoute('cases/copy', 'clerk')
  async copy(@Res() res: Response, @Form() { user, body }: FormPost) {
    const source = typeof body.sourceId === 'string' ? body.sourceId : '';
    const title = typeof body.title === 'string' && body.title.trim() ? body.title.trim() : undefined;
    await act(
      res,
      {
        back: '/cases/new',
        next: (c) => `/cases/${c.id}/edit`,
        // The copy form has no place beside its fields: every message goes above it.
        rerender: (_errors, e) =>
          this.wizardPage(res, user, { copyErrors: { _: [flashMessage(e)] } }, e.status),
      },
      async () => {
        const sourceId = new IdPipe().transform(source);
        return this.cases.copy(user, sourceId, await formDto(CopyCaseDto, { title }));
      },
    );
  }

  // ---- one case ----

  @Get('cases/:id')
  @Roles(...READERS)
  async view(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    const c = CaseDto.from(await this.cases.get(user, id));
    const validation = await this.cases.validationFor(user, id);
    this.page(res, 'cases/view', c.title || '事案', {
      c,
      doc: toCaseDocumentData(await this.cases.get(user, id)),
      canEdit: user.role === 'clerk' && (EDITABLE_STATUSES as readonly string[]).includes(c.status),
      canDelete: user.role === 'clerk' && c.status === 'draft',
      validation: labelledErrors(c, validation),
    });
  }

  @FormRoute('cases/:id/delete', 'clerk')
  async remove(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    await this.cases.remove(user, id);
    res.redirect(303, '/cases');
  }

  @Get('cases/:id/edit')
  @Roles('clerk')
  async edit(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    const c = CaseDto.from(await this.cases.get(user, id));
    const elsewhere = await this.cases.ownEditorPath(id);
    if (elsewhere) return res.redirect(302, elsewhere);
    if (!(EDITABLE_STATUSES as readonly string[]).includes(c.status))
      return res.redirect(303, `/cases/${id}`);
    const [bases, sets, relatable, validation] = await Promise.all([
      this.catalog.listBases(),
      this.catalog.listClauseSets(),
      this.caseQuery.relatable(user, id),
      this.cases.validationFor(user, id),
    ]);
    this.page(res, 'cases/edit', `編集: ${c.title}`, {
      c,
      editor: editorView(
        c,
        bases.map((b) => LegalBasisDto.from(b.basis, b.usage)),
        sets.map((s) => ClauseSetDto.from(s.set, s.versions)),
        relatable,
      ),
      validation: labelledErrors(c, validation),
    });
  }

  @Get('cases/:id/versions')
  @Roles(...READERS)
  async versions(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Query() query: FormBody,
  ) {
    const c = CaseDto.from(await this.cases.get(user, id));
    const versions = await this.caseVersions.versions(user, id);
    const num = (v: unknown) => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : undefined);
    const diff = versions.length
      ? await this.caseVersions.diff(user, id, num(query.from), num(query.to))
      : null;
    const changeLabels = { added: '追加', removed: '削除', changed: '変更' };
    this.page(res, 'cases/versions', `版と変更点: ${c.title}`, {
      c,
      versions,
      diff: diff && {
        ...diff,
        changes: diff.changes.map((ch) => ({ ...ch, changeLabel: changeLabels[ch.change] })),
      },
      canRecord: user.role === 'clerk' && user.departmentId === c.departmentId,
    });
  }

  @FormRoute('cases/:id/versions', 'clerk')
  async recordVersion(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    await this.caseVersions.recordVersion(
      user,
      id,
      typeof body.reason === 'string' ? body.reason.slice(0, 200) : undefined,
    );
    res.redirect(303, `/cases/${id}/versions`);
  }
}

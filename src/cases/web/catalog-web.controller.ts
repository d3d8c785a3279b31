import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Form, type FormPost, Roles } from '../../auth/decorators';
import { AppError } from '../../common/errors/app-error';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { choices, parseForm, type FormBody, type FormErrors } from '../../views/form';
import { Views } from '../../views/views';
import {
  BASIS_PROCEDURE_LABELS,
  BASIS_PROCEDURES,
  OUTSOURCING_SUBTYPE_LABELS,
  OUTSOURCING_SUBTYPES,
  SECTION_KIND_LABELS,
  SECTION_KINDS,
} from '../case-kinds';
import { CatalogService } from '../catalog.service';
import {
  ClauseSetDto,
  CreateLegalBasisDto,
  LegalBasisDto,
  ReviseClauseSetDto,
  UpdateLegalBasisDto,
} from '../dto/catalog.dto';
import { FormRoute } from '../../views/form-route';

const list = (v: unknown) => (Array.isArray(v) ? v : v ? [v] : []);

/** The rule of a basis is edited as JSON; a malformed one is a field error, not a crash. */
function parseRule(raw: unknown): { value?: Record<string, unknown>; error?: string } {
  if (typeof raw !== 'string' || raw.trim() === '') return { value: {} };
  try {
    const v: unknown = JSON.parse(raw);
    if (v && typeof v === 'object' && !Array.isArray(v)) return { value: v as Record<string, unknown> };
  } catch {
    /* reported below */
  }
  return { error: '判定ルールは {"outsourcing": true} のような JSON で入力してください' };
}

@ApiExcludeController()
@Roles('admin')
@Controller('admin')
export class CatalogWebController {
  constructor(
    private readonly views: Views,
    private readonly catalog: CatalogService,
  ) {}

  private page(res: Response, view: string, title: string, ctx: FormBody = {}, status = 200) {
    this.views.page(res, view, title, ctx, status);
  }

  private async basesPage(res: Response, extra: FormBody = {}, status = 200) {
    const rows = await this.catalog.listBases();
    this.page(
      res,
      'admin/legal-bases',
      '条例の根拠（カタログ）',
      {
        bases: rows.map((r) => {
          const b = LegalBasisDto.from(r.basis, r.usage);
          return {
            ...b,
            rule: JSON.stringify(b.appliesWhen),
            subtypeChoices: OUTSOURCING_SUBTYPES.map((s) => ({
              value: s,
              label: OUTSOURCING_SUBTYPE_LABELS[s],
              checked: b.outsourcingSubtypes.includes(s),
            })),
            procedures: BASIS_PROCEDURES.map((p) => ({
              value: p,
              label: BASIS_PROCEDURE_LABELS[p],
              selected: p === b.procedure,
            })),
          };
        }),
        procedures: choices(BASIS_PROCEDURES, BASIS_PROCEDURE_LABELS),
        kinds: choices(SECTION_KINDS, SECTION_KIND_LABELS),
        subtypes: choices(OUTSOURCING_SUBTYPES, OUTSOURCING_SUBTYPE_LABELS),
        values: {},
        ...extra,
      },
      status,
    );
  }

  @Get('legal-bases')
  async bases(@Res() res: Response) {
    await this.basesPage(res);
  }

  @FormRoute('legal-bases')
  async createBasis(@Res() res: Response, @Form() { user: actor, body }: FormPost) {
    const rule = parseRule(body.appliesWhen);
    const input = {
      code: body.code,
      ordinance: body.ordinance || undefined,
      article: body.article,
      shortName: body.shortName,
      procedure: body.procedure,
      sectionKind: body.sectionKind,
      outsourcingSubtypes: list(body.outsourcingSubtypes),
      appliesWhen: rule.value ?? {},
      sortOrder: body.sortOrder ? Number(body.sortOrder) : undefined,
      optional: body.optional === 'on',
    };
    const { dto, errors } = await parseForm(CreateLegalBasisDto, input);
    const all: FormErrors | null = rule.error ? { ...(errors ?? {}), appliesWhen: [rule.error] } : errors;
    if (all)
      return this.basesPage(res, { errors: all, values: { ...input, appliesWhen: body.appliesWhen } }, 400);
    await act(
      res,
      {
        back: '/admin/legal-bases',
        rerender: (found, e) => this.basesPage(res, { errors: found, values: input }, e.status),
      },
      () => this.catalog.createBasis(actor, dto),
    );
  }

  @FormRoute('legal-bases/:id')
  async updateBasis(@Res() res: Response, @Form() { user: actor, body }: FormPost, @IdParam() id: string) {
    // A refusal is shown in the basis's row.
    const inRow = {
      back: '/admin/legal-bases',
      rerender: (_found: unknown, e: AppError) => this.rowRefusal(res, id, [e.detail], e.status),
    };
    if (body.action === 'delete') return act(res, inRow, () => this.catalog.deleteBasis(actor, id));
    const input: FormBody = { version: Number(body.version) };
    if (body.action === 'retire') input.retired = true;
    else if (body.action === 'restore') input.retired = false;
    else {
      const rule = parseRule(body.appliesWhen);
      if (rule.error) return this.rowRefusal(res, id, [rule.error], 400);
      Object.assign(input, {
        ordinance: body.ordinance ?? '',
        article: body.article,
        shortName: body.shortName,
        procedure: body.procedure,
        outsourcingSubtypes: list(body.outsourcingSubtypes),
        appliesWhen: rule.value,
        sortOrder: Number(body.sortOrder ?? 0),
        optional: body.optional === 'on',
      });
    }
    const { dto, errors } = await parseForm(UpdateLegalBasisDto, input);
    if (errors) return this.rowRefusal(res, id, Object.values(errors).flat(), 400);
    await act(res, inRow, () => this.catalog.updateBasis(actor, id, dto));
  }

  /** The legal bases' page with the messages of a refused change in the basis's row. */
  private rowRefusal(res: Response, id: string, messages: string[], status: number) {
    return this.basesPage(res, { rowErrors: { [id]: messages } }, status);
  }

  // ---- clause sets ----

  @Get('clause-sets')
  async clauseSets(@Res() res: Response) {
    const sets = await this.catalog.listClauseSets();
    this.page(res, 'admin/clause-sets', '特記事項（条項ライブラリ）', {
      sets: sets.map((s) => ClauseSetDto.from(s.set, s.versions)),
    });
  }

  private async clauseSetPage(res: Response, id: string, extra: FormBody = {}, status = 200) {
    const { set, versions } = await this.catalog.getClauseSet(id);
    const dto = ClauseSetDto.from(set, versions);
    const blank = { number: (dto.current.clauses.at(-1)?.number ?? 0) + 1, heading: '', text: '' };
    this.page(
      res,
      'admin/clause-set',
      `特記事項: ${dto.name}`,
      {
        set: dto,
        clauses: [...dto.current.clauses, blank].map((c, i) => ({ ...c, index: i })),
        history: [...versions]
          .reverse()
          .map((v) => ({ number: v.number, changeNote: v.changeNote, createdAt: v.createdAt })),
        ...extra,
      },
      status,
    );
  }

  @Get('clause-sets/:id')
  async clauseSet(@Res() res: Response, @IdParam() id: string) {
    await this.clauseSetPage(res, id);
  }

  /** Saving the form adds the next version; clauses with an empty heading and text are dropped. */
  @FormRoute('clause-sets/:id')
  async reviseClauseSet(
    @Res() res: Response,
    @Form() { user: actor, body }: FormPost,
    @IdParam() id: string,
  ) {
    const numbers = list(body.number);
    const headings = list(body.heading);
    const texts = list(body.text);
    const clauses = numbers
      .map((n, i) => ({
        number: Number(n),
        heading: String(headings[i] ?? ''),
        text: String(texts[i] ?? ''),
      }))
      .filter((c) => c.heading.trim() || c.text.trim());
    const input = {
      baseVersionNumber: Number(body.baseVersionNumber),
      name: body.name,
      clauses,
      changeNote: body.changeNote || undefined,
      retired: body.retired === 'on',
    };
    const { dto, errors } = await parseForm(ReviseClauseSetDto, input);
    if (errors) return this.clauseSetPage(res, id, { errors }, 400);
    await act(
      res,
      {
        back: `/admin/clause-sets/${id}`,
        next: `/admin/clause-sets/${id}?saved=1`,
        rerender: (found, e) => this.clauseSetPage(res, id, { errors: found }, e.status),
      },
      () => this.catalog.reviseClauseSet(actor, id, dto),
    );
  }
}

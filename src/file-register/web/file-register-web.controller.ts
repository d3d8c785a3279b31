import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditTarget } from '../../audit/audit.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Form, type FormPost, Roles } from '../../auth/decorators';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { formDto, type FormErrors, num, parseForm, str } from '../../views/form';
import { Views } from '../../views/views';
import {
  ConfirmProposalDto,
  CreateEntryDto,
  EntryDto,
  EntryHistoryDto,
  EntryStatusChangeDto,
  ProposalDto,
  RejectProposalDto,
  UpdateEntryDto,
} from '../dto/register.dto';
import { FileRegisterService } from '../file-register.service';
import { canKeepEntries } from '../register-access';
import {
  EMPTY_FIELDS,
  ENTRY_STATUS_LABELS,
  ENTRY_STATUSES,
  REGISTER_KIND_LABELS,
  REGISTER_KINDS,
} from '../register-fields';
import { fieldsFromForm, formModel } from './register-form';
import { FormRoute } from '../../views/form-route';

const TITLE = '個人情報ファイル簿';
const KIND_CHOICES = REGISTER_KINDS.map((value) => ({ value, label: REGISTER_KIND_LABELS[value] }));

/** The register's screens: list with filters, entry with history, entry form, proposal confirmation. */
@ApiExcludeController()
@AuditTarget('register-entry')
@Controller('file-register')
export class FileRegisterWebController {
  constructor(
    private readonly views: Views,
    private readonly register: FileRegisterService,
  ) {}

  @Roles('clerk', 'secretariat')
  @Get()
  async listPage(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Query('status') status?: string,
    @Query('kind') kind?: string,
    @Query('q') q?: string,
  ) {
    const filter = {
      status: ENTRY_STATUSES.find((s) => s === status),
      kind: REGISTER_KINDS.find((k) => k === kind),
      q: typeof q === 'string' ? q.slice(0, 100) : undefined,
    };
    const [entries, proposals] = await Promise.all([
      this.register.list(user, filter),
      this.register.proposals(user, 'pending'),
    ]);
    this.views.page(res, 'file-register/list', TITLE, {
      entries: entries.map((e) => EntryDto.from(e)),
      proposals: proposals.map((p) => ProposalDto.from(p)),
      filter,
      statuses: ENTRY_STATUSES.map((value) => ({ value, label: ENTRY_STATUS_LABELS[value] })),
      kinds: KIND_CHOICES,
      canCreate: user.role === 'clerk',
    });
  }

  @Roles('clerk')
  @Get('new')
  newPage(@Res() res: Response) {
    this.views.page(res, 'file-register/edit', `${TITLE}への登録`, {
      ...formModel({ ...EMPTY_FIELDS, kind: 'file' }),
      kinds: KIND_CHOICES,
      isNew: true,
    });
  }

  @FormRoute('new', 'clerk')
  async createForm(@Res() res: Response, @Form() { user, body }: FormPost) {
    const input = { ...fieldsFromForm(body), kind: str(body.kind) || 'file' };
    const { dto, errors } = await parseForm(CreateEntryDto, input);
    if (errors) return this.rerenderEdit(res, input, errors, { isNew: true, kinds: KIND_CHOICES });
    await act(
      res,
      {
        back: '/file-register/new',
        next: (e: EntryDto) => `/file-register/${e.id}`,
        notice: '登録しました（作成中）。',
        rerender: (errs) => this.rerenderEdit(res, input, errs, { isNew: true, kinds: KIND_CHOICES }),
      },
      async () => {
        const { kind, ...fields } = dto;
        return EntryDto.from(await this.register.create(user, fields, kind));
      },
    );
  }

  @Roles('clerk', 'secretariat')
  @Get(':id')
  async viewPage(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    const entry = EntryDto.from(await this.register.get(user, id));
    const history = (await this.register.history(user, id)).map((h) => EntryHistoryDto.from(h));
    const keeps = canKeepEntries(user, entry.departmentId);
    this.views.page(res, 'file-register/view', `${TITLE}：${entry.name}`, {
      e: entry,
      history,
      canEdit: keeps && entry.status !== 'abolished',
      canPublish: keeps && entry.status === 'draft',
      canAbolish: keeps && entry.status !== 'abolished',
    });
  }

  @Roles('clerk')
  @Get(':id/edit')
  async editPage(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    const entry = EntryDto.from(await this.register.get(user, id));
    this.views.page(res, 'file-register/edit', `${TITLE}の変更`, {
      ...formModel(entry),
      id,
      version: entry.version,
    });
  }

  @FormRoute(':id/edit', 'clerk')
  async updateForm(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    const input = { ...fieldsFromForm(body), reason: str(body.reason), version: num(body.version) };
    const extra = { id, version: input.version, reason: input.reason };
    const { dto, errors } = await parseForm(UpdateEntryDto, input);
    if (errors) return this.rerenderEdit(res, input, errors, extra);
    await act(
      res,
      {
        back: `/file-register/${id}/edit`,
        next: `/file-register/${id}`,
        notice: '変更しました。',
        rerender: (errs) => this.rerenderEdit(res, input, errs, extra),
      },
      async () => {
        const { reason, version, ...fields } = dto;
        await this.register.update(user, id, fields, reason, version);
      },
    );
  }

  @FormRoute(':id/status', 'clerk')
  async statusForm(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    const action = str(body.action) === 'abolish' ? 'abolish' : 'publish';
    await act(
      res,
      { back: `/file-register/${id}`, notice: action === 'publish' ? '公表しました。' : '廃止しました。' },
      async () => {
        const dto = await formDto(EntryStatusChangeDto, {
          reason: str(body.reason),
          version: num(body.version),
        });
        await this.register.changeStatus(user, id, action, dto.reason, dto.version);
      },
    );
  }

  @Roles('clerk', 'secretariat')
  @Get('proposals/:id')
  async proposalPage(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    await this.renderProposal(res, user, id);
  }

  @FormRoute('proposals/:id/confirm', 'clerk')
  async confirmForm(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    const fields = fieldsFromForm(body);
    const input = { fields, targetEntryId: str(body.targetEntryId), version: num(body.version) };
    const { dto, errors } = await parseForm(ConfirmProposalDto, input);
    // Nested field errors come back as `fields.name`; the form's inputs are named `name`.
    const unnest = (errs: FormErrors) =>
      Object.fromEntries(Object.entries(errs).map(([k, v]) => [k.replace(/^fields\./, ''), v]));
    if (errors) return this.renderProposal(res, user, id, fields, unnest(errors), 400);
    await act(
      res,
      {
        back: `/file-register/proposals/${id}`,
        next: (p: ProposalDto) => `/file-register/${p.entryId}`,
        notice: '変更案を確定し、ファイル簿に反映しました。',
        rerender: (errs) => this.renderProposal(res, user, id, fields, unnest(errs), 400),
      },
      async () =>
        ProposalDto.from(
          await this.register.confirm(user, id, {
            fields: dto.fields,
            targetEntryId: dto.targetEntryId ?? null,
            version: dto.version,
          }),
        ),
    );
  }

  @FormRoute('proposals/:id/reject', 'clerk')
  async rejectForm(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    await act(res, { back: `/file-register/proposals/${id}`, notice: '変更案を却下しました。' }, async () => {
      const dto = await formDto(RejectProposalDto, { reason: str(body.reason), version: num(body.version) });
      await this.register.reject(user, id, dto.reason, dto.version);
    });
  }

  private async renderProposal(
    res: Response,
    user: AuthUser,
    id: string,
    values?: Record<string, unknown>,
    errors: FormErrors | null = null,
    status = 200,
  ) {
    const p = ProposalDto.from(await this.register.proposal(user, id));
    const targets = (await this.register.targets(user, p.departmentId)).map((e) => ({
      id: e.id,
      name: e.name,
      selected: e.id === p.targetEntryId,
    }));
    this.views.page(
      res,
      'file-register/proposal',
      'ファイル簿の変更案の確認',
      {
        p,
        ...formModel(values ?? p.fields),
        targets,
        errors,
        pending: p.state === 'pending',
        canDecide: p.state === 'pending' && canKeepEntries(user, p.departmentId),
      },
      status,
    );
  }

  private rerenderEdit(
    res: Response,
    input: Record<string, unknown>,
    errors: FormErrors,
    extra: Record<string, unknown>,
  ) {
    this.views.page(res, 'file-register/edit', TITLE, { ...formModel(input), ...extra, errors }, 400);
  }
}

import { Body, Controller, Get, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditTarget } from '../../audit/audit.decorators';
import type { PlatformAdminUser } from '../../auth/auth-user';
import { CurrentPrincipal, PlatformAdminOnly } from '../../auth/decorators';
import { CommonErrors } from '../../common/errors/app-error';
import { IdPipe } from '../../common/http/id.pipe';
import { councilFormChoices, parseCouncilForm } from '../../council/setup/council-setup-form';
import { CouncilSetupService } from '../../council/setup/council-setup.service';
import { act } from '../../views/act';
import { formDto, num, parseForm, str, type FormBody, type FormErrors } from '../../views/form';
import { Views } from '../../views/views';
import { councilMachine } from '../council-state-machine';
import {
  CouncilStateChangeDto,
  RENAMABLE_COUNCIL_FIELDS,
  UpdatePlatformCouncilDto,
  type PlatformCouncilDto,
} from '../dto/platform-council.dto';
import { PlatformAdminsService } from '../platform-admins.service';
import { PlatformCouncilsService } from '../platform-councils.service';

/**
 * The platform administrator's screens (the API's twins): the councils and the form to add one, one
 * council's page (rename, suspend, resume), and the platform administrators' accounts.
 */
@ApiExcludeController()
@AuditTarget('council')
@PlatformAdminOnly()
@Controller('platform')
export class PlatformWebController {
  constructor(
    private readonly views: Views,
    private readonly councils: PlatformCouncilsService,
    private readonly admins: PlatformAdminsService,
    private readonly setup: CouncilSetupService,
  ) {}

  private async render(
    res: Response,
    user: PlatformAdminUser,
    values: Record<string, string>,
    errors?: FormErrors,
    status = 200,
  ): Promise<void> {
    const admins = await this.admins.list();
    this.views.page(
      res,
      'platform/councils',
      '審議会の管理',
      {
        councils: (await this.councils.list()).map((c) => ({ ...c, suspended: c.state === 'suspended' })),
        admins: admins.map((a) => ({ ...a, self: a.id === user.id })),
        values,
        errors,
        ...councilFormChoices(this.setup.catalogues(), values),
      },
      status,
    );
  }

  private async council(id: number): Promise<PlatformCouncilDto> {
    const found = (await this.councils.list()).find((c) => c.id === id);
    if (!found) throw CommonErrors.notFound('審議会');
    return found;
  }

  /** One council's page: the rename form (with the version read) and the suspend / resume form. */
  private async renderCouncil(
    res: Response,
    council: PlatformCouncilDto,
    values: Record<string, string>,
    errors?: FormErrors,
    status = 200,
  ): Promise<void> {
    this.views.page(
      res,
      'platform/council',
      `${council.councilName}（審議会の管理）`,
      {
        council,
        suspended: council.state === 'suspended',
        restoring: council.state === 'restoring',
        actions: councilMachine
          .allowed(council.state, 'platformAdmin')
          .map((a) => ({ action: a, label: councilMachine.table[a].label })),
        values,
        errors,
      },
      status,
    );
  }

  @Get('councils')
  page(@Res() res: Response, @CurrentPrincipal() user: PlatformAdminUser): Promise<void> {
    return this.render(res, user, { numbering: 'fiscalYear', secretariat: '総務課' });
  }

  @Post('councils')
  async create(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() user: PlatformAdminUser,
    @Body() body: FormBody,
  ): Promise<void> {
    const { values, dto, errors } = await parseCouncilForm(body);
    if (errors) return this.render(res, user, values, errors, 400);
    await act(
      res,
      {
        back: '/platform/councils',
        notice: (c) =>
          `「${c.councilName}」を登録しました（番号 ${c.councilId}）。管理者「${c.adminUsername}」でログインして利用を始められます。`,
        rerender: (found, e) => this.render(res, user, values, found, e.status),
      },
      () => this.councils.create(user, dto, req.ip ?? null),
    );
  }

  @Get('councils/:id')
  async show(@Res() res: Response, @Param('id', ParseIntPipe) id: number): Promise<void> {
    const council = await this.council(id);
    return this.renderCouncil(res, council, {
      municipality: council.municipality,
      councilName: council.councilName,
      implementingBody: council.implementingBody,
      slug: council.slug,
      version: String(council.version),
    });
  }

  /** Rename: every field of the form is sent; the version read with the page guards a stale write. */
  @Post('councils/:id')
  async rename(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() user: PlatformAdminUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ): Promise<void> {
    const council = await this.council(id);
    const values = Object.fromEntries(RENAMABLE_COUNCIL_FIELDS.map((f) => [f, str(body[f])]));
    values.version = str(body.version);
    await act(
      res,
      {
        back: `/platform/councils/${id}`,
        notice: (c) => `「${c.councilName}」の登録内容を変更しました。`,
        rerender: (found, e) => this.renderCouncil(res, council, values, found, e.status),
      },
      async () => {
        const dto = await formDto(UpdatePlatformCouncilDto, { ...values, version: num(body.version) });
        return this.councils.update(user, id, dto, req.ip ?? null);
      },
    );
  }

  /** Suspend or resume (`:action`, a move of the council's state machine), with the reason typed. */
  @Post('councils/:id/:action')
  async changeState(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() user: PlatformAdminUser,
    @Param('id', ParseIntPipe) id: number,
    @Param('action') action: string,
    @Body() body: FormBody,
  ): Promise<void> {
    if (!councilMachine.isAction(action)) throw CommonErrors.notFound();
    const council = await this.council(id);
    const { dto, errors } = await parseForm(CouncilStateChangeDto, { reason: str(body.reason) });
    const values = { reason: str(body.reason) };
    if (errors) return this.renderCouncil(res, council, values, errors, 400);
    await act(
      res,
      {
        back: `/platform/councils/${id}`,
        notice: (c) =>
          c.state === 'suspended'
            ? `「${c.councilName}」の利用を停止しました。利用者はログインできず、公開ポータルも表示されません。`
            : `「${c.councilName}」の利用を再開しました。`,
      },
      () => this.councils.changeState(user, id, action, dto.reason, req.ip ?? null),
    );
  }

  /** Disable or enable (`:action`) another platform administrator's account. */
  @AuditTarget('user')
  @Post('admins/:id/:action')
  async setAdminDisabled(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() user: PlatformAdminUser,
    @Param('id', IdPipe) id: string,
    @Param('action') action: string,
  ): Promise<void> {
    if (action !== 'disable' && action !== 'enable') throw CommonErrors.notFound();
    await act(
      res,
      {
        back: '/platform/councils',
        notice: (a) =>
          a.disabled
            ? `「${a.displayName}」（${a.username}）を利用停止にしました。ログイン中の画面も使えなくなります。`
            : `「${a.displayName}」（${a.username}）を再び使えるようにしました。`,
      },
      () => this.admins.setDisabled(user, id, action === 'disable', req.ip ?? null),
    );
  }
}

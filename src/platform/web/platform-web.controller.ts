import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditTarget } from '../../audit/audit.decorators';
import type { PlatformAdminUser } from '../../auth/auth-user';
import { CurrentPrincipal, PlatformAdminOnly } from '../../auth/decorators';
import { CreateCouncilDto } from '../../council/setup/council-setup.dto';
import { CouncilSetupService } from '../../council/setup/council-setup.service';
import { act } from '../../views/act';
import { parseForm, str, type FormBody, type FormErrors } from '../../views/form';
import { Views } from '../../views/views';
import { NUMBERING_SCHEME_LABELS, NUMBERING_SCHEMES } from '../../workflow/numbering';
import { PlatformCouncilsService } from '../platform-councils.service';

const FIELDS = [
  'municipality',
  'councilName',
  'implementingBody',
  'slug',
  'secretariat',
  'secretariatDivision',
  'numbering',
  'catalogue',
  'adminUsername',
  'adminDisplayName',
] as const;

/** The platform administrator's screen: the councils, and a form to add one (the API's twin). */
@ApiExcludeController()
@AuditTarget('council')
@PlatformAdminOnly()
@Controller('platform/councils')
export class PlatformWebController {
  constructor(
    private readonly views: Views,
    private readonly councils: PlatformCouncilsService,
    private readonly setup: CouncilSetupService,
  ) {}

  private async render(
    res: Response,
    values: Record<string, string>,
    errors?: FormErrors,
    status = 200,
  ): Promise<void> {
    this.views.page(
      res,
      'platform/councils',
      '審議会の管理',
      {
        councils: await this.councils.list(),
        values,
        errors,
        catalogues: this.setup.catalogues().map((c) => ({ ...c, checked: c.code === values.catalogue })),
        numberings: NUMBERING_SCHEMES.map((n) => ({
          value: n,
          label: NUMBERING_SCHEME_LABELS[n],
          checked: n === (values.numbering || 'fiscalYear'),
        })),
      },
      status,
    );
  }

  @Get()
  page(@Res() res: Response): Promise<void> {
    return this.render(res, { numbering: 'fiscalYear', secretariat: '総務課' });
  }

  @Post()
  async create(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() user: PlatformAdminUser,
    @Body() body: FormBody,
  ): Promise<void> {
    const values = Object.fromEntries(FIELDS.map((f) => [f, str(body[f])]));
    const { dto, errors } = await parseForm(CreateCouncilDto, {
      ...values,
      secretariatDivision: values.secretariatDivision || undefined,
      adminDisplayName: values.adminDisplayName || undefined,
      slug: values.slug || undefined,
      numbering: values.numbering || undefined,
      adminPassword: str(body.adminPassword),
    });
    if (errors) return this.render(res, values, errors, 400);
    if (str(body.adminPassword) !== str(body.confirmPassword))
      return this.render(res, values, { confirmPassword: ['確認用のパスワードが一致しません'] }, 400);
    await act(
      res,
      {
        back: '/platform/councils',
        notice: (c) =>
          `「${c.councilName}」を登録しました（番号 ${c.councilId}）。管理者「${c.adminUsername}」でログインして利用を始められます。`,
        rerender: (found, e) => this.render(res, values, found, e.status),
      },
      () => this.councils.create(user, dto, req.ip ?? null),
    );
  }
}

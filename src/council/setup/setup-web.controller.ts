import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NoAudit } from '../../audit/audit.decorators';
import { setSessionCookie } from '../../auth/auth.controller';
import { AuthService } from '../../auth/auth.service';
import { Public } from '../../auth/decorators';
import { CommonErrors } from '../../common/errors/app-error';
import { requestMeta } from '../../common/http/request-meta';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { NUMBERING_SCHEME_LABELS, NUMBERING_SCHEMES } from '../../workflow/numbering';
import { act } from '../../views/act';
import { parseForm, str, type FormBody, type FormErrors } from '../../views/form';
import { Views } from '../../views/views';
import { CreateCouncilDto } from './council-setup.dto';
import { CouncilSetupService } from './council-setup.service';

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

/** The first-run page: only while no council exists (afterwards 404). Logs the new administrator in. */
@ApiExcludeController()
@Controller('setup')
export class SetupWebController {
  constructor(
    private readonly views: Views,
    private readonly setup: CouncilSetupService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private render(res: Response, values: Record<string, string>, errors?: FormErrors, status = 200): void {
    this.views.page(
      res,
      'setup',
      '初期設定',
      {
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

  @Public()
  @Get()
  async page(@Res() res: Response): Promise<void> {
    if (!(await this.setup.needed())) throw CommonErrors.notFound();
    this.render(res, { numbering: 'fiscalYear', secretariat: '総務課', adminUsername: 'admin' });
  }

  @Public()
  @NoAudit()
  @Post()
  async submit(@Req() req: Request, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    if (!(await this.setup.needed())) throw CommonErrors.notFound();
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
        back: '/setup',
        next: '/',
        notice: (c) => `「${c.councilName}」の初期設定が終わりました。管理者としてログインしています。`,
        rerender: (found, e) => this.render(res, values, found, e.status),
      },
      async () => {
        const created = await this.setup.create(dto, { via: 'web', ip: req.ip ?? null });
        const session = await this.auth.login(dto.adminUsername, dto.adminPassword, requestMeta(req));
        setSessionCookie(res, this.config, session.accessToken);
        return created;
      },
    );
  }
}

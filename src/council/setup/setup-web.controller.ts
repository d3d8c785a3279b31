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
import { act } from '../../views/act';
import { type FormBody, type FormErrors } from '../../views/form';
import { Views } from '../../views/views';
import { councilFormChoices, parseCouncilForm } from './council-setup-form';
import { CouncilSetupService } from './council-setup.service';

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
      { values, errors, ...councilFormChoices(this.setup.catalogues(), values) },
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
    const { values, dto, errors } = await parseCouncilForm(body);
    if (errors) return this.render(res, values, errors, 400);
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

import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { Authenticated, CurrentUser } from '../auth/decorators';
import { renderPage } from '../views/page';
import { VIEW_RENDERER, type ViewRenderer } from '../views/view-renderer';
import { DashboardService } from './dashboard.service';

/** The start page: what each role has to do next. */
@ApiExcludeController()
@Controller()
export class DashboardWebController {
  constructor(
    @Inject(VIEW_RENDERER) private readonly views: ViewRenderer,
    private readonly dashboard: DashboardService,
  ) {}

  @Authenticated()
  @Get()
  async home(@Res() res: Response, @CurrentUser() user: AuthUser) {
    const data = await this.dashboard.forUser(user);
    renderPage(this.views, res, 'dashboard', 'ダッシュボード', {
      ...data,
      previousLoginAt: user.previousLoginAt,
    });
  }
}

import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { Authenticated, CurrentUser } from '../auth/decorators';
import { Views } from '../views/views';
import { DashboardService } from './dashboard.service';

/** The start page: what each role has to do next. */
@ApiExcludeController()
@Controller()
export class DashboardWebController {
  constructor(
    private readonly views: Views,
    private readonly dashboard: DashboardService,
  ) {}

  @Authenticated()
  @Get()
  async home(@Res() res: Response, @CurrentUser() user: AuthUser) {
    const data = await this.dashboard.forUser(user);
    this.views.page(res, 'dashboard', 'ダッシュボード', {
      ...data,
      previousLoginAt: user.previousLoginAt,
    });
  }
}

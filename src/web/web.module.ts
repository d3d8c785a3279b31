import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { AuthModule } from '../auth/auth.module';
import { HTML_ERROR_RENDERER } from '../common/errors/problem.filter';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DepartmentsModule } from '../departments/departments.module';
import { OpsModule } from '../ops/ops.module';
import { UsersModule } from '../users/users.module';
import { KpiModule } from '../kpi/kpi.module';
import { DashboardService } from './dashboard.service';
import { HandlebarsViewRenderer, VIEW_RENDERER } from './view-renderer';
import { WebController } from './web.controller';
import { WebErrorRenderer } from './web-error.renderer';

@Module({
  imports: [AuthModule, UsersModule, DepartmentsModule, KpiModule, OpsModule],
  controllers: [WebController],
  providers: [
    DashboardService,
    {
      provide: VIEW_RENDERER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new HandlebarsViewRenderer(join(config.templatesDir, 'views')),
    },
    { provide: HTML_ERROR_RENDERER, useClass: WebErrorRenderer },
  ],
  exports: [VIEW_RENDERER, HTML_ERROR_RENDERER],
})
export class WebModule {}

import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { KpiModule } from '../kpi/kpi.module';
import { OpsModule } from '../ops/ops.module';
import { ViewsModule } from '../views/views.module';
import { ImpactAssessmentsModule } from '../impact-assessments/impact-assessments.module';
import { DashboardWebController } from './dashboard-web.controller';
import { DashboardService } from './dashboard.service';

/** The start page; it reads every feature (KPIs, backups), so no feature depends on it. */
@Module({
  imports: [ViewsModule, KpiModule, OpsModule, IncidentsModule, ImpactAssessmentsModule],
  controllers: [DashboardWebController],
  providers: [DashboardService],
})
export class DashboardModule {}

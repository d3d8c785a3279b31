import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { ConditionsModule } from '../conditions/conditions.module';
import { KpiModule } from '../kpi/kpi.module';
import {
  AuditExportsController,
  CaseExportsController,
  ConditionExportsController,
  KpiExportsController,
} from './exports.controller';
import { ExportsService } from './exports.service';

/**
 * Downloads of lists (CSV, xlsx) and the item list's Excel round trip. Imported by AppModule ahead
 * of the feature modules, so `/api/cases/export.csv` is routed before `/api/cases/:id`.
 */
@Module({
  imports: [AuditModule, CasesModule, ConditionsModule, KpiModule],
  controllers: [
    CaseExportsController,
    ConditionExportsController,
    KpiExportsController,
    AuditExportsController,
  ],
  providers: [ExportsService],
})
export class ExportsModule {}

import { Module } from '@nestjs/common';
import { AssessmentService } from './assessment.service';
import { AttachmentsService } from './attachments.service';
import { BinPurgeScheduler } from './bin-purge.scheduler';
import { BinController } from './bin.controller';
import { BinService } from './bin.service';
import { BinWebController } from './web/bin-web.controller';
import { AssessmentController, ClauseSetsController, LegalBasesController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { CaseQueryService } from './case-query.service';
import { CaseVersionsService } from './case-versions.service';
import { CaseAccessModule } from './case-access-policy';
import { CasesWebController } from './web/cases-web.controller';
import { CatalogWebController } from './web/catalog-web.controller';
import { ViewsModule } from '../views/views.module';
import { DepartmentsModule } from '../departments/departments.module';

/** The services other features use; the module provides them all and exports them all. */
const SERVICES = [
  CasesService,
  CaseQueryService,
  CaseVersionsService,
  CatalogService,
  AssessmentService,
  AttachmentsService,
  BinService,
];

@Module({
  imports: [ViewsModule, DepartmentsModule, CaseAccessModule],
  controllers: [
    CasesController,
    LegalBasesController,
    ClauseSetsController,
    AssessmentController,
    CasesWebController,
    CatalogWebController,
    BinController,
    BinWebController,
  ],
  providers: [...SERVICES, BinPurgeScheduler],
  exports: SERVICES,
})
export class CasesModule {}

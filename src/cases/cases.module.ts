import { Module } from '@nestjs/common';
import { AssessmentService } from './assessment.service';
import { AttachmentsService } from './attachments.service';
import { AssessmentController, ClauseSetsController, LegalBasesController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { CasesWebController } from './web/cases-web.controller';
import { CatalogWebController } from './web/catalog-web.controller';
import { WebModule } from '../web/web.module';
import { DepartmentsModule } from '../departments/departments.module';

@Module({
  imports: [WebModule, DepartmentsModule],
  controllers: [
    CasesController,
    LegalBasesController,
    ClauseSetsController,
    AssessmentController,
    CasesWebController,
    CatalogWebController,
  ],
  providers: [CasesService, CatalogService, AssessmentService, AttachmentsService],
  exports: [CasesService, CatalogService, AssessmentService, AttachmentsService],
})
export class CasesModule {}

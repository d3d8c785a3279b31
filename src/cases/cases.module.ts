import { Module } from '@nestjs/common';
import { AssessmentService } from './assessment.service';
import { AttachmentsService } from './attachments.service';
import { AssessmentController, ClauseSetsController, LegalBasesController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  controllers: [CasesController, LegalBasesController, ClauseSetsController, AssessmentController],
  providers: [CasesService, CatalogService, AssessmentService, AttachmentsService],
  exports: [CasesService, CatalogService, AssessmentService],
})
export class CasesModule {}

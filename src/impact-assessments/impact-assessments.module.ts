import { Module } from '@nestjs/common';
import { AssessmentsStandingReport } from './assessments-standing-report';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { ViewsModule } from '../views/views.module';
import { ImpactAssessmentsController } from './impact-assessments.controller';
import { ImpactAssessmentsService } from './impact-assessments.service';
import { ResultPapersService } from './result-papers.service';
import { ImpactAssessmentsWebController } from './web/impact-assessments-web.controller';

/**
 * 特定個人情報保護評価の第三者点検: the review is a case (intake, agenda, packet as for any case) with
 * the assessment's facts, the council's checklist and findings, and the 点検結果 paper.
 */
@Module({
  imports: [CasesModule, DocumentsModule, ViewsModule],
  controllers: [ImpactAssessmentsController, ImpactAssessmentsWebController],
  providers: [ImpactAssessmentsService, ResultPapersService, AssessmentsStandingReport],
  exports: [ImpactAssessmentsService],
})
export class ImpactAssessmentsModule {}

import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { ViewsModule } from '../views/views.module';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';
import { IncidentsStandingReport } from './incidents-standing-report';
import { IncidentsWebController } from './web/incidents-web.controller';

/** The register of 個人情報の漏えい等 (issue 18, item 4): API, screens and the fiscal-year paper. */
@Module({
  imports: [DocumentsModule, ViewsModule],
  controllers: [IncidentsController, IncidentsWebController],
  providers: [IncidentsService, IncidentsStandingReport],
  exports: [IncidentsService],
})
export class IncidentsModule {}

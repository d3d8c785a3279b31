import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { ViewsModule } from '../views/views.module';
import { StandingReportsWebController } from './web/standing-reports-web.controller';
import { StandingReportRegistryModule } from './standing-report.registry';
import { MeetingStandingReportsController, StandingReportsController } from './standing-reports.controller';
import { StandingReportsService } from './standing-reports.service';

/**
 * Standing reports: other features register their report kinds and sections with the exported
 * StandingReportRegistry (global; the file register's 登録状況, the incident register's 事故等の状況).
 */
@Module({
  imports: [DocumentsModule, MeetingsModule, StandingReportRegistryModule, ViewsModule],
  controllers: [StandingReportsController, MeetingStandingReportsController, StandingReportsWebController],
  providers: [StandingReportsService],
  exports: [StandingReportsService],
})
export class StandingReportsModule {}

import { Module } from '@nestjs/common';
import { RepliesModule } from '../replies/replies.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { AdvanceQuestionsService } from './advance-questions.service';
import { AgendaService } from './agenda.service';
import { DeliberationController } from './deliberation.controller';
import { DeliberationService } from './deliberation.service';
import { MeetingViewService } from './meeting-view.service';
import { MeetingsController } from './meetings.controller';
import { MeetingsService } from './meetings.service';
import { ReportFilesService } from './report-files.service';
import { ReportFilesWebController } from './report-files-web.controller';

@Module({
  imports: [WorkflowModule, RepliesModule],
  controllers: [MeetingsController, DeliberationController, ReportFilesWebController],
  providers: [
    MeetingsService,
    AgendaService,
    DeliberationService,
    AdvanceQuestionsService,
    MeetingViewService,
    ReportFilesService,
  ],
  exports: [
    MeetingsService,
    AgendaService,
    DeliberationService,
    AdvanceQuestionsService,
    MeetingViewService,
    ReportFilesService,
  ],
})
export class MeetingsModule {}

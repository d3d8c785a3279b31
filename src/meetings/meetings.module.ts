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
import { MeetingFormOptionsService } from './meeting-form-options.service';
import { AgendaWebController } from './web/agenda-web.controller';
import { DeliberationWebController } from './web/deliberation-web.controller';
import { MeetingsWebController } from './web/meetings-web.controller';
import { QuestionsWebController } from './web/questions-web.controller';
import { ReportFilesWebController } from './web/report-files-web.controller';
import { ViewsModule } from '../views/views.module';

/** The services other features use; the module provides them all and exports them all. */
const SERVICES = [
  MeetingsService,
  AgendaService,
  DeliberationService,
  AdvanceQuestionsService,
  MeetingViewService,
  ReportFilesService,
];

@Module({
  imports: [WorkflowModule, RepliesModule, ViewsModule],
  controllers: [
    MeetingsController,
    DeliberationController,
    MeetingsWebController,
    AgendaWebController,
    DeliberationWebController,
    QuestionsWebController,
    ReportFilesWebController,
  ],
  providers: [...SERVICES, MeetingFormOptionsService],
  exports: SERVICES,
})
export class MeetingsModule {}

import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { CasesModule } from '../cases/cases.module';
import { CaseFileSubmissionChecks, SUBMISSION_CHECKS } from './submission-checks';
import { NumberingSettingsController } from './numbering-settings.controller';
import { NumberingSettingsService } from './numbering-settings.service';
import { WorkflowController } from './workflow.controller';
import { WorkflowService } from './workflow.service';
import { IntakeWebController } from './web/intake-web.controller';
import { NumberingWebController } from './web/numbering-web.controller';
import { ViewsModule } from '../views/views.module';

@Module({
  imports: [NotificationsModule, CasesModule, ViewsModule],
  controllers: [WorkflowController, NumberingSettingsController, IntakeWebController, NumberingWebController],
  providers: [
    WorkflowService,
    NumberingSettingsService,
    { provide: SUBMISSION_CHECKS, useClass: CaseFileSubmissionChecks },
  ],
  exports: [WorkflowService, NumberingSettingsService, NotificationsModule],
})
export class WorkflowModule {}

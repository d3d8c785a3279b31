import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { SUBMISSION_CHECKS, TitleOnlySubmissionChecks } from './submission-checks';
import { WorkflowController } from './workflow.controller';
import { WorkflowService } from './workflow.service';

@Module({
  imports: [NotificationsModule],
  controllers: [WorkflowController],
  // The case-file feature replaces this binding with its CasesService at merge.
  providers: [WorkflowService, { provide: SUBMISSION_CHECKS, useClass: TitleOnlySubmissionChecks }],
  exports: [WorkflowService, NotificationsModule],
})
export class WorkflowModule {}

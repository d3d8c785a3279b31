import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { CasesModule } from '../cases/cases.module';
import { CaseFileSubmissionChecks, SUBMISSION_CHECKS } from './submission-checks';
import { WorkflowController } from './workflow.controller';
import { WorkflowService } from './workflow.service';

@Module({
  imports: [NotificationsModule, CasesModule],
  controllers: [WorkflowController],
  providers: [WorkflowService, { provide: SUBMISSION_CHECKS, useClass: CaseFileSubmissionChecks }],
  exports: [WorkflowService, NotificationsModule],
})
export class WorkflowModule {}

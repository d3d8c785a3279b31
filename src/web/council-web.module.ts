import { Module } from '@nestjs/common';
import { ConditionsModule } from '../conditions/conditions.module';
import { KpiModule } from '../kpi/kpi.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { RepliesModule } from '../replies/replies.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { CouncilWebController } from './council-web.controller';
import { WebModule } from './web.module';

/** Screens of the council workflow (the API lives in each feature's module). */
@Module({
  imports: [WebModule, WorkflowModule, MeetingsModule, RepliesModule, ConditionsModule, KpiModule],
  controllers: [CouncilWebController],
})
export class CouncilWebModule {}

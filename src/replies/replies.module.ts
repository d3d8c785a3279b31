import { Module } from '@nestjs/common';
import { ConditionsModule } from '../conditions/conditions.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { RepliesController } from './replies.controller';
import { RepliesService } from './replies.service';

@Module({
  imports: [WorkflowModule, ConditionsModule],
  controllers: [RepliesController],
  providers: [RepliesService],
  exports: [RepliesService],
})
export class RepliesModule {}

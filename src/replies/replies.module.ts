import { Module } from '@nestjs/common';
import { ConditionsModule } from '../conditions/conditions.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { RepliesController } from './replies.controller';
import { RepliesService } from './replies.service';
import { RepliesWebController } from './web/replies-web.controller';
import { ViewsModule } from '../views/views.module';
import { FileRegisterModule } from '../file-register/file-register.module';

@Module({
  imports: [WorkflowModule, ConditionsModule, ViewsModule, FileRegisterModule],
  controllers: [RepliesController, RepliesWebController],
  providers: [RepliesService],
  exports: [RepliesService],
})
export class RepliesModule {}

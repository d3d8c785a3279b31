import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { ConditionsController } from './conditions.controller';
import { ConditionsService } from './conditions.service';
import { ConditionsWebController } from './web/conditions-web.controller';
import { ViewsModule } from '../views/views.module';

@Module({
  imports: [WorkflowModule, ViewsModule],
  controllers: [ConditionsController, ConditionsWebController],
  providers: [ConditionsService],
  exports: [ConditionsService],
})
export class ConditionsModule {}

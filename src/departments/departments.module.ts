import { Module } from '@nestjs/common';
import { DepartmentsController } from './departments.controller';
import { ViewsModule } from '../views/views.module';
import { DepartmentsService } from './departments.service';
import { DepartmentsWebController } from './web/departments-web.controller';

@Module({
  imports: [ViewsModule],
  controllers: [DepartmentsController, DepartmentsWebController],
  providers: [DepartmentsService],
  exports: [DepartmentsService],
})
export class DepartmentsModule {}

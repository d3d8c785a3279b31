import { Module } from '@nestjs/common';
import { UsersController } from './users.controller';
import { DepartmentsModule } from '../departments/departments.module';
import { ViewsModule } from '../views/views.module';
import { UsersService } from './users.service';
import { UsersWebController } from './web/users-web.controller';

@Module({
  imports: [DepartmentsModule, ViewsModule],
  controllers: [UsersController, UsersWebController],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}

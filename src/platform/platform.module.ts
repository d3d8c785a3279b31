import { Module } from '@nestjs/common';
import { SetupModule } from '../council/setup/setup.module';
import { ViewsModule } from '../views/views.module';
import { PlatformAdminsController } from './platform-admins.controller';
import { PlatformAdminsService } from './platform-admins.service';
import { PlatformCouncilsController } from './platform-councils.controller';
import { PlatformCouncilsService } from './platform-councils.service';
import { PlatformWebController } from './web/platform-web.controller';

/** The platform administrator's councils and the platform administrators' accounts: the API and the screen (issue 15). */
@Module({
  imports: [SetupModule, ViewsModule],
  controllers: [PlatformCouncilsController, PlatformAdminsController, PlatformWebController],
  providers: [PlatformCouncilsService, PlatformAdminsService],
})
export class PlatformModule {}

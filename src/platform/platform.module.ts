import { Module } from '@nestjs/common';
import { SetupModule } from '../council/setup/setup.module';
import { ViewsModule } from '../views/views.module';
import { PlatformCouncilsController } from './platform-councils.controller';
import { PlatformCouncilsService } from './platform-councils.service';
import { PlatformWebController } from './web/platform-web.controller';

/** The platform administrator's councils: the API and the screen (issue 15). */
@Module({
  imports: [SetupModule, ViewsModule],
  controllers: [PlatformCouncilsController, PlatformWebController],
  providers: [PlatformCouncilsService],
})
export class PlatformModule {}

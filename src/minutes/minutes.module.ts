import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { WebModule } from '../web/web.module';
import { MinutesController } from './minutes.controller';
import { MinutesOverviewService } from './minutes-overview.service';
import { MinutesWebController } from './minutes-web.controller';
import { MinutesCirculationService } from './minutes-circulation.service';
import { MinutesDraftingService } from './minutes-drafting.service';
import { MinutesRedactionService } from './minutes-redaction.service';
import { MinutesScanScheduler } from './minutes-scan.scheduler';
import { MinutesService } from './minutes.service';

/** Minutes (会議録): drafting, confirmation round, redaction and publishing (the portal is src/public-portal). */
@Module({
  imports: [NotificationsModule, WebModule],
  controllers: [MinutesController, MinutesWebController],
  providers: [
    MinutesService,
    MinutesDraftingService,
    MinutesCirculationService,
    MinutesRedactionService,
    MinutesScanScheduler,
    MinutesOverviewService,
  ],
  exports: [MinutesService],
})
export class MinutesModule {}

import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { ViewsModule } from '../views/views.module';
import { MinutesController } from './minutes.controller';
import { MinutesOverviewService } from './minutes-overview.service';
import { MinutesCirculationService } from './minutes-circulation.service';
import { MinutesDraftingService } from './minutes-drafting.service';
import { MinutesRedactionService } from './minutes-redaction.service';
import { MinutesScanScheduler } from './minutes-scan.scheduler';
import { MinutesService } from './minutes.service';
import { MinutesConfirmWebController } from './web/minutes-confirm-web.controller';
import { MinutesEditorWebController } from './web/minutes-editor-web.controller';
import { RedactionSettingsWebController } from './web/redaction-settings-web.controller';

/** Minutes (会議録): drafting, confirmation round, redaction and publishing (the portal is src/public-portal). */
@Module({
  imports: [NotificationsModule, ViewsModule],
  controllers: [
    MinutesController,
    MinutesEditorWebController,
    RedactionSettingsWebController,
    MinutesConfirmWebController,
  ],
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

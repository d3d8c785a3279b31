import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { ViewsModule } from '../views/views.module';
import { MinutesController } from './minutes.controller';
import { MinutesOverviewService } from './minutes-overview.service';
import { MinutesService } from './minutes.service';
import { PublicPdfCache } from './public-pdf-cache';
import { PublicPortalService } from './public-portal.service';
import { MinutesConfirmWebController } from './web/minutes-confirm-web.controller';
import { MinutesEditorWebController } from './web/minutes-editor-web.controller';
import { PublicPortalWebController } from './web/public-portal-web.controller';
import { RedactionSettingsWebController } from './web/redaction-settings-web.controller';

/** Minutes (会議録): drafting, confirmation round, redaction, publishing and the public portal. */
@Module({
  imports: [NotificationsModule, ViewsModule],
  controllers: [
    MinutesController,
    MinutesEditorWebController,
    RedactionSettingsWebController,
    MinutesConfirmWebController,
    PublicPortalWebController,
  ],
  providers: [MinutesService, MinutesOverviewService, PublicPortalService, PublicPdfCache],
  exports: [MinutesService, PublicPdfCache],
})
export class MinutesModule {}

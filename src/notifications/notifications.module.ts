import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MAILER, NullMailer, SmtpMailer } from './mailer';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { NotificationsWebController } from './web/notifications-web.controller';
import { ViewsModule } from '../views/views.module';

@Module({
  imports: [ViewsModule],
  controllers: [NotificationsController, NotificationsWebController],
  providers: [
    NotificationsService,
    {
      provide: MAILER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.smtpFrom) : new NullMailer(),
    },
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}

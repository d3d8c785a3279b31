import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { NotificationDto } from '../dto/notification.dto';
import { NotificationsService } from '../notifications.service';
import { Views } from '../../views/views';
import { FormRoute } from '../../views/form-route';

/** The user's notifications. */
@ApiExcludeController()
@Controller()
export class NotificationsWebController {
  constructor(
    private readonly views: Views,
    private readonly notifications: NotificationsService,
  ) {}

  @Roles('clerk', 'secretariat', 'member', 'chair')
  @Get('notifications')
  async notificationList(@Res() res: Response, @CurrentUser() user: AuthUser) {
    const list = (await this.notifications.list(user)).map(NotificationDto.from);
    this.views.page(res, 'council/notifications', '通知', { notifications: list });
  }

  @FormRoute('notifications/read-all', 'clerk', 'secretariat', 'member', 'chair')
  async readAll(@Res() res: Response, @CurrentUser() user: AuthUser) {
    await this.notifications.markAllRead(user);
    res.redirect(303, '/notifications');
  }
}

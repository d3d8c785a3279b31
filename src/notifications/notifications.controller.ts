import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { Authenticated, CurrentUser } from '../auth/decorators';
import { AuditTarget } from '../audit/audit.decorators';
import { NotificationDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';
import { IdParam } from '../common/http/id.pipe';
import { ApiGet, ApiWrite } from '../common/openapi/route';

@ApiTags('通知')
@AuditTarget('notification')
@Authenticated()
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @ApiGet('', '自分あての通知の一覧を取得する', 'controller', [NotificationDto])
  async list(@CurrentUser() user: AuthUser, @Query('unread') unread?: string): Promise<NotificationDto[]> {
    return (await this.notifications.list(user, unread === 'true')).map(NotificationDto.from);
  }

  @ApiWrite('post', ':id/read', '通知を既読にする', 'controller', NotificationDto)
  async read(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<NotificationDto> {
    return NotificationDto.from(await this.notifications.markRead(user, id));
  }

  @ApiWrite('post', 'read-all', '通知をすべて既読にする', 'controller')
  async readAll(@CurrentUser() user: AuthUser): Promise<void> {
    await this.notifications.markAllRead(user);
  }
}

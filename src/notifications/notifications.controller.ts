import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { Authenticated, CurrentUser } from '../auth/decorators';
import { AuditTarget } from '../audit/audit.decorators';
import { NotificationDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';
import { IdParam } from '../common/http/id.pipe';

@ApiTags('通知')
@AuditTarget('notification')
@Authenticated()
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @ApiOperation({ summary: '自分あての通知の一覧を取得する' })
  @Get()
  @ApiOkResponse({ type: [NotificationDto] })
  async list(@CurrentUser() user: AuthUser, @Query('unread') unread?: string): Promise<NotificationDto[]> {
    return (await this.notifications.list(user, unread === 'true')).map(NotificationDto.from);
  }

  @ApiOperation({ summary: '通知を既読にする' })
  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationDto })
  async read(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<NotificationDto> {
    return NotificationDto.from(await this.notifications.markRead(user, id));
  }

  @ApiOperation({ summary: '通知をすべて既読にする' })
  @Post('read-all')
  @HttpCode(204)
  async readAll(@CurrentUser() user: AuthUser): Promise<void> {
    await this.notifications.markAllRead(user);
  }
}

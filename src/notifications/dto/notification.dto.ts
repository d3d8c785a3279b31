import { ApiProperty } from '@nestjs/swagger';
import type { Notification } from '../notification.entity';
import { pick } from '../../common/format/pick';

export class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty() kind: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) body: string | null;
  @ApiProperty({ nullable: true, type: String }) link: string | null;
  @ApiProperty({ nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ nullable: true, type: String }) conditionId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() read: boolean;

  static from(n: Notification): NotificationDto {
    return {
      ...pick(n, 'id', 'kind', 'title', 'body', 'link', 'caseId', 'conditionId'),
      createdAt: n.createdAt.toISOString(),
      read: n.readAt !== null,
    };
  }
}

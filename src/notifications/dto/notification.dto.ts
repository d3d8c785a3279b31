import { ApiProperty } from '@nestjs/swagger';
import type { Notification } from '../notification.entity';

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
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      caseId: n.caseId,
      conditionId: n.conditionId,
      createdAt: n.createdAt.toISOString(),
      read: n.readAt !== null,
    };
  }
}

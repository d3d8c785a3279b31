import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BinAttachment, BinCase } from '../bin.service';
import { pick } from '../../common/format/pick';

export class BinCaseDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() departmentName: string;
  @ApiProperty() deletedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: '削除した職員' }) deletedBy:
    | string
    | null;
  @ApiProperty({ description: 'この日時を過ぎると完全に削除されます' }) purgeAt: string;

  static from(c: BinCase): BinCaseDto {
    return {
      ...pick(c, 'id', 'title', 'departmentName'),
      deletedAt: new Date(c.deletedAt).toISOString(),
      deletedBy: c.deletedBy,
      purgeAt: c.purgeAt.toISOString(),
    };
  }
}

export class BinAttachmentDto {
  @ApiProperty() id: string;
  @ApiProperty() caseId: string;
  @ApiProperty() caseTitle: string;
  @ApiProperty({ description: '事案もごみ箱にある（先に事案を復元）' }) caseDeleted: boolean;
  @ApiProperty() title: string;
  @ApiProperty() fileName: string;
  @ApiProperty() deletedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) deletedBy: string | null;
  @ApiProperty() purgeAt: string;

  static from(a: BinAttachment): BinAttachmentDto {
    return {
      ...pick(a, 'id', 'caseId', 'caseTitle', 'caseDeleted', 'title', 'fileName'),
      deletedAt: new Date(a.deletedAt).toISOString(),
      deletedBy: a.deletedBy,
      purgeAt: a.purgeAt.toISOString(),
    };
  }
}

export class BinDto {
  @ApiProperty({ type: [BinCaseDto] }) cases: BinCaseDto[];
  @ApiProperty({ type: [BinAttachmentDto] }) attachments: BinAttachmentDto[];
  @ApiProperty({ description: '保存期間（日）' }) retentionDays: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import type { AuditLog } from '../audit-log.entity';
import { OptionalDateString, OptionalString, OptionalWholeNumber } from '../../common/validation/fields';
import { pick } from '../../common/format/pick';

export class AuditQueryDto {
  @OptionalString(100, { description: '操作者のユーザー名（部分一致）' }) actor?: string;

  @OptionalString(50, { example: 'login.failed' }) action?: string;

  @OptionalString(50, { example: 'user' }) targetType?: string;

  @OptionalString(100) targetId?: string;

  @OptionalDateString({ example: '2026-11-01' }) from?: string;

  @OptionalDateString({ example: '2026-11-30' }) to?: string;

  @OptionalWholeNumber(1, 100000, { default: 1 }) page?: number;

  @OptionalWholeNumber(1, 500, { default: 50 }) pageSize?: number;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) targetType: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ nullable: true, type: Number }) status: number | null;
  @ApiProperty({ nullable: true, type: Object }) detail: Record<string, unknown> | null;
  @ApiProperty() hash: string;

  static from(a: AuditLog): AuditEntryDto {
    return {
      id: a.id,
      occurredAt: a.occurredAt.toISOString(),
      ...pick(a, 'actorName', 'actorRole', 'action', 'targetType', 'targetId', 'ip', 'status', 'detail'),
      ...pick(a, 'hash'),
    };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class AuditVerifyQueryDto {
  @ApiPropertyOptional({
    description: '記録しておいた先頭行（<行 ID>:<ハッシュ>）。バックアップの manifest や定時のログにあります',
    example: '1234:' + '0'.repeat(64),
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,19}:[0-9a-f]{64}$/, {
    message: '<行 ID>:<ハッシュ（16 進 64 桁）> の形式で指定してください',
  })
  anchor?: string;
}

export class AuditBreakDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['link_mismatch', 'hash_mismatch'] }) kind: 'link_mismatch' | 'hash_mismatch';
  @ApiProperty() reason: string;
}

export class AuditAnchorVerdictDto {
  @ApiProperty() id: string;
  @ApiProperty() hash: string;
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional() reason?: string;
}

export class AuditVerifyDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() rows: number;
  @ApiProperty({ type: [AuditBreakDto], description: '壊れている行すべて（先頭から最大 1,000 件）' })
  broken: AuditBreakDto[];
  @ApiProperty({ description: '壊れている行の件数（一覧の上限を超えた分も含む）' }) brokenCount: number;
  @ApiPropertyOptional({ description: '最初に壊れている行（broken[0] と同じ）' }) brokenId?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ type: AuditAnchorVerdictDto }) anchor?: AuditAnchorVerdictDto;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import type { HistoryCounts, HistoryImportResult } from '../history-plan';

export class HistoryImportQueryDto {
  @ApiPropertyOptional({ description: 'true: 確認だけ行い、何も書き込まない' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    description: 'CSV の取り込み元の名前（JSON では文書の source）',
    example: 'odawara-2017',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: '半角英数字と . _ - で 64 文字以内にしてください',
  })
  source?: string;
}

export class HistoryCountsDto {
  @ApiProperty() meetings: number;
  @ApiProperty() cases: number;
  @ApiProperty() replies: number;
  @ApiProperty() minutes: number;
  @ApiProperty() files: number;
}

export class HistoryImportResultDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ example: 'odawara-2017' }) source: string;
  @ApiProperty({ type: HistoryCountsDto, description: '新しく取り込んだ記録' }) created: HistoryCountsDto;
  @ApiProperty({ type: HistoryCountsDto, description: '取り込み済みで変更のない記録' })
  unchanged: HistoryCountsDto;

  static from(r: HistoryImportResult): HistoryImportResultDto {
    const counts = (c: HistoryCounts): HistoryCountsDto => ({ ...c });
    return { dryRun: r.dryRun, source: r.source, created: counts(r.created), unchanged: counts(r.unchanged) };
  }
}

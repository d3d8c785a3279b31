import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PERIODS = ['fiscalYear', 'range'] as const;
const AGENDA_PERIODS = ['sinceLastMeeting', 'fiscalYear', 'range'] as const;

/** A fiscal year, or two days; shared by the report's query and the agenda request. */
class PeriodFields {
  @ApiPropertyOptional({ type: 'integer', description: '年度（西暦。令和7年度なら 2025）', example: 2025 })
  @ValidateIf((o: PeriodFields & { period: string }) => o.period === 'fiscalYear')
  @Type(() => Number)
  @IsInt({ message: '年度は西暦の年（例: 2025）で指定してください' })
  @Min(1989, { message: '年度は 1989 以降で指定してください' })
  @Max(2100, { message: '年度は 2100 以前で指定してください' })
  fiscalYear?: number;

  @ApiPropertyOptional({ description: '対象期間の開始日（YYYY-MM-DD）', example: '2026-04-01' })
  @ValidateIf((o: PeriodFields & { period: string }) => o.period === 'range')
  @IsString({ message: '開始日を YYYY-MM-DD で指定してください' })
  @Matches(DAY, { message: '開始日を YYYY-MM-DD で指定してください' })
  from?: string;

  @ApiPropertyOptional({ description: '対象期間の終了日（YYYY-MM-DD）', example: '2026-11-30' })
  @ValidateIf((o: PeriodFields & { period: string }) => o.period === 'range')
  @IsString({ message: '終了日を YYYY-MM-DD で指定してください' })
  @Matches(DAY, { message: '終了日を YYYY-MM-DD で指定してください' })
  to?: string;
}

export class StandingReportQueryDto extends PeriodFields {
  @ApiProperty({
    enum: PERIODS,
    description: 'fiscalYear: 年度（fiscalYear を指定）、range: 期間（from・to を指定）',
  })
  @IsIn(PERIODS, { message: '対象期間の種類は fiscalYear（年度）か range（期間）です' })
  period: (typeof PERIODS)[number];
}

export class AddStandingReportsDto extends PeriodFields {
  @ApiProperty({
    type: [String],
    description: '作成する定例報告の種類（GET /api/standing-reports の kind）',
    example: ['operations'],
  })
  @IsArray({ message: '定例報告の種類を一つ以上選んでください' })
  @ArrayNotEmpty({ message: '定例報告の種類を一つ以上選んでください' })
  @ArrayMaxSize(10, { message: '定例報告は一度に10件までです' })
  @ArrayUnique({ message: '同じ定例報告が重複しています' })
  @IsString({ each: true, message: '定例報告の種類は文字列で指定してください' })
  @MaxLength(50, { each: true, message: '定例報告の種類は50文字以内です' })
  kinds: string[];

  @ApiProperty({
    enum: AGENDA_PERIODS,
    description: 'sinceLastMeeting: 前回の会議の翌日から今回の会議の前日まで、fiscalYear: 年度、range: 期間',
  })
  @IsIn(AGENDA_PERIODS, {
    message:
      '対象期間の種類は sinceLastMeeting（前回の会議以降）、fiscalYear（年度）、range（期間）のいずれかです',
  })
  period: (typeof AGENDA_PERIODS)[number];
}

export class StandingReportKindDto {
  @ApiProperty({ example: 'operations' }) kind: string;
  @ApiProperty({ example: '個人情報の運用状況について' }) title: string;
}

export class ReportPeriodDto {
  @ApiProperty({ example: '2025-04-01' }) from: string;
  @ApiProperty({ example: '2026-03-31' }) to: string;
  @ApiProperty({ example: '令和7年度' }) label: string;
}

const CELL = { oneOf: [{ type: 'string' }, { type: 'number' }] };

export class ReportTableDto {
  @ApiProperty({ example: '区分別の件数' }) caption: string;
  @ApiProperty({ type: [String], example: ['区分', '件数'] }) columns: string[];
  @ApiProperty({ type: 'array', items: { type: 'array', items: CELL }, example: [['諮問', 3]] })
  rows: (string | number)[][];
  @ApiPropertyOptional({ type: 'array', items: CELL, example: ['計', 5] }) total?: (string | number)[];
  @ApiPropertyOptional({ example: '該当なし' }) empty?: string;
}

export class ReportSectionDto {
  @ApiProperty({ example: '審議会への諮問・報告の件数' }) heading: string;
  @ApiProperty({ type: [ReportTableDto] }) tables: ReportTableDto[];
  @ApiProperty({ type: [String] }) notes: string[];
}

export class StandingReportDto {
  @ApiProperty({ example: 'operations' }) kind: string;
  @ApiProperty({ example: '個人情報の運用状況について' }) title: string;
  @ApiProperty({ type: ReportPeriodDto }) period: ReportPeriodDto;
  @ApiProperty({ enum: [1, 2, 3], description: '機密性（事故等の一覧は 2）' }) confidentialityLevel:
    | 1
    | 2
    | 3;
  @ApiProperty({ type: [ReportSectionDto] }) sections: ReportSectionDto[];
}

export class AddedReportItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '個人情報の運用状況について（令和7年度）' }) title: string;
  @ApiProperty({ format: 'uuid', description: '生成した報告資料（PDF）' }) fileId: string;
}

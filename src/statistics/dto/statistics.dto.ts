import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { BASIS_PROCEDURES, type BasisProcedure } from '../../cases/case-kinds';

/**
 * An optional fiscal year in the query (西暦, 1989–2100), its messages naming it `label`. Listed
 * bottom-up, the order stacked decorators apply in, so the checks run and report as they did.
 */
const FiscalYearQuery = (label: string, example: number) =>
  applyDecorators(
    Max(2100, { message: `${label}は 2100 以前で指定してください` }),
    Min(1989, { message: `${label}は 1989 以降で指定してください` }),
    IsInt({ message: `${label}は西暦の年（例: 2025）で指定してください` }),
    Type(() => Number),
    IsOptional(),
    ApiPropertyOptional({ type: 'integer', description: `${label}（西暦。令和7年度なら 2025）`, example }),
  );

/** The fiscal years (April–March, named by the year of their April) a statistics view covers. */
export class StatisticsQueryDto {
  @FiscalYearQuery('開始年度', 2021)
  from?: number;

  @FiscalYearQuery('終了年度', 2025)
  to?: number;
}

export class FiscalYearRangeDto {
  @ApiProperty({ type: 'integer', example: 2021 }) from: number;
  @ApiProperty({ type: 'integer', example: 2025 }) to: number;
  @ApiProperty({ example: '令和3年度' }) fromLabel: string;
  @ApiProperty({ example: '令和7年度' }) toLabel: string;
}

export class FiscalYearCasesDto {
  @ApiProperty({ type: 'integer', example: 2025 }) fiscalYear: number;
  @ApiProperty({ example: '令和7年度' }) label: string;
  @ApiProperty({ type: 'integer', description: '諮問' }) consultation: number;
  @ApiProperty({ type: 'integer', description: '事前報告' }) priorReport: number;
  @ApiProperty({ type: 'integer', description: '報告' }) report: number;
  @ApiProperty({ type: 'integer' }) total: number;
}

export class FiscalYearCountDto {
  @ApiProperty({ type: 'integer' }) fiscalYear: number;
  @ApiProperty({ type: 'integer' }) count: number;
}

export class LegalBasisCasesDto {
  @ApiProperty({ format: 'uuid' }) legalBasisId: string;
  @ApiProperty({ example: 'ordinance-17-1-4' }) code: string;
  @ApiProperty({ example: '○○市個人情報保護条例' }) ordinance: string;
  @ApiProperty({ example: '第17条第1項第4号' }) article: string;
  @ApiProperty({ example: '電子計算機の外部結合' }) shortName: string;
  @ApiProperty({ enum: BASIS_PROCEDURES }) procedure: BasisProcedure;
  @ApiProperty({ example: '諮問' }) procedureLabel: string;
  @ApiProperty({ type: [FiscalYearCountDto], description: '範囲の各年度の件数（年度順）' })
  byFiscalYear: FiscalYearCountDto[];
  @ApiProperty({ type: 'integer' }) total: number;
}

export class DayBinDto {
  @ApiProperty({ type: 'integer' }) fromDays: number;
  @ApiProperty({ type: 'integer' }) toDays: number;
  @ApiProperty({ example: '0〜29日' }) label: string;
  @ApiProperty({ type: 'integer' }) count: number;
}

export class ProcessingDaysDto {
  @ApiProperty({ type: 'integer', description: '範囲内に答申日がある発出済みの答申の数' }) count: number;
  @ApiProperty({ nullable: true, type: Number }) medianDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxDays: number | null;
  @ApiProperty({ type: [DayBinDto] }) bins: DayBinDto[];
}

export class ConditionMonthDto {
  @ApiProperty({ example: '2025-04' }) month: string;
  @ApiProperty({ example: '令和7年4月' }) label: string;
  @ApiProperty({ example: '2025-04-30', description: '集計の基準日（月末。今月は今日）' }) asOf: string;
  @ApiProperty({ type: 'integer', description: '基準日に完了していない付帯意見・条件' }) open: number;
  @ApiProperty({ type: 'integer', description: 'そのうち基準日に対応中で期限を過ぎたもの' }) overdue: number;
}

export class StatisticsDto {
  @ApiProperty({ type: FiscalYearRangeDto }) range: FiscalYearRangeDto;
  @ApiProperty({ type: [FiscalYearCasesDto], description: '年度別・手続別の事案の件数（初回提出日の年度）' })
  casesByFiscalYear: FiscalYearCasesDto[];
  @ApiProperty({
    type: [LegalBasisCasesDto],
    description: '条例の根拠別の事案の件数（1件が複数の根拠を持つことがある）',
  })
  casesByLegalBasis: LegalBasisCasesDto[];
  @ApiProperty({ type: ProcessingDaysDto, description: '初回提出日から答申日までの日数' })
  processingDays: ProcessingDaysDto;
  @ApiProperty({ type: [ConditionMonthDto], description: '月末時点の付帯意見・条件' })
  conditionsByMonth: ConditionMonthDto[];
}

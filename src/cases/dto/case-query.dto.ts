import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { CASE_STATES, type CaseState } from '../../workflow/case-state-machine';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { OptionalOneOf, OptionalString } from '../../common/validation/fields';

export const CASE_SORTS = ['updatedAt', 'createdAt', 'title'] as const;

export class CaseQueryDto {
  @OptionalString(200, { description: '全文検索（件名・事業の概要・別紙の記載）。空白区切りはすべてを含む' })
  q?: string;

  @OptionalOneOf(CASE_STATES, { enum: CASE_STATES, description: '事案の状態' }) status?: CaseState;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @OptionalOneOf(['consultation', 'report'], { enum: ['consultation', 'report'] }) procedure?:
    | 'consultation'
    | 'report';

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  legalBasisId?: string;

  @ApiPropertyOptional({ description: '作成年（西暦）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2200)
  year?: number;

  @OptionalString(100, { description: '委託先（名称・代表企業・構成企業の一部）' }) vendor?: string;

  @OptionalString(100, { description: '個人情報の項目（例: 氏名）を ◎/○ で扱う事案' }) item?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page?: number;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;

  @OptionalOneOf(CASE_SORTS, { enum: CASE_SORTS }) sort?: (typeof CASE_SORTS)[number];

  @OptionalOneOf(['asc', 'desc'], { enum: ['asc', 'desc'] }) order?: 'asc' | 'desc';
}

export class DiffQueryDto {
  @ApiPropertyOptional({ description: '比較元の版番号（省略時は最新の版の 1 つ前）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from?: number;

  @ApiPropertyOptional({ description: '比較先の版番号（省略時は現在の内容）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to?: number;
}

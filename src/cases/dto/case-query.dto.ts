import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { CASE_STATES, type CaseState } from '../../workflow/case-state-machine';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export const CASE_SORTS = ['updatedAt', 'createdAt', 'title'] as const;

export class CaseQueryDto {
  @ApiPropertyOptional({ description: '全文検索（件名・事業の概要・別紙の記載）。空白区切りはすべてを含む' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: CASE_STATES, description: '事案の状態' })
  @IsOptional()
  @IsIn(CASE_STATES)
  status?: CaseState;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ enum: ['consultation', 'report'] })
  @IsOptional()
  @IsIn(['consultation', 'report'])
  procedure?: 'consultation' | 'report';

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

  @ApiPropertyOptional({ description: '委託先（名称・代表企業・構成企業の一部）' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  vendor?: string;

  @ApiPropertyOptional({ description: '個人情報の項目（例: 氏名）を ◎/○ で扱う事案' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  item?: string;

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

  @ApiPropertyOptional({ enum: CASE_SORTS })
  @IsOptional()
  @IsIn(CASE_SORTS)
  sort?: (typeof CASE_SORTS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'] })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
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

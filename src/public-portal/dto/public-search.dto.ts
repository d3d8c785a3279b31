import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { OUTCOMES, type Outcome } from '../../meetings/agenda-item.entity';

export const SPEAKER_ROLES = ['会長', '委員', '説明員', '事務局'] as const;
export const ITEM_KINDS = ['consultation', 'report'] as const;
export const ITEM_KIND_LABELS: Record<(typeof ITEM_KINDS)[number], string> = {
  consultation: '諮問',
  report: '報告',
};
export const SEARCH_SORTS = ['relevance', 'date'] as const;
export const DOC_KINDS = ['minutes', 'reply'] as const;

export const blankToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === ''
    ? undefined
    : typeof value === 'string'
      ? value.trim()
      : value;

/**
 * The paging of the open API's lists (the search and the 答申 list): the same names and limits.
 * applyDecorators applies in array order, so the list is the written stack from the bottom up.
 */
export const PageField = () =>
  applyDecorators(
    Max(10000),
    Min(1),
    IsInt({ message: 'ページは数字で指定してください' }),
    Type(() => Number),
    Transform(blankToUndefined),
    IsOptional(),
    ApiPropertyOptional({ description: 'ページ（1 から）' }),
  );

/** An optional filter of a fixed list of values (a blank value is no filter); bottom-up, as above. */
export const ChoiceField = (values: readonly string[], description: string, message: string) =>
  applyDecorators(
    IsIn(values, { message }),
    Transform(blankToUndefined),
    IsOptional(),
    ApiPropertyOptional({ enum: values, description }),
  );

/** An optional text filter of at most `max` characters (a blank value is no filter); bottom-up, as above. */
export const TextFilter = (max: number, api: ApiPropertyOptions) =>
  applyDecorators(
    MaxLength(max),
    IsString(),
    Transform(blankToUndefined),
    IsOptional(),
    ApiPropertyOptional(api),
  );

export const PerPageField = () =>
  applyDecorators(
    Max(100),
    Min(1),
    IsInt(),
    Type(() => Number),
    Transform(blankToUndefined),
    IsOptional(),
    ApiPropertyOptional({ description: '1 ページの件数（既定 20、100 まで）' }),
  );

/** The filters of the public search, the same on the portal's page and in the open API. */
export class PublicSearchQueryDto {
  @TextFilter(200, {
    description:
      '検索語。空白区切りは AND、OR でいずれか、NOT または -語 で除外、"…" は完全一致（関連語を使わない）',
    example: '水道 料金',
  })
  q?: string;

  @ApiPropertyOptional({ description: '関連語（同義語）も探すか（既定 true）', enum: ['true', 'false'] })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(['true', 'false'], { message: 'related は true または false で指定してください' })
  related?: 'true' | 'false';

  @TextFilter(20, {
    description: '期間の始め（令和5年4月、令和5年度、2023-04、2023 など）',
    example: '令和5年4月',
  })
  from?: string;

  @TextFilter(20, { description: '期間の終わり（同じ形式。その期間の末日まで）', example: '2024-03' })
  to?: string;

  @ApiPropertyOptional({ description: '会議の回（第N回の N）' })
  @IsOptional()
  @Transform(blankToUndefined)
  @Type(() => Number)
  @IsInt({ message: '会議の回は数字で指定してください' })
  @Min(1)
  @Max(100000)
  meeting?: number;

  @ChoiceField(
    ITEM_KINDS,
    '案件の種類: consultation（諮問）または report（報告）',
    '案件の種類は consultation（諮問）または report（報告）で指定してください',
  )
  itemKind?: (typeof ITEM_KINDS)[number];

  @ChoiceField(OUTCOMES, '審議結果', '審議結果の指定が正しくありません')
  outcome?: Outcome;

  @TextFilter(100, { description: '根拠条項（略称、完全一致）' })
  legalBasis?: string;

  @ChoiceField(SPEAKER_ROLES, '発言者の役割', '発言者の役割は 会長・委員・説明員・事務局 のいずれかです')
  role?: (typeof SPEAKER_ROLES)[number];

  @ChoiceField(
    DOC_KINDS,
    '会議録（minutes）だけ、または答申（reply）だけ',
    '資料の種類は minutes または reply です',
  )
  doc?: (typeof DOC_KINDS)[number];

  @ChoiceField(
    SEARCH_SORTS,
    '並び順（既定 relevance: 関連度順、date: 新しい順）',
    '並び順は relevance または date です',
  )
  sort?: (typeof SEARCH_SORTS)[number];

  @PageField()
  page?: number;

  @PerPageField()
  perPage?: number;
}

export class PublicSearchHitDto {
  @ApiProperty({ enum: DOC_KINDS }) kind: (typeof DOC_KINDS)[number];
  @ApiProperty({ description: '資料の題名（第N回 会議録、答申第N号 …）' }) docTitle: string;
  @ApiProperty({ nullable: true, type: Number }) meetingNumber: number | null;
  @ApiProperty({ description: '開催日（会議録）または答申日（YYYY-MM-DD）' }) date: string;
  @ApiProperty({ description: '同じ日付の和暦' }) dateWareki: string;
  @ApiProperty({ nullable: true, type: String, description: '諮問事項イ など' }) itemLabel: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ITEM_KINDS }) itemKind: string | null;
  @ApiProperty({ nullable: true, type: String, enum: OUTCOMES }) outcome: string | null;
  @ApiProperty({ nullable: true, type: String, enum: SPEAKER_ROLES }) speakerRole: string | null;
  @ApiProperty({ description: '行番号（会議録）または節の番号（答申）' }) lineNo: number;
  @ApiProperty() text: string;
  @ApiProperty({ description: '検索語を <mark> で囲んだ HTML（エスケープ済み）' }) marked: string;
  @ApiProperty({ nullable: true, type: String }) contextBefore: string | null;
  @ApiProperty({ nullable: true, type: String }) contextAfter: string | null;
  @ApiProperty({ description: 'この行を開く URL（#line-N / #section-N）' }) url: string;
}

export class PublicSearchResultDto {
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() perPage: number;
  @ApiProperty() pages: number;
  @ApiProperty({ type: [String], description: '探した語（関連語を含む）' }) words: string[];
  @ApiProperty({ type: [PublicSearchHitDto] }) hits: PublicSearchHitDto[];
}

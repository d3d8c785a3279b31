import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsNotIn, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { COUNCIL_SLUG_PATTERN, RESERVED_COUNCIL_SLUGS } from '../../public-portal/public-council';
import { NUMBERING_SCHEMES, type NumberingScheme } from '../../workflow/numbering';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * A council as the platform administrator sees it: its names and URL, and how much it holds (counts
 * only, through `platform_council_counts()`: nothing of its cases, meetings or people).
 */
export class PlatformCouncilDto {
  @ApiProperty({ description: '審議会の番号（この環境の中で一意）' }) id: number;
  @ApiProperty({ description: '自治体名' }) municipality: string;
  @ApiProperty({ description: '審議会の名称' }) councilName: string;
  @ApiProperty({ description: '実施機関（答申の宛先）' }) implementingBody: string;
  @ApiProperty({ description: '公開ポータルの URL に使う英字名' }) slug: string;
  @ApiProperty({ enum: NUMBERING_SCHEMES }) numbering: NumberingScheme;
  @ApiProperty({ description: '版（名称を変更するときに送り返す）' }) version: number;
  @ApiProperty({ description: '利用者アカウントの数' }) users: number;
  @ApiProperty({ description: '事案の数（ごみ箱のものを除く）' }) cases: number;
  @ApiProperty({ description: '会議の数' }) meetings: number;
}

/** Renaming a council or changing its URL name: only the fields sent change. */
export class UpdatePlatformCouncilDto {
  @ApiPropertyOptional({ description: '自治体名', example: '○○市' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: '自治体名を入力してください' })
  @MaxLength(50)
  municipality?: string;

  @ApiPropertyOptional({ description: '審議会の名称', example: '○○市個人情報保護審議会' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: '審議会の名称を入力してください' })
  @MaxLength(100)
  councilName?: string;

  @ApiPropertyOptional({ description: '実施機関（答申の宛先）', example: '○○市長' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: '実施機関を入力してください' })
  @MaxLength(50)
  implementingBody?: string;

  @ApiPropertyOptional({
    description:
      '公開ポータルの URL に使う英字名（/public/<英字名>/…）。半角小文字英数字とハイフン、40 文字まで',
    example: 'marumaru-city',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(40)
  @Matches(COUNCIL_SLUG_PATTERN, {
    message: 'URL の英字名は半角小文字英数字とハイフンで入力してください（先頭と末尾は英数字）',
  })
  @IsNotIn([...RESERVED_COUNCIL_SLUGS], {
    message: 'この語は公開ポータルの URL で使われているため、英字名にできません',
  })
  slug?: string;

  @ApiProperty({ description: '読み込んだときの版（他の変更と重なったら 409）' })
  @IsInt()
  @Min(1)
  version: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsNotIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { COUNCIL_SLUG_PATTERN, RESERVED_COUNCIL_SLUGS } from '../../public-portal/public-council';
import { NUMBERING_SCHEMES, type NumberingScheme } from '../../workflow/numbering';
import { UsernameField } from '../../users/dto/user.dto';
import { OptionalOneOf, OptionalTrimmedText, trim, TrimmedText } from '../../common/validation/fields';

/** The first-run setup: the council row, its secretariat, the catalogue to start from, the first administrator. */
export class CreateCouncilDto {
  @TrimmedText(50, { description: '自治体名', example: '○○市' }) municipality: string;

  @TrimmedText(100, { description: '審議会の名称', example: '○○市個人情報保護審議会' }) councilName: string;

  @ApiPropertyOptional({
    description:
      '公開ポータルの URL に使う英字名（/public/<英字名>/…）。半角小文字英数字とハイフン、40 文字まで。省略時 council-1',
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

  @TrimmedText(50, { description: '実施機関（答申の宛先）', example: '○○市長' }) implementingBody: string;

  @TrimmedText(100, { description: '事務局の課の名称', example: '総務課' }) secretariat: string;

  @OptionalTrimmedText(100, { description: '事務局の課が属する部', example: '総務部' })
  secretariatDivision?: string;

  @ApiPropertyOptional({ description: '事務局の課のコード（省略時 secretariat）', example: 'somu' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(50)
  @Matches(/^[a-z0-9-]+$/, { message: 'コードは半角小文字英数字とハイフンで入力してください' })
  secretariatCode?: string;

  @OptionalOneOf(NUMBERING_SCHEMES, {
    enum: NUMBERING_SCHEMES,
    description: '受付番号・答申番号の付け方: 年度ごと（fiscalYear）または通し番号（continuous）',
  })
  numbering?: NumberingScheme;

  @TrimmedText(64, {
    description: '最初に読み込む目録（GET /api/setup の catalogues の code）',
    example: 'current-law',
  })
  catalogue: string;

  @UsernameField({ description: '最初の管理者のユーザー名', example: 'admin' }) adminUsername: string;

  @OptionalTrimmedText(100, { description: '最初の管理者の表示名（省略時 システム管理者）' })
  adminDisplayName?: string;

  @ApiProperty({ description: '最初の管理者のパスワード（12 文字以上、英字・数字・記号のうち 2 種類以上）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  adminPassword: string;
}

export class CatalogueChoiceDto {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
}

export class SetupStatusDto {
  @ApiProperty({ description: '初期設定が必要か（審議会がまだない）' }) needed: boolean;
  @ApiProperty({ type: [CatalogueChoiceDto] }) catalogues: CatalogueChoiceDto[];
}

export class CouncilCreatedDto {
  @ApiProperty({ description: '審議会の番号（この環境の中で一意）' }) councilId: number;
  @ApiProperty() municipality: string;
  @ApiProperty() councilName: string;
  @ApiProperty() implementingBody: string;
  @ApiProperty({ description: '公開ポータルの URL に使う英字名' }) slug: string;
  @ApiProperty({ enum: NUMBERING_SCHEMES }) numbering: NumberingScheme;
  @ApiProperty() secretariatDepartmentId: string;
  @ApiProperty() catalogue: string;
  @ApiProperty({ description: '読み込んだ条例・法の根拠の数' }) legalBases: number;
  @ApiProperty({ description: '読み込んだ特記事項（条項集）の数' }) clauseSets: number;
  @ApiProperty() adminUserId: string;
  @ApiProperty() adminUsername: string;
}

import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CELL_VALUES } from '../case-kinds';
import { AssessmentAnswersDto } from './assessment.dto';
import { ApiUnionArray } from '../../common/openapi/union';
import { ITEM_KEY, SECTION_DTOS, SECTION_TYPE, SectionBaseDto, type SectionDto } from './section.dto';
import {
  LONG_TEXT,
  MEDIUM_TEXT,
  NotBlank,
  OptionalText,
  OptionalTextList,
  SHORT_TEXT,
  TextLimit,
} from './text';
import {
  NestedList,
  OptionalBoolean,
  OptionalIdList,
  OptionalNested,
  OptionalUuid,
  VersionField,
} from '../../common/validation/fields';

export class OverviewDto {
  @OptionalText(SHORT_TEXT * 2, '事業名') businessName?: string;
  @OptionalText(SHORT_TEXT, '担当課（事業の概要に記載する名称）') businessDepartment?: string;
  @OptionalText(LONG_TEXT, '目的') purpose?: string;
  @OptionalText(MEDIUM_TEXT, '対象者') targetPersons?: string;
  @OptionalText(LONG_TEXT, '事業内容') businessContent?: string;
  @OptionalText(LONG_TEXT, '導入の理由・経緯（例: 電子申請サービスを導入する理由）') background?: string;
}

export class ContactDto {
  @OptionalText(SHORT_TEXT, '担当係') sectionName?: string;
  @OptionalText(SHORT_TEXT, '担当者') contactName?: string;
  @OptionalText(50, '内線') extension?: string;
}

export class ItemColumnDto {
  @ApiProperty({ example: 'fax', description: '列キー（半角英小文字・数字・_-）' })
  @IsString()
  @Matches(ITEM_KEY, { message: '列キーは半角英小文字・数字・_ - で 50 文字以内です' })
  key: string;

  @ApiProperty({ example: 'FAX番号' })
  @IsString()
  @IsNotEmpty()
  @TextLimit(100)
  label: string;

  @OptionalText(100, '列の区分（電子申請に係る項目 など）') groupLabel?: string;

  @OptionalBoolean({ description: '要配慮個人情報' }) sensitive?: boolean;

  @OptionalBoolean({ description: 'マイナンバー（個人番号）' }) myNumber?: boolean;
}

/** ◎ / ○ / blank arrive as `required` / `optional` / null; the marks themselves are accepted too. */
const cellTransform = ({ value }: { value: unknown }) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = v === '◎' ? 'required' : v === '○' ? 'optional' : v === '' ? null : v;
  }
  return out;
};

function IsCellMap() {
  return ValidateBy({
    name: 'cellMap',
    validator: {
      validate: (value: unknown) =>
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.keys(value).length <= 200 &&
        Object.entries(value as Record<string, unknown>).every(
          ([k, v]) => ITEM_KEY.test(k) && (v === null || (CELL_VALUES as readonly unknown[]).includes(v)),
        ),
      defaultMessage: () =>
        '各欄は ◎（required）・○（optional）・空欄（null）のいずれかです。それ以外の値は指定できません',
    },
  });
}

export class ItemRowDto {
  @OptionalUuid() id?: string;

  @OptionalText(SHORT_TEXT, '担当課/業務名') departmentBusiness?: string;
  @OptionalText(SHORT_TEXT, '申請手続名') procedureName?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['required', 'optional', null], nullable: true },
    description: '列キー → required（◎）/ optional（○）/ null（空欄）',
    example: { id: 'required', address: 'optional' },
  })
  @IsOptional()
  @Transform(cellTransform)
  @IsCellMap()
  cells?: Record<string, 'required' | 'optional' | null>;

  @OptionalText(MEDIUM_TEXT, 'その他個人に関する情報項目') otherItems?: string;
  @OptionalText(MEDIUM_TEXT, '備考') note?: string;
}

export class ItemListDto {
  @NestedList(() => ItemColumnDto, 100) columns: ItemColumnDto[];

  @NestedList(() => ItemRowDto, 300) rows: ItemRowDto[];
}

/**
 * The content of a case. Every part is optional: a part that is present replaces the stored one,
 * an absent part stays as it is (autosave sends what the clerk edited, API clients what they have).
 */
@ApiExtraModels(...Object.values(SECTION_DTOS))
export class CaseContentDto {
  @ApiPropertyOptional({ maxLength: 500 })
  // Optional when editing; a new case must have one (an inherited IsOptional cannot be undone).
  @ValidateIf((o: object, v: unknown) => (v !== undefined && v !== null) || o instanceof CreateCaseDto)
  @NotBlank('件名を入力してください')
  @TextLimit(500)
  title?: string;

  @ApiPropertyOptional({ enum: [1, 2, 3], description: '機密性' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3)
  confidentialityLevel?: number;

  @OptionalNested(() => ContactDto) contact?: ContactDto;

  @OptionalNested(() => OverviewDto) overview?: OverviewDto;

  @OptionalBoolean({ description: '事後諮問' }) retroactive?: boolean;

  @OptionalText(LONG_TEXT, '事後諮問となった理由') retroactiveReason?: string;

  @OptionalIdList({ max: 20 }, { description: '関連する事案' }) relatedCaseIds?: string[];

  @OptionalText(MEDIUM_TEXT, '関連事案についての補足') relatedNote?: string;

  @OptionalIdList({ max: 20 }, { description: '条例の根拠（legal_basis の ID）' }) legalBasisIds?: string[];

  @ApiUnionArray('kind', SECTION_DTOS, { required: false, description: '別紙（kind により項目が異なる）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SectionBaseDto, SECTION_TYPE)
  sections?: SectionDto[];

  @OptionalNested(() => ItemListDto) items?: ItemListDto;

  @OptionalTextList(100, 5000, { description: 'システム安全対策（番号順）' }) securityMeasures?: string[];

  @OptionalText(LONG_TEXT, 'システム安全対策の前書き') securityMeasuresIntro?: string;
}

export class CreateCaseDto extends CaseContentDto {
  @ApiProperty({ maxLength: 500 })
  declare title: string;

  @OptionalNested(() => AssessmentAnswersDto, {
    description:
      '判定の回答。指定すると条例の根拠と別紙を自動で用意します（legalBasisIds を指定した場合はそちらを優先）',
  })
  answers?: AssessmentAnswersDto;
}

export class UpdateCaseDto extends CaseContentDto {
  @OptionalIdList(
    { max: 30, message: '別紙の ID の形式が正しくありません' },
    {
      description:
        '別紙の並び順（この事案の別紙の ID をすべて、新しい順に）。別紙の内容を送らずに並べ替えるときに使います。sections と同時には指定できません',
    },
  )
  sectionOrder?: string[];

  @VersionField({ description: '楽観的ロックのためのバージョン（読み込んだときの値）' }) version: number;
}

export class CopyCaseDto {
  @ApiPropertyOptional({ maxLength: 500, description: '新しい件名（省略時はコピー元の件名）' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @TextLimit(500)
  title?: string;
}

export class SnapshotRequestDto {
  @OptionalText(SHORT_TEXT, '版を残す理由') reason?: string;
}

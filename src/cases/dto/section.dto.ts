import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  CONNECTION_FORMS,
  OUTSOURCING_SUBTYPES,
  SECTION_KINDS,
  type ConnectionForm,
  type OutsourcingSubtype,
  type SectionKind,
} from '../case-kinds';
import { LONG_TEXT, MEDIUM_TEXT, OptionalText, OptionalTextList, SHORT_TEXT } from './text';
import {
  OneOf,
  OptionalBoolean,
  OptionalNested,
  OptionalNestedList,
  OptionalUuid,
} from '../../common/validation/fields';

export const ITEM_KEY = /^[a-z0-9][a-z0-9_-]{0,49}$/;

/** Fields every sheet (別紙) has. */
export class SectionBaseDto {
  @OptionalUuid({ description: '既存の別紙の ID（新規は省略）' }) id?: string;

  @OneOf(SECTION_KINDS, { enum: SECTION_KINDS }) kind: SectionKind;

  @ApiProperty({ description: 'この別紙が対応する条例の根拠' })
  @IsUUID()
  legalBasisId: string;

  @OptionalText(SHORT_TEXT * 2, '別紙の件名')
  sheetTitle?: string;

  @OptionalText(SHORT_TEXT, '保有課（担当課）')
  holdingDepartment?: string;

  @OptionalText(SHORT_TEXT * 2, '登録業務の名称')
  businessName?: string;

  @ApiPropertyOptional({ type: [String], description: '個人情報項目一覧の列キー（この別紙で扱う項目）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(ITEM_KEY, { each: true, message: '項目キーの形式が正しくありません' })
  itemKeys?: string[];

  @OptionalText(LONG_TEXT, '備考')
  note?: string;
}

/** 電子計算機処理の開発・変更 */
export class ProcessingSectionDto extends SectionBaseDto {
  @OneOf(['processing'], { enum: ['processing'] }) declare kind: 'processing';
  @OptionalText(LONG_TEXT, '個人の範囲') individualsScope?: string;
  @OptionalText(LONG_TEXT, '団体の範囲') groupsScope?: string;
  @OptionalText(LONG_TEXT, '記録項目') recordedItems?: string;
  @OptionalText(MEDIUM_TEXT, '記録するコンピュータ') recordingComputer?: string;
  @OptionalText(LONG_TEXT, '新規開発・追加・変更の理由') reason?: string;
  @OptionalText(LONG_TEXT, '新規開発・追加・変更の内容') content?: string;
  @OptionalText(LONG_TEXT, '開発等を委託する場合における個人情報保護対策')
  outsourcedDevelopmentProtection?: string;
  @OptionalText(MEDIUM_TEXT, '新規開発・追加・変更の時期') timing?: string;
}

/** 電子計算機の外部結合 */
export class ExternalConnectionSectionDto extends SectionBaseDto {
  @OneOf(['externalConnection'], { enum: ['externalConnection'] }) declare kind: 'externalConnection';
  @OptionalText(LONG_TEXT, '結合される情報項目') connectedItems?: string;
  @OptionalText(LONG_TEXT, '外部表示項目') externallyShownItems?: string;
  @OptionalText(MEDIUM_TEXT, '結合の相手方') partner?: string;
  @OptionalText(LONG_TEXT, '結合する理由') reason?: string;

  @ApiPropertyOptional({ enum: [...CONNECTION_FORMS, null], nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(CONNECTION_FORMS)
  connectionForm?: ConnectionForm | null;

  @OptionalText(LONG_TEXT, '結合の形態の説明（その他の場合の内容を含む）') connectionDetail?: string;
  @OptionalText(MEDIUM_TEXT, '結合の開始時期') start?: string;
  @OptionalText(MEDIUM_TEXT, '結合の期間') period?: string;
  @OptionalText(LONG_TEXT, '情報保護対策') protectionMeasures?: string;
}

export class VendorDto {
  @OptionalText(SHORT_TEXT * 2, '委託先（企業体名・団体名、未定の場合はその旨）') name?: string;
  @OptionalText(SHORT_TEXT, '代表企業') leadCompany?: string;

  @OptionalTextList(30, SHORT_TEXT, { description: '構成企業' }) memberCompanies?: string[];

  @OptionalTextList(20, SHORT_TEXT, { description: '認証（Pマーク、ISMS、ISMAP など）' })
  certifications?: string[];

  @OptionalText(MEDIUM_TEXT, '選定方法・予定（プロポーザルにより決定予定 など）') selection?: string;
}

export class ReOutsourcingDto {
  @OptionalBoolean() planned?: boolean;

  @OptionalNested(() => VendorDto) vendor?: VendorDto;

  @OptionalText(LONG_TEXT, '再委託の内容') scope?: string;
  @OptionalText(MEDIUM_TEXT, '区の承認（承認日・承認の条件）') approval?: string;
}

export class ClauseDeviationDto {
  @ApiProperty({ description: '特記事項の項番号' })
  @IsInt()
  @Min(1)
  @Max(999)
  clauseNumber: number;

  @OptionalText(MEDIUM_TEXT, '取扱いの内容（例: 再委託を承認する）') description?: string;
  @OptionalText(MEDIUM_TEXT, '理由') reason?: string;
}

/** 委託 (処理の委託等) */
export class OutsourcingSectionDto extends SectionBaseDto {
  @OneOf(['outsourcing'], { enum: ['outsourcing'] }) declare kind: 'outsourcing';

  @ApiPropertyOptional({ enum: [...OUTSOURCING_SUBTYPES, null], nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(OUTSOURCING_SUBTYPES)
  subtype?: OutsourcingSubtype | null;

  @OptionalNested(() => VendorDto) vendor?: VendorDto;

  @OptionalText(LONG_TEXT, '委託に伴い事業者に処理させる情報項目') handledItems?: string;
  @OptionalText(LONG_TEXT, '委託理由') reason?: string;
  @OptionalText(LONG_TEXT, '委託の内容') scope?: string;
  @OptionalText(MEDIUM_TEXT, '委託の開始時期') start?: string;
  @OptionalText(MEDIUM_TEXT, '委託の期限') term?: string;
  @OptionalText(LONG_TEXT, '委託にあたり区が行う情報保護対策') municipalityMeasures?: string;
  @OptionalText(LONG_TEXT, '受託事業者に行わせる情報保護対策') vendorMeasures?: string;

  @OptionalNested(() => ReOutsourcingDto) reOutsourcing?: ReOutsourcingDto;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: '選んだ特記事項の版（clause_set_version）',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  clauseSetVersionId?: string | null;

  @OptionalNestedList(() => ClauseDeviationDto, 100) clauseDeviations?: ClauseDeviationDto[];
}

/** 目的外利用・提供 */
export class PurposeExtensionSectionDto extends SectionBaseDto {
  @OneOf(['purposeExtension'], { enum: ['purposeExtension'] }) declare kind: 'purposeExtension';
  @OptionalText(LONG_TEXT, '情報の内容') informationContent?: string;
  @OptionalText(MEDIUM_TEXT, '提供元（利用する課）') source?: string;
  @OptionalText(MEDIUM_TEXT, '提供先') recipient?: string;
  @OptionalText(LONG_TEXT, '理由') reason?: string;
  @OptionalText(MEDIUM_TEXT, '根拠') legalGround?: string;
  @OptionalText(MEDIUM_TEXT, '期間') period?: string;
  @OptionalText(LONG_TEXT, '情報保護対策') protectionMeasures?: string;
}

export type SectionDto =
  | ProcessingSectionDto
  | ExternalConnectionSectionDto
  | OutsourcingSectionDto
  | PurposeExtensionSectionDto;

/** The DTO of each section kind (the OpenAPI document's union of `sections`). */
export const SECTION_DTOS = {
  processing: ProcessingSectionDto,
  externalConnection: ExternalConnectionSectionDto,
  outsourcing: OutsourcingSectionDto,
  purposeExtension: PurposeExtensionSectionDto,
};

/** class-transformer picks the DTO by `kind`; an unknown kind stays a SectionBaseDto and fails on `kind`. */
export const SECTION_TYPE = {
  discriminator: {
    property: 'kind',
    subTypes: [
      { value: ProcessingSectionDto, name: 'processing' },
      { value: ExternalConnectionSectionDto, name: 'externalConnection' },
      { value: OutsourcingSectionDto, name: 'outsourcing' },
      { value: PurposeExtensionSectionDto, name: 'purposeExtension' },
    ],
  },
  keepDiscriminatorProperty: true,
};

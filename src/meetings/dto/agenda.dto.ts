import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AGENDA_SECTIONS, type AgendaSection } from '../agenda-item.entity';
import {
  IdList,
  OneOf,
  OptionalBoolean,
  OptionalInt,
  OptionalNested,
  OptionalTrimmedText,
  stack,
  TrimmedText,
} from '../../common/validation/fields';

export class AddCaseDto {
  @ApiProperty() @IsUUID() caseId: string;
}

export class AddReportDto {
  @TrimmedText(300, { example: '個人情報取扱事務の登録状況' }) title: string;
}

export class AddConditionReportsDto {
  @ApiPropertyOptional({ type: [String], description: '省略すると対応中の付帯意見をすべて追加' })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  conditionIds?: string[];
}

export class ReorderDto {
  @OneOf(AGENDA_SECTIONS, { enum: AGENDA_SECTIONS }) section: AgendaSection;
  @IdList({ max: 500 }) itemIds: string[];
  @OptionalBoolean({ description: '招集後の並べ替えで番号が変わることを確認した' }) confirmRenumber?: boolean;
}

export class GroupDto {
  @IdList({ min: 2, max: 50 }) itemIds: string[];
}

export class AddDocumentDto {
  @TrimmedText(300, { example: '個人情報取扱事務の諮問事案書' }) title: string;
}

/** One of the lists of a categorical consultation's criteria: texts of at most 200 characters each. */
const CriteriaList = () =>
  stack(ApiProperty({ type: [String] }), IsArray(), IsString({ each: true }), MaxLength(200, { each: true }));

export class CategoricalCriteriaDto {
  @CriteriaList() legalBases: string[];
  @CriteriaList() connectionForms: string[];
  @CriteriaList() vendorKinds: string[];
  @CriteriaList() dataItemKinds: string[];
}

export class ItemOptionsDto {
  @OptionalInt(1) version?: number;
  @OptionalBoolean({ description: '非公開で審議する' }) closedSession?: boolean;
  @OptionalTrimmedText(200, { example: '清水課長' }) explainedBy?: string;
  @OptionalBoolean({ description: '類型諮問' }) categorical?: boolean;
  @OptionalNested(() => CategoricalCriteriaDto) criteria?: CategoricalCriteriaDto;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, ValidateIf } from 'class-validator';
import {
  BASIS_PROCEDURES,
  CONNECTION_FORMS,
  OUTSOURCING_SUBTYPES,
  SECTION_KINDS,
  type BasisProcedure,
  type ConnectionForm,
  type OutsourcingSubtype,
  type SectionKind,
} from '../case-kinds';
import { OptionalText, SHORT_TEXT } from './text';
import { BooleanField } from '../../common/validation/fields';

/** The plain questions of the wizard (判定). */
export class AssessmentAnswersDto {
  @BooleanField({ description: '個人情報を電子計算機で処理する仕組みを新たに作る、または変更するか' })
  processing: boolean;

  @BooleanField({ description: '区の外のコンピュータと結合するか' }) externalConnection: boolean;

  @ApiPropertyOptional({ enum: [...CONNECTION_FORMS, null], nullable: true, description: '結合の形態' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(CONNECTION_FORMS)
  connectionForm?: ConnectionForm | null;

  @BooleanField({ description: '個人情報を扱う業務を委託するか' }) outsourcing: boolean;

  @ApiPropertyOptional({ enum: OUTSOURCING_SUBTYPES, isArray: true, description: '委託の種類（複数可）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(OUTSOURCING_SUBTYPES.length)
  @IsIn(OUTSOURCING_SUBTYPES, { each: true })
  outsourcingSubtypes?: OutsourcingSubtype[];

  @BooleanField({ description: '収集した目的以外に利用し、または外部に提供するか' })
  purposeExtension: boolean;

  @BooleanField({ description: '要配慮個人情報を扱うか' }) sensitiveData: boolean;

  @BooleanField({ description: 'マイナンバー（個人番号）を扱うか' }) myNumber: boolean;

  @OptionalText(SHORT_TEXT, '使う条例（省略時はカタログの先頭の条例）')
  ordinance?: string;
}

export class AssessedBasisDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() article: string;
  @ApiProperty() shortName: string;
  @ApiProperty({ enum: BASIS_PROCEDURES }) procedure: BasisProcedure;
  @ApiProperty({ description: '諮問 / 事前報告 / 報告' }) procedureLabel: string;
  @ApiProperty({ enum: SECTION_KINDS }) sectionKind: SectionKind;
  @ApiProperty() sectionKindLabel: string;
  @ApiProperty({ description: '諮問が任意（法第129条: 実施機関が特に必要と認めるとき）' }) optional: boolean;
}

export class AssessedSectionDto {
  @ApiProperty() legalBasisId: string;
  @ApiProperty({ enum: SECTION_KINDS }) kind: SectionKind;
  @ApiProperty({ nullable: true, type: String }) subtype: OutsourcingSubtype | null;
  @ApiProperty({ description: '記入する別紙の説明' }) label: string;
}

export class CategoricalMatchDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: '承認した答申' }) replyReference: string;
}

export class AssessmentResultDto {
  @ApiProperty() ordinance: string;
  @ApiProperty({ type: [String] }) ordinances: string[];
  @ApiProperty({ type: [AssessedBasisDto] }) bases: AssessedBasisDto[];
  @ApiProperty({ type: [AssessedBasisDto] }) consultation: AssessedBasisDto[];
  @ApiProperty({ type: [AssessedBasisDto] }) priorReport: AssessedBasisDto[];
  @ApiProperty({ type: [AssessedBasisDto] }) report: AssessedBasisDto[];
  @ApiProperty({ type: [AssessedSectionDto] }) sections: AssessedSectionDto[];
  @ApiProperty({ enum: ['consultation', 'report', null], nullable: true, type: String })
  procedure: 'consultation' | 'report' | null;
  @ApiProperty({ type: [CategoricalMatchDto] }) categorical: CategoricalMatchDto[];
  @ApiProperty({ type: [String] }) notes: string[];
}

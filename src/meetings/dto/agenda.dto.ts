import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { AGENDA_SECTIONS, type AgendaSection } from '../agenda-item.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AddCaseDto {
  @ApiProperty() @IsUUID() caseId: string;
}

export class AddReportDto {
  @ApiProperty({ example: '個人情報取扱事務の登録状況' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;
}

export class AddConditionReportsDto {
  @ApiPropertyOptional({ type: [String], description: '省略すると対応中の付帯意見をすべて追加' })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  conditionIds?: string[];
}

export class ReorderDto {
  @ApiProperty({ enum: AGENDA_SECTIONS }) @IsIn(AGENDA_SECTIONS) section: AgendaSection;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  itemIds: string[];
  @ApiPropertyOptional({ description: '招集後の並べ替えで番号が変わることを確認した' })
  @IsOptional()
  @IsBoolean()
  confirmRenumber?: boolean;
}

export class GroupDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  itemIds: string[];
}

export class AddDocumentDto {
  @ApiProperty({ example: '個人情報取扱事務の諮問事案書' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;
}

export class CategoricalCriteriaDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  legalBases: string[];
  @ApiProperty({ type: [String] })
  @IsArray()
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  connectionForms: string[];
  @ApiProperty({ type: [String] })
  @IsArray()
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  vendorKinds: string[];
  @ApiProperty({ type: [String] })
  @IsArray()
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  dataItemKinds: string[];
}

export class ItemOptionsDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) version?: number;
  @ApiPropertyOptional({ description: '非公開で審議する' })
  @IsOptional()
  @IsBoolean()
  closedSession?: boolean;
  @ApiPropertyOptional({ example: '清水課長' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  explainedBy?: string;
  @ApiPropertyOptional({ description: '類型諮問' }) @IsOptional() @IsBoolean() categorical?: boolean;
  @ApiPropertyOptional({ type: CategoricalCriteriaDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CategoricalCriteriaDto)
  criteria?: CategoricalCriteriaDto;
}

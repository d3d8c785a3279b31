import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  BASIS_PROCEDURE_LABELS,
  BASIS_PROCEDURES,
  OUTSOURCING_SUBTYPES,
  SECTION_KIND_LABELS,
  SECTION_KINDS,
  type BasisProcedure,
  type OutsourcingSubtype,
  type SectionKind,
} from '../case-kinds';
import type { Clause, ClauseSet, ClauseSetVersion } from '../clause-set.entity';
import type { AnswerConditions, LegalBasis } from '../legal-basis.entity';
import { ClauseDto } from './case.dto';
import { LONG_TEXT, TextLimit } from './text';
import {
  OptionalBoolean,
  OptionalNonEmptyText,
  OptionalOneOf,
  OptionalString,
  OptionalTrimmedText,
  RequiredString,
  stack,
  trim,
  TrimmedText,
  VersionField,
} from '../../common/validation/fields';
import { pick } from '../../common/format/pick';

/** The code of a legal basis or clause set: lower-case letters, digits and hyphens. */
const CatalogCode = (example: string) =>
  stack(
    ApiProperty({ example }),
    Transform(trim),
    IsString(),
    Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'コードは半角小文字英数字とハイフンで入力してください' }),
  );

export class LegalBasisInputDto {
  @OptionalTrimmedText(100, { example: '○○市個人情報保護条例' }) ordinance?: string;

  @OptionalNonEmptyText(100, { example: '第17条第1項第4号' }) article?: string;

  @OptionalNonEmptyText(200, { example: '電子計算機の外部結合' }) shortName?: string;

  @OptionalOneOf(BASIS_PROCEDURES, { enum: BASIS_PROCEDURES }) procedure?: BasisProcedure;

  @OptionalOneOf(SECTION_KINDS, { enum: SECTION_KINDS }) sectionKind?: SectionKind;

  @ApiPropertyOptional({ enum: OUTSOURCING_SUBTYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(OUTSOURCING_SUBTYPES, { each: true })
  outsourcingSubtypes?: OutsourcingSubtype[];

  @ApiPropertyOptional({
    description: '判定のルール: 回答の条件（すべて満たすと該当）。例 {"externalConnection": true}',
    example: { outsourcing: true },
  })
  @IsOptional()
  @IsObject()
  appliesWhen?: AnswerConditions;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  sortOrder?: number;

  @OptionalBoolean({ description: '諮問が任意（法第129条: 実施機関が特に必要と認めるとき諮問できる）' })
  optional?: boolean;
}

export class CreateLegalBasisDto extends LegalBasisInputDto {
  @CatalogCode('law129-external-connection') code: string;

  @RequiredString(100) declare article: string;
  @RequiredString(200) declare shortName: string;
  @ApiProperty({ enum: BASIS_PROCEDURES }) @IsIn(BASIS_PROCEDURES) declare procedure: BasisProcedure;
  @ApiProperty({ enum: SECTION_KINDS }) @IsIn(SECTION_KINDS) declare sectionKind: SectionKind;
}

export class UpdateLegalBasisDto extends LegalBasisInputDto {
  @VersionField() version: number;

  @OptionalBoolean({ description: '廃止（新しい事案では選べなくなる）' }) retired?: boolean;
}

export class LegalBasisDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() ordinance: string;
  @ApiProperty() article: string;
  @ApiProperty() shortName: string;
  @ApiProperty({ enum: BASIS_PROCEDURES }) procedure: BasisProcedure;
  @ApiProperty() procedureLabel: string;
  @ApiProperty({ enum: SECTION_KINDS }) sectionKind: SectionKind;
  @ApiProperty() sectionKindLabel: string;
  @ApiProperty({ type: [String] }) outsourcingSubtypes: OutsourcingSubtype[];
  @ApiProperty({ type: Object }) appliesWhen: AnswerConditions;
  @ApiProperty() sortOrder: number;
  @ApiProperty() retired: boolean;
  @ApiProperty({ description: '諮問が任意（法第129条）' }) optional: boolean;
  @ApiProperty({ description: '使っている事案の数' }) usage: number;
  @ApiProperty() version: number;

  static from(b: LegalBasis, usage = 0): LegalBasisDto {
    return {
      ...pick(b, 'id', 'code', 'ordinance', 'article', 'shortName', 'procedure'),
      procedureLabel: BASIS_PROCEDURE_LABELS[b.procedure],
      sectionKind: b.sectionKind,
      sectionKindLabel: SECTION_KIND_LABELS[b.sectionKind],
      outsourcingSubtypes: [...b.outsourcingSubtypes],
      appliesWhen: { ...b.appliesWhen },
      ...pick(b, 'sortOrder', 'retired', 'optional'),
      usage,
      version: b.version,
    };
  }
}

export class ClauseInputDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(999)
  number: number;

  @ApiProperty({ example: '秘密の保持' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @TextLimit(100)
  heading: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @TextLimit(LONG_TEXT)
  text: string;
}

/** The clauses of a set as sent: 1 to 200, each checked as a ClauseInputDto. */
const ClauseList = () =>
  applyDecorators(
    // In the order they would be written above the field, reversed (the lowest applies first).
    Type(() => ClauseInputDto),
    ValidateNested({ each: true }),
    ArrayMaxSize(200),
    ArrayMinSize(1),
    IsArray(),
    ApiProperty({ type: [ClauseInputDto] }),
  );

export class CreateClauseSetDto {
  @CatalogCode('personal-info-outsourcing') code: string;

  @TrimmedText(200, { example: '個人情報を取り扱う業務委託契約の特記事項' }) name: string;

  @ClauseList() clauses: ClauseInputDto[];
}

/** Editing a set: creates its next version (earlier versions stay as cases chose them). */
export class ReviseClauseSetDto {
  @ApiProperty({ description: '編集元の版番号（楽観的ロック）' })
  @IsInt()
  @Min(1)
  baseVersionNumber: number;

  @OptionalNonEmptyText(200) name?: string;

  @ClauseList() clauses: ClauseInputDto[];

  @OptionalString(500) changeNote?: string;

  @OptionalBoolean() retired?: boolean;
}

export class ClauseSetVersionDto {
  @ApiProperty() id: string;
  @ApiProperty() clauseSetId: string;
  @ApiProperty() number: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: () => [ClauseDto] }) clauses: Clause[];
  @ApiProperty() changeNote: string;
  @ApiProperty() createdAt: string;

  static from(v: ClauseSetVersion): ClauseSetVersionDto {
    return {
      ...pick(v, 'id', 'clauseSetId', 'number', 'name'),
      clauses: v.clauses.map((c) => ({ ...c })),
      changeNote: v.changeNote,
      createdAt: v.createdAt.toISOString(),
    };
  }
}

export class ClauseSetDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() retired: boolean;
  @ApiProperty({ type: ClauseSetVersionDto }) current: ClauseSetVersionDto;
  @ApiProperty({ type: [Number] }) versionNumbers: number[];

  static from(s: ClauseSet, versions: ClauseSetVersion[]): ClauseSetDto {
    const sorted = [...versions].sort((a, b) => a.number - b.number);
    return {
      ...pick(s, 'id', 'code', 'name', 'retired'),
      current: ClauseSetVersionDto.from(sorted[sorted.length - 1]),
      versionNumbers: sorted.map((v) => v.number),
    };
  }
}

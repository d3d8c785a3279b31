import { ApiProperty } from '@nestjs/swagger';
import { ClauseDto } from './case.dto';

export class LabelValueDto {
  @ApiProperty() label: string;
  @ApiProperty() value: string;
}

export class BasisGroupLinesDto {
  @ApiProperty() label: string;
  @ApiProperty({ type: [String] }) bases: string[];
}

export class DocumentCoverDto {
  @ApiProperty() title: string;
  @ApiProperty() receiptNumber: string;
  @ApiProperty({ type: () => [BasisGroupLinesDto] }) basisGroups: BasisGroupLinesDto[];
  @ApiProperty() department: string;
  @ApiProperty() sectionName: string;
  @ApiProperty() contactName: string;
  @ApiProperty() extension: string;
  @ApiProperty() retroactive: string;
  @ApiProperty({ type: [String] }) related: string[];
}

export class DocumentSectionDto {
  @ApiProperty({ description: '紙面の別紙番号（別紙1 など）' }) mark: string;
  @ApiProperty() heading: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: () => [LabelValueDto] }) fields: LabelValueDto[];
}

export class ItemGridGroupDto {
  @ApiProperty() label: string;
  @ApiProperty() span: number;
}

export class ItemGridColumnDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: [String] }) flags: string[];
}

export class ItemGridRowDto {
  @ApiProperty() no: number;
  @ApiProperty() departmentBusiness: string;
  @ApiProperty() procedureName: string;
  @ApiProperty({ type: [String], description: '列ごとの ◎ / ○ / 空欄' }) cells: string[];
  @ApiProperty() otherItems: string;
  @ApiProperty() note: string;
}

export class ItemGridDto {
  @ApiProperty() legend: string;
  @ApiProperty({ type: () => [ItemGridGroupDto] }) groups: ItemGridGroupDto[];
  @ApiProperty({ type: () => [ItemGridColumnDto] }) columns: ItemGridColumnDto[];
  @ApiProperty({ type: () => [ItemGridRowDto] }) rows: ItemGridRowDto[];
}

export class NumberedTextDto {
  @ApiProperty() no: number;
  @ApiProperty() text: string;
}

export class DocumentAttachmentDto {
  @ApiProperty() label: string;
  @ApiProperty() title: string;
  @ApiProperty() fileName: string;
}

export class ClauseDeviationLineDto {
  @ApiProperty() clauseNumber: number;
  @ApiProperty() heading: string;
  @ApiProperty() description: string;
  @ApiProperty() reason: string;
}

export class DocumentClausesDto {
  @ApiProperty() section: string;
  @ApiProperty() setName: string;
  @ApiProperty() version: string;
  @ApiProperty({ type: () => [ClauseDto] }) clauses: ClauseDto[];
  @ApiProperty({ type: () => [ClauseDeviationLineDto] }) deviations: ClauseDeviationLineDto[];
}

/** The case document (諮問事案書) as plain strings, in the order of the paper form. */
export class CaseDocumentDataDto {
  @ApiProperty() confidentiality: string;
  @ApiProperty({ type: () => DocumentCoverDto }) cover: DocumentCoverDto;
  @ApiProperty({ type: () => [LabelValueDto] }) overview: LabelValueDto[];
  @ApiProperty({ type: () => LabelValueDto, nullable: true }) background: LabelValueDto | null;
  @ApiProperty({ type: () => [DocumentSectionDto] }) sections: DocumentSectionDto[];
  @ApiProperty({ type: () => ItemGridDto }) itemGrid: ItemGridDto;
  @ApiProperty() measuresIntro: string;
  @ApiProperty({ type: () => [NumberedTextDto] }) measures: NumberedTextDto[];
  @ApiProperty({ type: () => [DocumentAttachmentDto] }) attachments: DocumentAttachmentDto[];
  @ApiProperty({ type: () => [DocumentClausesDto] }) clauses: DocumentClausesDto[];
}

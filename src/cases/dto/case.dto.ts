import { ApiProperty } from '@nestjs/swagger';
import type { FieldError } from '../../common/errors/app-error';
import type { AttachmentData, BasisRef, CaseAggregate, ItemColumnData, ItemRowData } from '../case-aggregate';
import type { DiffEntry } from '../case-diff';
import { CASE_STATE_LABELS } from '../../workflow/case-state-machine';
import { BASIS_PROCEDURE_LABELS, SECTION_KIND_LABELS, type SectionKind } from '../case-kinds';
import type { CaseListItem } from '../case-query.service';
import type { CaseVersionInfo } from '../case-versions.service';

export class BasisRefDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() ordinance: string;
  @ApiProperty() article: string;
  @ApiProperty() shortName: string;
  @ApiProperty({ enum: ['consultation', 'priorReport', 'report'] }) procedure: string;
  @ApiProperty() procedureLabel: string;
  @ApiProperty() sectionKind: string;
  @ApiProperty({ type: [String] }) outsourcingSubtypes: string[];
  @ApiProperty() retired: boolean;

  static from(b: BasisRef): BasisRefDto {
    return {
      ...b,
      outsourcingSubtypes: [...b.outsourcingSubtypes],
      procedureLabel: BASIS_PROCEDURE_LABELS[b.procedure],
    };
  }
}

export class ClauseChoiceDto {
  @ApiProperty() clauseSetId: string;
  @ApiProperty() clauseSetVersionId: string;
  @ApiProperty() name: string;
  @ApiProperty() versionNumber: number;
  @ApiProperty() newerVersionExists: boolean;
  @ApiProperty() clauses: { number: number; heading: string; text: string }[];
}

export class SectionOutDto {
  @ApiProperty() id: string;
  @ApiProperty() kind: SectionKind;
  @ApiProperty() kindLabel: string;
  @ApiProperty() legalBasisId: string;
  @ApiProperty({ description: 'kind ごとの項目（入力と同じ形）', type: Object }) fields: Record<
    string,
    unknown
  >;
  @ApiProperty({ type: ClauseChoiceDto, nullable: true }) clauseChoice: ClauseChoiceDto | null;
}

export class CaseDto {
  @ApiProperty() id: string;
  @ApiProperty() departmentId: string;
  @ApiProperty() departmentName: string;
  @ApiProperty({ nullable: true, type: String }) departmentDivision: string | null;
  @ApiProperty() status: string;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ enum: ['consultation', 'report'] }) procedure: 'consultation' | 'report';
  @ApiProperty() procedureLabel: string;
  @ApiProperty() confidentialityLevel: number;
  @ApiProperty({ nullable: true, type: String }) receiptNumber: string | null;
  @ApiProperty() title: string;
  @ApiProperty() contact: CaseAggregate['contact'];
  @ApiProperty() overview: CaseAggregate['overview'];
  @ApiProperty() retroactive: boolean;
  @ApiProperty() retroactiveReason: string;
  @ApiProperty() related: { id: string; title: string }[];
  @ApiProperty() relatedNote: string;
  @ApiProperty({ type: [BasisRefDto] }) legalBases: BasisRefDto[];
  @ApiProperty({ description: '【諮問】【事前報告】【報告】ごとの根拠' })
  basisGroups: { consultation: BasisRefDto[]; priorReport: BasisRefDto[]; report: BasisRefDto[] };
  @ApiProperty({ type: [SectionOutDto] }) sections: SectionOutDto[];
  @ApiProperty() items: { columns: ItemColumnData[]; rows: ItemRowData[] };
  @ApiProperty({ type: [String] }) securityMeasures: string[];
  @ApiProperty() securityMeasuresIntro: string;
  @ApiProperty() attachments: AttachmentData[];
  @ApiProperty({ nullable: true }) copiedFrom: { id: string; title: string } | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true }) createdBy: { id: string; name: string } | null;
  @ApiProperty({ nullable: true }) updatedBy: { id: string; name: string } | null;

  static from(c: CaseAggregate): CaseDto {
    const bases = c.legalBases.map(BasisRefDto.from);
    return {
      id: c.id,
      departmentId: c.departmentId,
      departmentName: c.departmentName,
      departmentDivision: c.departmentDivision,
      status: c.status,
      statusLabel: CASE_STATE_LABELS[c.status],
      procedure: c.procedure,
      procedureLabel: c.procedure === 'consultation' ? '諮問事項' : '報告事項',
      confidentialityLevel: c.confidentialityLevel,
      receiptNumber: c.receiptNumber,
      title: c.title,
      contact: { ...c.contact },
      overview: { ...c.overview },
      retroactive: c.retroactive,
      retroactiveReason: c.retroactiveReason,
      related: c.related.map((r) => ({ ...r })),
      relatedNote: c.relatedNote,
      legalBases: bases,
      basisGroups: {
        consultation: bases.filter((b) => b.procedure === 'consultation'),
        priorReport: bases.filter((b) => b.procedure === 'priorReport'),
        report: bases.filter((b) => b.procedure === 'report'),
      },
      sections: c.sections.map((s) => ({
        id: s.id,
        kind: s.kind,
        kindLabel: SECTION_KIND_LABELS[s.kind],
        legalBasisId: s.legalBasisId,
        fields: { ...s.fields },
        clauseChoice: s.clauseChoice ? { ...s.clauseChoice } : null,
      })),
      items: {
        columns: c.items.columns.map((col) => ({ ...col })),
        rows: c.items.rows.map((r) => ({ ...r, cells: { ...r.cells } })),
      },
      securityMeasures: [...c.securityMeasures],
      securityMeasuresIntro: c.securityMeasuresIntro,
      attachments: c.attachments.map((a) => ({ ...a })),
      copiedFrom: c.copiedFrom ? { ...c.copiedFrom } : null,
      version: c.version,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      createdBy: c.createdBy,
      updatedBy: c.updatedBy,
    };
  }
}

export class CaseListItemDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() status: string;
  @ApiProperty() statusLabel: string;
  @ApiProperty() procedure: 'consultation' | 'report';
  @ApiProperty() procedureLabel: string;
  @ApiProperty() departmentId: string;
  @ApiProperty() departmentName: string;
  @ApiProperty({ nullable: true, type: String }) receiptNumber: string | null;
  @ApiProperty({ type: [String] }) legalBases: string[];
  @ApiProperty() updatedAt: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() version: number;

  static from(i: CaseListItem): CaseListItemDto {
    return {
      ...i,
      statusLabel: CASE_STATE_LABELS[i.status],
      procedureLabel: i.procedure === 'consultation' ? '諮問事項' : '報告事項',
      updatedAt: new Date(i.updatedAt).toISOString(),
      createdAt: new Date(i.createdAt).toISOString(),
    };
  }
}

export class CaseListDto {
  @ApiProperty({ type: [CaseListItemDto] }) items: CaseListItemDto[];
  @ApiProperty({ description: '件数（totalIsLowerBound のときは下限）' }) total: number;
  @ApiProperty({ description: '全文検索で件数が上限を超え、total 件「以上」であること' })
  totalIsLowerBound: boolean;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ValidationResultDto {
  @ApiProperty({ description: '提出できる状態か' }) ready: boolean;
  @ApiProperty({ description: '項目ごとの問題（すべて）' }) errors: FieldError[];
}

export class CaseVersionDto {
  @ApiProperty() seq: number;
  @ApiProperty() caseVersion: number;
  @ApiProperty() status: string;
  @ApiProperty() reason: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;

  static from(v: CaseVersionInfo): CaseVersionDto {
    return { ...v, createdAt: new Date(v.createdAt).toISOString() };
  }
}

export class CaseDiffDto {
  @ApiProperty({ nullable: true, type: Number }) from: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null は現在の内容' }) to: number | null;
  @ApiProperty() changes: DiffEntry[];
}

import { ApiExtraModels, ApiProperty, OmitType } from '@nestjs/swagger';
import { FieldErrorDto } from '../../common/errors/problem.dto';
import { ApiUnionArray } from '../../common/openapi/union';
import type { AttachmentData, BasisRef, CaseAggregate, ItemColumnData, ItemRowData } from '../case-aggregate';
import type { DiffEntry } from '../case-diff';
import { CASE_STATE_LABELS } from '../../workflow/case-state-machine';
import { BASIS_PROCEDURE_LABELS, SECTION_KIND_LABELS } from '../case-kinds';
import type { CaseListItem } from '../case-query.service';
import type { CaseVersionInfo } from '../case-versions.service';
import { ContactDto, ItemListDto, OverviewDto } from './case-input.dto';
import {
  ExternalConnectionSectionDto,
  OutsourcingSectionDto,
  ProcessingSectionDto,
  PurposeExtensionSectionDto,
} from './section.dto';
import { pick } from '../../common/format/pick';

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

export class ClauseDto {
  @ApiProperty({ description: '項番号' }) number: number;
  @ApiProperty({ description: '見出し' }) heading: string;
  @ApiProperty({ description: '本文' }) text: string;
}

export class ClauseChoiceDto {
  @ApiProperty() clauseSetId: string;
  @ApiProperty() clauseSetVersionId: string;
  @ApiProperty() name: string;
  @ApiProperty() versionNumber: number;
  @ApiProperty() newerVersionExists: boolean;
  @ApiProperty({ type: () => [ClauseDto] }) clauses: ClauseDto[];
}

const NOT_FIELDS = ['id', 'kind', 'legalBasisId'] as const;
/** The stored fields of each kind: what the section was saved with, without id, kind and basis. */
export class ProcessingSectionFieldsDto extends OmitType(ProcessingSectionDto, NOT_FIELDS) {}
export class ExternalConnectionSectionFieldsDto extends OmitType(ExternalConnectionSectionDto, NOT_FIELDS) {}
export class OutsourcingSectionFieldsDto extends OmitType(OutsourcingSectionDto, NOT_FIELDS) {}
export class PurposeExtensionSectionFieldsDto extends OmitType(PurposeExtensionSectionDto, NOT_FIELDS) {}

/** A section as answered: what every kind has; each kind's DTO adds `kind` and its `fields`. */
abstract class SectionOutBaseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '別紙の種類（表示名）' }) kindLabel: string;
  @ApiProperty() legalBasisId: string;
  @ApiProperty({ type: () => ClauseChoiceDto, nullable: true }) clauseChoice: ClauseChoiceDto | null;
}

/** A section of one kind as answered: `kind` and the stored `fields` of that kind. */
function SectionOut<K extends string>(kind: K, fields: new () => object) {
  abstract class SectionOfKindDto extends SectionOutBaseDto {
    @ApiProperty({ enum: [kind] }) kind: K;
    @ApiProperty({ type: () => fields }) fields: Record<string, unknown>;
  }
  return SectionOfKindDto;
}

export class ProcessingSectionOutDto extends SectionOut('processing', ProcessingSectionFieldsDto) {}
export class ExternalConnectionSectionOutDto extends SectionOut(
  'externalConnection',
  ExternalConnectionSectionFieldsDto,
) {}
export class OutsourcingSectionOutDto extends SectionOut('outsourcing', OutsourcingSectionFieldsDto) {}
export class PurposeExtensionSectionOutDto extends SectionOut(
  'purposeExtension',
  PurposeExtensionSectionFieldsDto,
) {}

export type SectionOutDto =
  | ProcessingSectionOutDto
  | ExternalConnectionSectionOutDto
  | OutsourcingSectionOutDto
  | PurposeExtensionSectionOutDto;

export const SECTION_OUT_DTOS = {
  processing: ProcessingSectionOutDto,
  externalConnection: ExternalConnectionSectionOutDto,
  outsourcing: OutsourcingSectionOutDto,
  purposeExtension: PurposeExtensionSectionOutDto,
};

export class RelatedCaseDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
}

export class UserRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class BasisGroupsDto {
  @ApiProperty({ type: () => [BasisRefDto] }) consultation: BasisRefDto[];
  @ApiProperty({ type: () => [BasisRefDto] }) priorReport: BasisRefDto[];
  @ApiProperty({ type: () => [BasisRefDto] }) report: BasisRefDto[];
}

export class CaseAttachmentDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() materialLabel: string;
  @ApiProperty() fileName: string;
  @ApiProperty() mediaType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty() createdAt: string;
}

@ApiExtraModels(...Object.values(SECTION_OUT_DTOS))
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
  @ApiProperty({ type: () => ContactDto }) contact: CaseAggregate['contact'];
  @ApiProperty({ type: () => OverviewDto }) overview: CaseAggregate['overview'];
  @ApiProperty() retroactive: boolean;
  @ApiProperty() retroactiveReason: string;
  @ApiProperty({ type: () => [RelatedCaseDto] }) related: RelatedCaseDto[];
  @ApiProperty() relatedNote: string;
  @ApiProperty({ type: [BasisRefDto] }) legalBases: BasisRefDto[];
  @ApiProperty({ type: () => BasisGroupsDto, description: '【諮問】【事前報告】【報告】ごとの根拠' })
  basisGroups: { consultation: BasisRefDto[]; priorReport: BasisRefDto[]; report: BasisRefDto[] };
  @ApiUnionArray('kind', SECTION_OUT_DTOS, {
    required: true,
    description: '別紙（kind により fields が異なる）',
  })
  sections: SectionOutDto[];
  @ApiProperty({ type: () => ItemListDto }) items: { columns: ItemColumnData[]; rows: ItemRowData[] };
  @ApiProperty({ type: [String] }) securityMeasures: string[];
  @ApiProperty() securityMeasuresIntro: string;
  @ApiProperty({ type: () => [CaseAttachmentDto] }) attachments: AttachmentData[];
  @ApiProperty({ type: () => RelatedCaseDto, nullable: true }) copiedFrom: RelatedCaseDto | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: () => UserRefDto, nullable: true }) createdBy: UserRefDto | null;
  @ApiProperty({ type: () => UserRefDto, nullable: true }) updatedBy: UserRefDto | null;

  static from(c: CaseAggregate): CaseDto {
    const bases = c.legalBases.map(BasisRefDto.from);
    return {
      ...pick(c, 'id', 'departmentId', 'departmentName', 'departmentDivision', 'status'),
      statusLabel: CASE_STATE_LABELS[c.status],
      procedure: c.procedure,
      procedureLabel: c.procedure === 'consultation' ? '諮問事項' : '報告事項',
      ...pick(c, 'confidentialityLevel', 'receiptNumber', 'title'),
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
        kind: s.kind as SectionOutDto['kind'],
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
      ...pick(c, 'version', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy'),
    };
  }
}

export class CaseListItemDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() status: string;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ enum: ['consultation', 'report'] }) procedure: 'consultation' | 'report';
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
  @ApiProperty({ type: () => [FieldErrorDto], description: '項目ごとの問題（すべて）' })
  errors: FieldErrorDto[];
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

export class DiffEntryDto {
  @ApiProperty({ description: '安定したパス（別紙・行・添付は ID で指す）' }) path: string;
  @ApiProperty({ description: '場所（例: 別紙3（委託） › 委託先：代表企業）' }) label: string;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) change: 'added' | 'removed' | 'changed';
  @ApiProperty({ type: String, nullable: true }) before: string | null;
  @ApiProperty({ type: String, nullable: true }) after: string | null;
}

export class CaseDiffDto {
  @ApiProperty({ nullable: true, type: Number }) from: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null は現在の内容' }) to: number | null;
  @ApiProperty({ type: () => [DiffEntryDto] }) changes: DiffEntry[];
}

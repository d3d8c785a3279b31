import { EntityManager, In } from 'typeorm';
import { Department } from '../departments/department.entity';
import { User } from '../users/user.entity';
import type { BasisProcedure, CellValue, OutsourcingSubtype, SectionKind } from './case-kinds';
import { CaseFile } from './case-file.entity';
import {
  CaseAttachment,
  CaseItemColumn,
  CaseItemRow,
  CaseLegalBasis,
  CaseRelation,
  CaseSection,
} from './case-parts.entity';
import { ClauseSet, ClauseSetVersion, type Clause } from './clause-set.entity';
import { LegalBasis } from './legal-basis.entity';

export interface BasisRef {
  id: string;
  code: string;
  ordinance: string;
  article: string;
  shortName: string;
  procedure: BasisProcedure;
  sectionKind: SectionKind;
  outsourcingSubtypes: OutsourcingSubtype[];
  retired: boolean;
}

export interface ClauseChoice {
  clauseSetId: string;
  clauseSetVersionId: string;
  name: string;
  versionNumber: number;
  /** True when a newer version of the set exists (the case keeps the one it chose). */
  newerVersionExists: boolean;
  clauses: Clause[];
}

/** A section as stored: kind, basis and the kind's fields (see dto/section.dto.ts). */
export interface SectionData {
  id: string;
  kind: SectionKind;
  legalBasisId: string;
  fields: Record<string, unknown>;
  clauseChoice: ClauseChoice | null;
}

export interface ItemColumnData {
  key: string;
  label: string;
  groupLabel: string;
  sensitive: boolean;
  myNumber: boolean;
}

export interface ItemRowData {
  id: string;
  departmentBusiness: string;
  procedureName: string;
  cells: Record<string, CellValue>;
  otherItems: string;
  note: string;
}

export interface AttachmentData {
  id: string;
  title: string;
  materialLabel: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

/** Everything a case holds, as plain data: what the API returns, snapshots store and documents print. */
export interface CaseAggregate {
  id: string;
  departmentId: string;
  departmentName: string;
  departmentDivision: string | null;
  status: string;
  procedure: 'consultation' | 'report';
  confidentialityLevel: number;
  receiptNumber: string | null;
  title: string;
  contact: { sectionName: string; contactName: string; extension: string };
  overview: {
    businessName: string;
    businessDepartment: string;
    purpose: string;
    targetPersons: string;
    businessContent: string;
    background: string;
  };
  retroactive: boolean;
  retroactiveReason: string;
  related: { id: string; title: string }[];
  relatedNote: string;
  legalBases: BasisRef[];
  sections: SectionData[];
  items: { columns: ItemColumnData[]; rows: ItemRowData[] };
  securityMeasures: string[];
  securityMeasuresIntro: string;
  attachments: AttachmentData[];
  copiedFrom: { id: string; title: string } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: { id: string; name: string } | null;
  updatedBy: { id: string; name: string } | null;
}

export function basisRef(b: LegalBasis): BasisRef {
  return {
    id: b.id,
    code: b.code,
    ordinance: b.ordinance,
    article: b.article,
    shortName: b.shortName,
    procedure: b.procedure,
    sectionKind: b.sectionKind,
    outsourcingSubtypes: b.outsourcingSubtypes,
    retired: b.retired,
  };
}

/** Loads a case with all its parts; null when it does not exist. */
export async function loadCaseAggregate(m: EntityManager, id: string): Promise<CaseAggregate | null> {
  const c = await m.findOne(CaseFile, { where: { id } });
  if (!c) return null;
  // Sequential on purpose: inside a transaction all queries share one connection.
  const dept = await m.findOne(Department, { where: { id: c.departmentId } });
  const chosen = await m.find(CaseLegalBasis, { where: { caseId: id }, order: { position: 'ASC' } });
  const relations = await m.find(CaseRelation, { where: { caseId: id }, order: { position: 'ASC' } });
  const sections = await m.find(CaseSection, { where: { caseId: id }, order: { position: 'ASC' } });
  const columns = await m.find(CaseItemColumn, { where: { caseId: id }, order: { position: 'ASC' } });
  const rows = await m.find(CaseItemRow, { where: { caseId: id }, order: { position: 'ASC' } });
  const attachments = await m.find(CaseAttachment, { where: { caseId: id }, order: { createdAt: 'ASC' } });
  const basisIds = [
    ...new Set([...chosen.map((x) => x.legalBasisId), ...sections.map((s) => s.legalBasisId)]),
  ];
  const bases = basisIds.length ? await m.find(LegalBasis, { where: { id: In(basisIds) } }) : [];
  const basisById = new Map(bases.map((b) => [b.id, b]));
  const caseIds = [...relations.map((r) => r.relatedCaseId), ...(c.copiedFromId ? [c.copiedFromId] : [])];
  const titles = caseIds.length
    ? await m.find(CaseFile, { where: { id: In(caseIds) }, select: { id: true, title: true } })
    : [];
  const titleOf = new Map(titles.map((t) => [t.id, t.title]));
  const userIds = [c.createdById, c.updatedById].filter((u): u is string => Boolean(u));
  const users = await m.find(User, { where: { id: In(userIds) } });
  const userOf = (uid: string | null) => {
    const u = users.find((x) => x.id === uid);
    return u ? { id: u.id, name: u.displayName } : null;
  };
  const choices = await loadClauseChoices(
    m,
    sections.map((s) => s.clauseSetVersionId).filter((v): v is string => Boolean(v)),
  );

  return {
    id: c.id,
    departmentId: c.departmentId,
    departmentName: dept?.name ?? '',
    departmentDivision: dept?.division ?? null,
    status: c.status,
    procedure: c.procedure,
    confidentialityLevel: c.confidentialityLevel,
    receiptNumber: c.receiptNumber,
    title: c.title,
    contact: { sectionName: c.sectionName, contactName: c.contactName, extension: c.extension },
    overview: {
      businessName: c.businessName,
      businessDepartment: c.businessDepartment,
      purpose: c.purpose,
      targetPersons: c.targetPersons,
      businessContent: c.businessContent,
      background: c.background,
    },
    retroactive: c.retroactive,
    retroactiveReason: c.retroactiveReason,
    // A related case in the bin is left out (the find above skips deleted rows); restored, it is back.
    related: relations
      .filter((r) => titleOf.has(r.relatedCaseId))
      .map((r) => ({ id: r.relatedCaseId, title: titleOf.get(r.relatedCaseId) ?? '' })),
    relatedNote: c.relatedNote,
    legalBases: chosen
      .map((x) => basisById.get(x.legalBasisId))
      .filter((b): b is LegalBasis => Boolean(b))
      .map(basisRef),
    sections: sections.map((s) => ({
      id: s.id,
      kind: s.kind,
      legalBasisId: s.legalBasisId,
      fields: s.payload,
      clauseChoice: s.clauseSetVersionId ? (choices.get(s.clauseSetVersionId) ?? null) : null,
    })),
    items: {
      columns: columns.map((col) => ({
        key: col.key,
        label: col.label,
        groupLabel: col.groupLabel,
        sensitive: col.sensitive,
        myNumber: col.myNumber,
      })),
      rows: rows.map((r) => ({
        id: r.id,
        departmentBusiness: r.departmentBusiness,
        procedureName: r.procedureName,
        cells: r.cells,
        otherItems: r.otherItems,
        note: r.note,
      })),
    },
    securityMeasures: c.securityMeasures,
    securityMeasuresIntro: c.securityMeasuresIntro,
    attachments: attachments.map((a) => ({
      id: a.id,
      title: a.title,
      materialLabel: a.materialLabel,
      fileName: a.fileName,
      mediaType: a.mediaType,
      sizeBytes: a.sizeBytes,
      sha256: a.sha256,
      createdAt: a.createdAt.toISOString(),
    })),
    copiedFrom:
      c.copiedFromId && titleOf.has(c.copiedFromId)
        ? { id: c.copiedFromId, title: titleOf.get(c.copiedFromId) ?? '' }
        : null,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    createdBy: userOf(c.createdById),
    updatedBy: userOf(c.updatedById),
  };
}

export async function loadClauseChoices(
  m: EntityManager,
  versionIds: string[],
): Promise<Map<string, ClauseChoice>> {
  const out = new Map<string, ClauseChoice>();
  if (versionIds.length === 0) return out;
  const versions = await m.find(ClauseSetVersion, { where: { id: In([...new Set(versionIds)]) } });
  const setIds = [...new Set(versions.map((v) => v.clauseSetId))];
  const latest: { clause_set_id: string; n: number }[] = await m.query(
    `SELECT clause_set_id, max(number)::int AS n FROM clause_set_version WHERE clause_set_id = ANY($1) GROUP BY 1`,
    [setIds],
  );
  const sets = await m.find(ClauseSet, { where: { id: In(setIds) } });
  for (const v of versions) {
    out.set(v.id, {
      clauseSetId: v.clauseSetId,
      clauseSetVersionId: v.id,
      name: v.name || (sets.find((s) => s.id === v.clauseSetId)?.name ?? ''),
      versionNumber: v.number,
      newerVersionExists: (latest.find((l) => l.clause_set_id === v.clauseSetId)?.n ?? v.number) > v.number,
      clauses: v.clauses,
    });
  }
  return out;
}

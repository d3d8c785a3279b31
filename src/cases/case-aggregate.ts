import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import type { CaseState } from '../workflow/case-state-machine';
import type { CellValue, SectionKind } from './case-kinds';
import type { Clause } from './clause-set.entity';
import { LegalBasis, type BasisIdentity } from './legal-basis.entity';
import type { StoredFileData } from '../common/storage/stored-file';

export type BasisRef = BasisIdentity & { id: string; retired: boolean };

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

export interface AttachmentData extends StoredFileData {
  id: string;
  title: string;
  materialLabel: string;
}

/** Everything a case holds, as plain data: what the API returns, snapshots store and documents print. */
export interface CaseAggregate {
  id: string;
  departmentId: string;
  departmentName: string;
  departmentDivision: string | null;
  status: CaseState;
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

/** The one row `loadCaseAggregate` reads: the case, its department and authors, its parts as JSON. */
interface AggregateRow {
  id: string;
  department_id: string;
  department_name: string | null;
  department_division: string | null;
  status: CaseState;
  procedure: 'consultation' | 'report';
  confidentiality_level: number;
  receipt_number: string | null;
  title: string;
  section_name: string;
  contact_name: string;
  extension: string;
  business_name: string;
  business_department: string;
  purpose: string;
  target_persons: string;
  business_content: string;
  background: string;
  retroactive: boolean;
  retroactive_reason: string;
  related_note: string;
  security_measures: string[];
  security_measures_intro: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  copied_from: { id: string; title: string } | null;
  created_by: { id: string; name: string } | null;
  updated_by: { id: string; name: string } | null;
  related: { id: string; title: string }[];
  legal_bases: BasisRef[];
  sections: (Omit<SectionData, 'clauseChoice'> & { clauseSetVersionId: string | null })[];
  columns: ItemColumnData[];
  rows: ItemRowData[];
  attachments: AttachmentData[];
  clause_choices: ClauseChoice[];
}

/** ISO 8601 in UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
const isoUtc = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One statement for the whole aggregate (a case view used to be 14 round trips, most of a view's
 * cost under load). Cases and attachments in the bin are left out: a deleted case is not found, a
 * related or copied-from case in the bin is not listed (restored, it is back).
 */
const AGGREGATE_SQL = `
SELECT c.id, c.department_id, d.name AS department_name, d.division AS department_division, c.status,
       c.procedure, c.confidentiality_level, c.receipt_number, c.title, c.section_name, c.contact_name,
       c.extension, c.business_name, c.business_department, c.purpose, c.target_persons,
       c.business_content, c.background, c.retroactive, c.retroactive_reason, c.related_note,
       c.security_measures, c.security_measures_intro, c.version, c.created_at, c.updated_at,
       (SELECT json_build_object('id', f.id, 'title', f.title)
          FROM case_file f WHERE f.id = c.copied_from_id AND f.deleted_at IS NULL) AS copied_from,
       (SELECT json_build_object('id', u.id, 'name', u.display_name)
          FROM app_user u WHERE u.id = c.created_by_id) AS created_by,
       (SELECT json_build_object('id', u.id, 'name', u.display_name)
          FROM app_user u WHERE u.id = c.updated_by_id) AS updated_by,
       COALESCE((SELECT json_agg(json_build_object('id', r.related_case_id, 'title', rc.title) ORDER BY r.position)
                   FROM case_relation r JOIN case_file rc ON rc.id = r.related_case_id AND rc.deleted_at IS NULL
                  WHERE r.case_id = c.id), '[]') AS related,
       COALESCE((SELECT json_agg(json_build_object(
                          'id', b.id, 'code', b.code, 'ordinance', b.ordinance, 'article', b.article,
                          'shortName', b.short_name, 'procedure', b.procedure, 'sectionKind', b.section_kind,
                          'outsourcingSubtypes', b.outsourcing_subtypes, 'retired', b.retired) ORDER BY x.position)
                   FROM case_legal_basis x JOIN legal_basis b ON b.id = x.legal_basis_id
                  WHERE x.case_id = c.id), '[]') AS legal_bases,
       COALESCE((SELECT json_agg(json_build_object(
                          'id', s.id, 'kind', s.kind, 'legalBasisId', s.legal_basis_id, 'fields', s.payload,
                          'clauseSetVersionId', s.clause_set_version_id) ORDER BY s.position)
                   FROM case_section s WHERE s.case_id = c.id), '[]') AS sections,
       COALESCE((SELECT json_agg(json_build_object(
                          'key', k.key, 'label', k.label, 'groupLabel', k.group_label, 'sensitive', k.sensitive,
                          'myNumber', k.my_number) ORDER BY k.position)
                   FROM case_item_column k WHERE k.case_id = c.id), '[]') AS columns,
       COALESCE((SELECT json_agg(json_build_object(
                          'id', i.id, 'departmentBusiness', i.department_business, 'procedureName', i.procedure_name,
                          'cells', i.cells, 'otherItems', i.other_items, 'note', i.note) ORDER BY i.position)
                   FROM case_item_row i WHERE i.case_id = c.id), '[]') AS rows,
       COALESCE((SELECT json_agg(json_build_object(
                          'id', a.id, 'title', a.title, 'materialLabel', a.material_label, 'fileName', a.file_name,
                          'mediaType', a.media_type, 'sizeBytes', a.size_bytes, 'sha256', a.sha256,
                          'createdAt', ${isoUtc('a.created_at')}) ORDER BY a.created_at, a.id)
                   FROM case_attachment a WHERE a.case_id = c.id AND a.deleted_at IS NULL), '[]') AS attachments,
       COALESCE((SELECT json_agg(json_build_object(
                          'clauseSetId', v.clause_set_id, 'clauseSetVersionId', v.id,
                          'name', COALESCE(NULLIF(v.name, ''), cs.name, ''), 'versionNumber', v.number,
                          'newerVersionExists', EXISTS (SELECT 1 FROM clause_set_version n
                                                         WHERE n.clause_set_id = v.clause_set_id AND n.number > v.number),
                          'clauses', v.clauses))
                   FROM clause_set_version v LEFT JOIN clause_set cs ON cs.id = v.clause_set_id
                  WHERE v.id IN (SELECT s.clause_set_version_id FROM case_section s WHERE s.case_id = c.id)), '[]')
         AS clause_choices
  FROM case_file c
  LEFT JOIN department d ON d.id = c.department_id
 WHERE c.id = $1 AND c.deleted_at IS NULL`;

/** Loads a case with all its parts; null when it does not exist (or is in the bin). */
export async function loadCaseAggregate(m: EntityManager, id: string): Promise<CaseAggregate | null> {
  const [c] = await preparedQuery<AggregateRow>(m, AGGREGATE_SQL, [id]);
  if (!c) return null;
  const choices = new Map(c.clause_choices.map((x) => [x.clauseSetVersionId, x]));
  return {
    id: c.id,
    departmentId: c.department_id,
    departmentName: c.department_name ?? '',
    departmentDivision: c.department_division ?? null,
    status: c.status,
    procedure: c.procedure,
    confidentialityLevel: c.confidentiality_level,
    receiptNumber: c.receipt_number,
    title: c.title,
    contact: { sectionName: c.section_name, contactName: c.contact_name, extension: c.extension },
    overview: {
      businessName: c.business_name,
      businessDepartment: c.business_department,
      purpose: c.purpose,
      targetPersons: c.target_persons,
      businessContent: c.business_content,
      background: c.background,
    },
    retroactive: c.retroactive,
    retroactiveReason: c.retroactive_reason,
    related: c.related,
    relatedNote: c.related_note,
    legalBases: c.legal_bases,
    sections: c.sections.map(({ clauseSetVersionId, ...s }) => ({
      ...s,
      clauseChoice: clauseSetVersionId ? (choices.get(clauseSetVersionId) ?? null) : null,
    })),
    items: { columns: c.columns, rows: c.rows },
    securityMeasures: c.security_measures,
    securityMeasuresIntro: c.security_measures_intro,
    attachments: c.attachments.map((a) => ({ ...a, sizeBytes: Number(a.sizeBytes) })),
    copiedFrom: c.copied_from,
    version: c.version,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    createdBy: c.created_by,
    updatedBy: c.updated_by,
  };
}

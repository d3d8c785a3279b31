import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { AuthUser } from '../auth/auth-user';
import { caseNotFound } from './case-access';
import { canViewCase } from './case-access-policy';
import type { BasisRef, CaseAggregate } from './case-aggregate';
import { resolveCaseContent, validateCaseContent, type CaseContentInput } from './case-content-validation';
import { CaseFile } from './case-file.entity';
import { indexCaseSearch } from './case-search-index';
import { CaseItemColumn, CaseItemRow, CaseLegalBasis, CaseRelation, CaseSection } from './case-parts.entity';
import { CaseErrors } from './cases.errors';
import { procedureOf } from './assessment';
import type { SectionDto } from './dto/section.dto';
import { loadStoredParts } from './stored-parts';

function pick<T extends object, K extends keyof T>(obj: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** DTO instance → plain JSON object for the jsonb payload. */
function toPlain(s: SectionDto): Record<string, unknown> {
  return JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
}

/**
 * Checks every reference of the content (all problems at once) and writes the parts given.
 * Nothing is written when a check fails (the caller's transaction rolls back).
 */
export async function writeCaseContent(
  m: EntityManager,
  row: CaseFile,
  dto: CaseContentInput,
  user: AuthUser,
): Promise<CaseAggregate> {
  const caseId = row.id;
  const stored = await loadStoredParts(m, caseId, {
    basisIds: [...(dto.legalBasisIds ?? []), ...(dto.sections ?? []).map((s) => s.legalBasisId)],
    clauseSetVersionIds: (dto.sections ?? []).map((s) =>
      s.kind === 'outsourcing' ? (s.clauseSetVersionId ?? null) : null,
    ),
  });
  const relatedIds = dto.relatedCaseIds;
  const visibleRelatedIds = new Set<string>();
  if (relatedIds?.length)
    for (const r of await m.find(CaseFile, { where: { id: In(relatedIds) } }))
      if (await canViewCase(m, user, r)) visibleRelatedIds.add(r.id);
  const errors = validateCaseContent(dto, { caseId, stored, visibleRelatedIds });
  if (errors.length) throw CaseErrors.invalidContent(errors);
  const { basisIds, basisById, sections, reordered, columns, rows } = resolveCaseContent(dto, stored);
  const curSectionIds = new Set(stored.sections.map((s) => s.id));

  // write
  if (dto.title !== undefined) row.title = dto.title;
  if (dto.confidentialityLevel !== undefined) row.confidentialityLevel = dto.confidentialityLevel;
  if (dto.contact) Object.assign(row, pick(dto.contact, ['sectionName', 'contactName', 'extension']));
  if (dto.overview)
    Object.assign(
      row,
      pick(dto.overview, [
        'businessName',
        'businessDepartment',
        'purpose',
        'targetPersons',
        'businessContent',
        'background',
      ]),
    );
  if (dto.retroactive !== undefined) row.retroactive = dto.retroactive;
  if (dto.retroactiveReason !== undefined) row.retroactiveReason = dto.retroactiveReason;
  if (dto.relatedNote !== undefined) row.relatedNote = dto.relatedNote;
  if (dto.securityMeasures !== undefined) row.securityMeasures = dto.securityMeasures;
  if (dto.securityMeasuresIntro !== undefined) row.securityMeasuresIntro = dto.securityMeasuresIntro;
  row.procedure = procedureOf(basisIds.map((bid) => basisById.get(bid)).filter((b): b is BasisRef => !!b));
  row.updatedById = user.id;
  // Every save raises the version, also one that only touches child rows (sheets, their order,
  // items): optimistic locking relies on it. One UPDATE (save() would read the row again first).
  const [saved] = (
    await m
      .createQueryBuilder()
      .update(CaseFile)
      .set({
        title: row.title,
        confidentialityLevel: row.confidentialityLevel,
        sectionName: row.sectionName,
        contactName: row.contactName,
        extension: row.extension,
        businessName: row.businessName,
        businessDepartment: row.businessDepartment,
        purpose: row.purpose,
        targetPersons: row.targetPersons,
        businessContent: row.businessContent,
        background: row.background,
        retroactive: row.retroactive,
        retroactiveReason: row.retroactiveReason,
        relatedNote: row.relatedNote,
        securityMeasures: row.securityMeasures,
        securityMeasuresIntro: row.securityMeasuresIntro,
        procedure: row.procedure,
        updatedById: row.updatedById,
      })
      .where('id = :id', { id: caseId })
      .returning(['version', 'updated_at'])
      .execute()
  ).raw as { version: number; updated_at: Date }[];
  row.version = saved.version;
  row.updatedAt = saved.updated_at;

  if (dto.legalBasisIds) {
    await m.delete(CaseLegalBasis, { caseId });
    if (basisIds.length)
      await m.insert(
        CaseLegalBasis,
        basisIds.map((legalBasisId, position) => ({ caseId, legalBasisId, position })),
      );
  }
  if (dto.sections || reordered) {
    const keep = curSectionIds;
    await m.delete(CaseSection, { caseId });
    if (sections.length)
      await m.insert(
        CaseSection,
        sections.map((s, position) => {
          const { id, kind, legalBasisId, ...fields } = toPlain(s);
          return {
            id: typeof id === 'string' && keep.has(id) ? id : randomUUID(),
            caseId,
            position,
            kind: kind as SectionDto['kind'],
            legalBasisId: legalBasisId as string,
            clauseSetVersionId: (fields.clauseSetVersionId as string | null | undefined) ?? null,
            payload: fields,
          } as QueryDeepPartialEntity<CaseSection>;
        }),
      );
  }
  if (dto.items) {
    const keep = new Set(stored.rowIds);
    await m.delete(CaseItemColumn, { caseId });
    await m.delete(CaseItemRow, { caseId });
    if (columns.length)
      await m.insert(
        CaseItemColumn,
        columns.map((c, position) => ({
          caseId,
          key: c.key,
          label: c.label,
          groupLabel: c.groupLabel ?? '',
          sensitive: c.sensitive ?? false,
          myNumber: c.myNumber ?? false,
          position,
        })),
      );
    if (rows.length)
      await m.insert(
        CaseItemRow,
        rows.map((r, position) => ({
          id: r.id && keep.has(r.id) ? r.id : randomUUID(),
          caseId,
          position,
          departmentBusiness: r.departmentBusiness ?? '',
          procedureName: r.procedureName ?? '',
          cells: Object.fromEntries(Object.entries(r.cells ?? {}).filter(([, v]) => v)),
          otherItems: r.otherItems ?? '',
          note: r.note ?? '',
        })),
      );
  }
  if (relatedIds) {
    await m.delete(CaseRelation, { caseId });
    if (relatedIds.length)
      await m.insert(
        CaseRelation,
        relatedIds.map((relatedCaseId, position) => ({ caseId, relatedCaseId, position })),
      );
  }
  return refreshSearch(m, caseId, stored.searchDigest);
}

/** The case as saved, and its search text brought up to date. */
async function refreshSearch(
  m: EntityManager,
  caseId: string,
  storedDigest: string | null,
): Promise<CaseAggregate> {
  const c = await indexCaseSearch(m, caseId, storedDigest);
  if (!c) throw caseNotFound();
  return c;
}

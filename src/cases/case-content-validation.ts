import type { FieldError } from '../common/errors/app-error';
import type { BasisRef } from './case-aggregate';
import { OUTSOURCING_SUBTYPE_LABELS, SECTION_KIND_LABELS } from './case-kinds';
import type { CaseContentDto, ItemColumnDto, ItemRowDto } from './dto/case-input.dto';
import type { SectionDto } from './dto/section.dto';
import type { StoredParts } from './stored-parts';

/** What a save sends: any part of the content, or only a new order of the stored sheets. */
export type CaseContentInput = CaseContentDto & { sectionOrder?: string[] };

/** The stored parts the checks compare a save with. */
export type StoredContent = Pick<
  StoredParts,
  'basisIds' | 'sections' | 'columnKeys' | 'bases' | 'clauseSetVersions'
>;

/** The content after a save: the parts it sends, the others as stored. */
export interface ResolvedCaseContent {
  basisIds: string[];
  basisById: Map<string, BasisRef>;
  sections: SectionDto[];
  /** The stored sheets' ids in their new order, when the save only reorders them. */
  reordered: string[] | null;
  /** The item list the save sends (empty when it sends none). */
  columns: ItemColumnDto[];
  rows: ItemRowDto[];
}

export function resolveCaseContent(dto: CaseContentInput, stored: StoredContent): ResolvedCaseContent {
  const curSectionIds = new Set(stored.sections.map((s) => s.id));
  const order = dto.sectionOrder;
  const reordered = order && !dto.sections ? order.filter((sid) => curSectionIds.has(sid)) : null;
  const kept = reordered
    ? reordered.map((sid) => stored.sections.find((s) => s.id === sid)!)
    : stored.sections;
  return {
    basisIds: dto.legalBasisIds ?? stored.basisIds,
    basisById: new Map(stored.bases.map((b) => [b.id, b])),
    sections:
      dto.sections ??
      kept.map((s) => ({ ...s.payload, id: s.id, kind: s.kind, legalBasisId: s.legalBasisId }) as SectionDto),
    reordered,
    columns: dto.items?.columns ?? [],
    rows: dto.items?.rows ?? [],
  };
}

/**
 * Every problem of a save's references, all at once, by field: sheet order, legal bases, the item
 * list, the sheets and related cases. Pure: the caller loads what is stored and which of the
 * related cases the user may see.
 */
export function validateCaseContent(
  dto: CaseContentInput,
  ctx: { caseId: string; stored: StoredContent; visibleRelatedIds: ReadonlySet<string> },
): FieldError[] {
  const { caseId, stored } = ctx;
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => {
    const e = errors.find((x) => x.field === field);
    if (e) e.messages.push(message);
    else errors.push({ field, messages: [message] });
  };
  const curSections = stored.sections;
  const curBasisIds = stored.basisIds;
  const { basisIds, basisById, sections, columns, rows } = resolveCaseContent(dto, stored);

  // sheet order: ids of existing sheets keep them (and their place in diffs); each sheet once
  const curSectionIds = new Set(curSections.map((s) => s.id));
  (dto.sections ?? []).forEach((s, i) => {
    if (s.id && dto.sections!.findIndex((x) => x.id === s.id) !== i)
      err(`sections[${i}].id`, '同じ別紙が重複しています');
  });
  const order = dto.sectionOrder;
  if (order) {
    if (dto.sections)
      err(
        'sectionOrder',
        '別紙の内容（sections）と並び順（sectionOrder）は同時に指定できません。sections の並びがそのまま順序になります',
      );
    order.forEach((sid, i) => {
      if (!curSectionIds.has(sid))
        err(`sectionOrder[${i}]`, 'この事案にない別紙です。画面を再読み込みしてから並べ替えてください');
      else if (order.indexOf(sid) !== i) err(`sectionOrder[${i}]`, '同じ別紙が重複しています');
    });
    const missing = curSections
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => !order.includes(s.id))
      .map(({ s, i }) => `別紙${i + 1}（${SECTION_KIND_LABELS[s.kind]}）`);
    if (missing.length)
      err('sectionOrder', `すべての別紙を並べてください。足りない別紙: ${missing.join('、')}`);
  }

  // legal bases
  basisIds.forEach((bid, i) => {
    const b = basisById.get(bid);
    if (!b) err(`legalBasisIds[${i}]`, '存在しない条例の根拠です');
    else if (b.retired && !curBasisIds.includes(bid))
      err(
        `legalBasisIds[${i}]`,
        `「${b.article}（${b.shortName}）」は廃止された根拠のため、新たに選べません`,
      );
    if (basisIds.indexOf(bid) !== i) err(`legalBasisIds[${i}]`, '同じ根拠が重複しています');
  });

  // item list
  // (stored rows were checked against the stored columns when they were saved)
  const columnKeys = new Set<string>(dto.items ? [] : stored.columnKeys);
  columns.forEach((c, i) => {
    if (columnKeys.has(c.key)) err(`items.columns[${i}].key`, `列キー「${c.key}」が重複しています`);
    columnKeys.add(c.key);
  });
  rows.forEach((r, i) => {
    for (const k of Object.keys(r.cells ?? {}))
      if (!columnKeys.has(k)) err(`items.rows[${i}].cells`, `「${k}」は個人情報項目一覧にない項目です`);
  });

  // sections
  const versions = stored.clauseSetVersions;
  sections.forEach((s, i) => {
    const at = (f: string) => `sections[${i}].${f}`;
    const b = basisById.get(s.legalBasisId);
    if (!b) err(at('legalBasisId'), '存在しない条例の根拠です');
    else if (!basisIds.includes(s.legalBasisId))
      err(at('legalBasisId'), `「${b.article}（${b.shortName}）」はこの事案の条例の根拠に選ばれていません`);
    else if (b.sectionKind !== s.kind)
      err(
        at('kind'),
        `「${b.article}（${b.shortName}）」に必要な別紙は「${SECTION_KIND_LABELS[b.sectionKind]}」です。「${SECTION_KIND_LABELS[s.kind]}」の別紙は付けられません`,
      );
    if (s.kind === 'outsourcing') {
      if (s.subtype && b && b.outsourcingSubtypes.length && !b.outsourcingSubtypes.includes(s.subtype))
        err(
          at('subtype'),
          `「${OUTSOURCING_SUBTYPE_LABELS[s.subtype]}」は「${b.article}」の委託の種類にありません`,
        );
      if (s.clauseSetVersionId) {
        const v = versions.find((x) => x.id === s.clauseSetVersionId);
        if (!v) err(at('clauseSetVersionId'), '存在しない特記事項の版です');
        else
          (s.clauseDeviations ?? []).forEach((d, j) => {
            if (!v.clauses.some((c) => c.number === d.clauseNumber))
              err(at(`clauseDeviations[${j}].clauseNumber`), `特記事項に第${d.clauseNumber}項はありません`);
          });
      } else if ((s.clauseDeviations ?? []).length) {
        err(at('clauseDeviations'), '特記事項を選んでから、取扱いの変更を記入してください');
      }
    }
    (s.itemKeys ?? []).forEach((k, j) => {
      if (!columnKeys.has(k)) err(at(`itemKeys[${j}]`), `個人情報項目一覧に「${k}」の項目がありません`);
    });
  });

  // related cases
  const relatedIds = dto.relatedCaseIds;
  if (relatedIds) {
    relatedIds.forEach((rid, i) => {
      if (rid === caseId) err(`relatedCaseIds[${i}]`, '自分自身は関連事案にできません');
      else if (!ctx.visibleRelatedIds.has(rid)) err(`relatedCaseIds[${i}]`, '存在しない事案です');
      if (relatedIds.indexOf(rid) !== i) err(`relatedCaseIds[${i}]`, '同じ事案が重複しています');
    });
  }
  return errors;
}

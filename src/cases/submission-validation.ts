import type { FieldError } from '../common/errors/app-error';
import { OUTSOURCING_SUBTYPE_LABELS, type OutsourcingSubtype, type SectionKind } from './case-kinds';
import type { CaseAggregate, SectionData } from './case-aggregate';
import { CASE_FIELD_LABELS, sectionFieldLabel } from './field-labels';

/** Fields a sheet must have filled before submission, by kind (dotted paths into the section). */
export const REQUIRED_SECTION_FIELDS: Record<SectionKind, string[]> = {
  processing: [
    'holdingDepartment',
    'businessName',
    'recordedItems',
    'recordingComputer',
    'reason',
    'content',
    'outsourcedDevelopmentProtection',
    'timing',
  ],
  externalConnection: [
    'holdingDepartment',
    'businessName',
    'connectedItems',
    'partner',
    'reason',
    'connectionForm',
    'start',
    'period',
    'protectionMeasures',
  ],
  outsourcing: [
    'holdingDepartment',
    'businessName',
    'subtype',
    'vendor.name',
    'handledItems',
    'reason',
    'scope',
    'start',
    'term',
    'municipalityMeasures',
    'vendorMeasures',
    'clauseSetVersionId',
  ],
  purposeExtension: [
    'holdingDepartment',
    'businessName',
    'informationContent',
    'source',
    'recipient',
    'reason',
    'legalGround',
    'period',
  ],
};

const REQUIRED_CASE_FIELDS = [
  'title',
  'contact.sectionName',
  'contact.contactName',
  'contact.extension',
  'overview.businessName',
  'overview.businessDepartment',
  'overview.purpose',
  'overview.targetPersons',
  'overview.businessContent',
];

export function valueAt(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as never)[k] : undefined), obj);
}

const blank = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0);

/**
 * Everything that stops a case from being submitted, all at once, each pointing at its field.
 * Drafts may be incomplete; this runs when the department submits (called by the workflow).
 */
export function validateCaseForSubmission(c: CaseAggregate): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => {
    const existing = errors.find((e) => e.field === field);
    if (existing) existing.messages.push(message);
    else errors.push({ field, messages: [message] });
  };

  for (const path of REQUIRED_CASE_FIELDS) {
    if (blank(valueAt(c, path))) add(path, `「${CASE_FIELD_LABELS[path]}」を入力してください`);
  }
  if (c.retroactive && blank(c.retroactiveReason))
    add('retroactiveReason', '事後諮問の場合は、その理由を入力してください');

  if (c.legalBases.length === 0) add('legalBasisIds', '条例の根拠を 1 つ以上選んでください');
  c.legalBases.forEach((b, i) => {
    if (!c.sections.some((s) => s.legalBasisId === b.id))
      add(
        `legalBasisIds[${i}]`,
        `「${b.article}（${b.shortName}）」の別紙がありません。別紙を追加して記入してください`,
      );
  });

  const columnKeys = new Set(c.items.columns.map((col) => col.key));
  c.sections.forEach((s, i) => validateSection(s, i, c, columnKeys, add));

  if (c.sections.length > 0) {
    if (c.items.columns.length === 0)
      add('items.columns', '個人情報項目一覧の項目（列）を 1 つ以上設けてください');
    if (c.items.rows.length === 0)
      add('items.rows', '個人情報項目一覧（付属資料1）に手続を 1 件以上入力してください');
  }
  c.items.rows.forEach((r, i) => {
    if (blank(r.procedureName)) add(`items.rows[${i}].procedureName`, '「申請手続名」を入力してください');
    if (blank(r.departmentBusiness))
      add(`items.rows[${i}].departmentBusiness`, '「担当課/業務名」を入力してください');
    const marked = Object.entries(r.cells).some(([k, v]) => v && columnKeys.has(k));
    if (!marked && blank(r.otherItems))
      add(`items.rows[${i}].cells`, '取り扱う項目に ◎ または ○ を付けてください');
  });
  c.securityMeasures.forEach((m, i) => {
    if (blank(m)) add(`securityMeasures[${i}]`, '空の安全対策があります。入力するか削除してください');
  });
  return errors;
}

function validateSection(
  s: SectionData,
  i: number,
  c: CaseAggregate,
  columnKeys: Set<string>,
  add: (field: string, message: string) => void,
): void {
  const at = (p: string) => `sections[${i}].${p}`;
  const f = s.fields;
  const basis = c.legalBases.find((b) => b.id === s.legalBasisId);
  if (!basis) add(at('legalBasisId'), 'この別紙の条例の根拠が事案の根拠に含まれていません');
  else if (basis.sectionKind !== s.kind)
    add(at('kind'), `「${basis.article}」に必要な別紙の種類ではありません`);

  for (const path of REQUIRED_SECTION_FIELDS[s.kind]) {
    if (s.kind === 'externalConnection' && path === 'connectedItems' && !blank(f.itemKeys)) continue;
    if (s.kind === 'outsourcing' && path === 'handledItems' && !blank(f.itemKeys)) continue;
    if (blank(valueAt(f, path))) add(at(path), `「${sectionFieldLabel(s.kind, path)}」を入力してください`);
  }
  if (s.kind === 'processing' && blank(f.individualsScope) && blank(f.groupsScope))
    add(at('individualsScope'), '記録される情報項目の「個人の範囲」または「団体の範囲」を入力してください');
  if (s.kind === 'externalConnection' && f.connectionForm === 'other' && blank(f.connectionDetail))
    add(at('connectionDetail'), '結合の形態が「その他」の場合は、その内容を入力してください');
  if (s.kind === 'outsourcing') {
    const subtype = f.subtype as OutsourcingSubtype | null | undefined;
    if (subtype && basis && basis.outsourcingSubtypes.length && !basis.outsourcingSubtypes.includes(subtype))
      add(
        at('subtype'),
        `「${OUTSOURCING_SUBTYPE_LABELS[subtype]}」は「${basis.article}」の対象ではありません`,
      );
    if (valueAt(f, 'reOutsourcing.planned') === true) {
      for (const p of ['reOutsourcing.vendor.name', 'reOutsourcing.scope', 'reOutsourcing.approval']) {
        if (blank(valueAt(f, p)))
          add(at(p), `再委託する場合は「${sectionFieldLabel('outsourcing', p)}」を入力してください`);
      }
    }
    const deviations = (f.clauseDeviations as { reason?: string; description?: string }[] | undefined) ?? [];
    deviations.forEach((d, j) => {
      if (blank(d.description))
        add(at(`clauseDeviations[${j}].description`), '特記事項の取扱いの内容を入力してください');
      if (blank(d.reason))
        add(at(`clauseDeviations[${j}].reason`), '特記事項の取扱いを変える理由を入力してください');
    });
  }
  ((f.itemKeys as string[] | undefined) ?? []).forEach((k, j) => {
    if (!columnKeys.has(k)) add(at(`itemKeys[${j}]`), `個人情報項目一覧に「${k}」の項目がありません`);
  });
}

import {
  CELL_MARKS,
  CONNECTION_FORM_LABELS,
  OUTSOURCING_SUBTYPE_LABELS,
  SECTION_KIND_LABELS,
  type ConnectionForm,
  type OutsourcingSubtype,
} from './case-kinds';
import type { CaseAggregate } from './case-aggregate';
import { CASE_FIELD_LABELS, sectionFieldLabel } from './field-labels';

export interface DiffEntry {
  /** Stable path (ids, not positions, for sections, rows and attachments). */
  path: string;
  /** Where it is, in Japanese (e.g. 別紙3（委託） › 委託先：代表企業). */
  label: string;
  change: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
}

interface Flat {
  label: string;
  value: string;
  /** The record this value belongs to: when the whole record is new or gone, only it is reported. */
  parent?: string;
}

const yesNo = (v: unknown) => (v ? 'あり' : 'なし');
const str = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(str).filter(Boolean).join('、');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

function flattenCase(c: CaseAggregate): Map<string, Flat> {
  const out = new Map<string, Flat>();
  const put = (path: string, label: string, value: string, parent?: string) =>
    out.set(path, { label, value, parent });

  put('title', CASE_FIELD_LABELS.title, c.title);
  put('confidentialityLevel', '機密性', `機密性${c.confidentialityLevel}`);
  for (const [k, v] of Object.entries(c.contact))
    put(`contact.${k}`, CASE_FIELD_LABELS[`contact.${k}`] ?? k, v);
  for (const [k, v] of Object.entries(c.overview))
    put(`overview.${k}`, `事業の概要 › ${CASE_FIELD_LABELS[`overview.${k}`] ?? k}`, v);
  put('retroactive', '事後諮問', yesNo(c.retroactive));
  put('retroactiveReason', CASE_FIELD_LABELS.retroactiveReason, c.retroactiveReason);
  put('relatedNote', CASE_FIELD_LABELS.relatedNote, c.relatedNote);
  for (const r of c.related) put(`related.${r.id}`, '関連事案', r.title);
  for (const b of c.legalBases) put(`legalBases.${b.id}`, '条例の根拠', `${b.article}（${b.shortName}）`);

  const columnLabel = new Map(c.items.columns.map((col) => [col.key, col.label]));
  c.sections.forEach((s, i) => {
    const key = `sections.${s.id}`;
    const prefix = `別紙${i + 1}（${SECTION_KIND_LABELS[s.kind]}）`;
    put(key, prefix, str(s.fields.sheetTitle) || str(s.fields.businessName) || SECTION_KIND_LABELS[s.kind]);
    const visit = (obj: Record<string, unknown>, path: string) => {
      for (const [k, v] of Object.entries(obj)) {
        const p = path ? `${path}.${k}` : k;
        if (k === 'clauseSetVersionId') continue;
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          visit(v as Record<string, unknown>, p);
          continue;
        }
        let value = str(v);
        if (k === 'itemKeys') value = ((v as string[]) ?? []).map((x) => columnLabel.get(x) ?? x).join('、');
        if (k === 'subtype' && v) value = OUTSOURCING_SUBTYPE_LABELS[v as OutsourcingSubtype] ?? value;
        if (k === 'connectionForm' && v) value = CONNECTION_FORM_LABELS[v as ConnectionForm] ?? value;
        if (k === 'planned') value = yesNo(v);
        if (k === 'clauseDeviations')
          value = ((v as { clauseNumber: number; description?: string; reason?: string }[]) ?? [])
            .map((d) => `第${d.clauseNumber}項: ${d.description ?? ''}（理由: ${d.reason ?? ''}）`)
            .join(' / ');
        put(`${key}.${p}`, `${prefix} › ${sectionFieldLabel(s.kind, p)}`, value, key);
      }
    };
    visit(s.fields, '');
    if (s.clauseChoice)
      put(
        `${key}.clauseSet`,
        `${prefix} › 特記事項`,
        `${s.clauseChoice.name} 第${s.clauseChoice.versionNumber}版`,
        key,
      );
  });

  for (const col of c.items.columns) {
    const flags = [col.sensitive ? '要配慮' : '', col.myNumber ? 'マイナンバー' : ''].filter(Boolean);
    put(
      `items.columns.${col.key}`,
      '個人情報項目一覧 › 項目',
      `${col.label}${flags.length ? `（${flags.join('・')}）` : ''}`,
    );
  }
  for (const r of c.items.rows) {
    const key = `items.rows.${r.id}`;
    const name = r.procedureName || r.departmentBusiness || '（名称なし）';
    put(key, '個人情報項目一覧 › 手続', name);
    put(
      `${key}.departmentBusiness`,
      `個人情報項目一覧 › 「${name}」 › 担当課/業務名`,
      r.departmentBusiness,
      key,
    );
    put(`${key}.procedureName`, `個人情報項目一覧 › 「${name}」 › 申請手続名`, r.procedureName, key);
    put(`${key}.otherItems`, `個人情報項目一覧 › 「${name}」 › その他の項目`, r.otherItems, key);
    put(`${key}.note`, `個人情報項目一覧 › 「${name}」 › 備考`, r.note, key);
    const keys = new Set([...c.items.columns.map((col) => col.key), ...Object.keys(r.cells)]);
    for (const k of keys) {
      const v = r.cells[k];
      put(
        `${key}.cells.${k}`,
        `個人情報項目一覧 › 「${name}」 › ${columnLabel.get(k) ?? k}`,
        v ? CELL_MARKS[v] : '',
        key,
      );
    }
  }
  put('securityMeasuresIntro', CASE_FIELD_LABELS.securityMeasuresIntro, c.securityMeasuresIntro ?? '');
  c.securityMeasures.forEach((m, i) => put(`securityMeasures[${i}]`, `システム安全対策 ${i + 1}`, m));
  for (const a of c.attachments)
    put(
      `attachments.${a.id}`,
      `添付資料${a.materialLabel ? `（${a.materialLabel}）` : ''}`,
      `${a.title}（${a.fileName}）`,
    );
  return out;
}

/** 別紙1 電子計算機の外部結合「…」 / 別紙2 委託「…」 */
const sheetList = (c: CaseAggregate) =>
  c.sections
    .map((s, i) => {
      const name = str(s.fields.sheetTitle) || str(s.fields.businessName);
      return `別紙${i + 1} ${SECTION_KIND_LABELS[s.kind]}${name ? `「${name}」` : ''}`;
    })
    .join(' / ');

/**
 * Sheets are keyed by id, so moving one changes no field; the order (別紙N) is reported on its own when
 * the sheets both versions have stand in another order. Added or removed sheets are reported as such.
 */
function sheetOrderChange(from: CaseAggregate, to: CaseAggregate): DiffEntry | null {
  const inTo = new Set(to.sections.map((s) => s.id));
  const common = new Set(from.sections.filter((s) => inTo.has(s.id)).map((s) => s.id));
  const before = from.sections.filter((s) => common.has(s.id)).map((s) => s.id);
  const after = to.sections.filter((s) => common.has(s.id)).map((s) => s.id);
  if (before.every((id, i) => after[i] === id)) return null;
  return {
    path: 'sections.order',
    label: '別紙の並び順',
    change: 'changed',
    before: sheetList(from),
    after: sheetList(to),
  };
}

/** Field-level changes between two versions of a case, in document order of the later one. */
export function diffCases(from: CaseAggregate, to: CaseAggregate): DiffEntry[] {
  const a = flattenCase(from);
  const b = flattenCase(to);
  const out: DiffEntry[] = [];
  const emptyish = (v: string | undefined) => v === undefined || v === '';
  for (const [path, after] of b) {
    const before = a.get(path);
    if (after.parent && !a.has(after.parent)) continue; // reported with its new parent
    if (!before) {
      if (after.parent && emptyish(after.value)) continue;
      out.push({ path, label: after.label, change: 'added', before: null, after: after.value });
    } else if (before.value !== after.value) {
      const change = emptyish(before.value) ? 'added' : emptyish(after.value) ? 'removed' : 'changed';
      out.push({ path, label: after.label, change, before: before.value, after: after.value });
    }
  }
  for (const [path, before] of a) {
    if (b.has(path)) continue;
    if (before.parent && !b.has(before.parent)) continue;
    if (before.parent && emptyish(before.value)) continue;
    out.push({ path, label: before.label, change: 'removed', before: before.value, after: null });
  }
  const moved = sheetOrderChange(from, to);
  if (moved) {
    const at = out.findIndex((e) => e.path.startsWith('sections.'));
    out.splice(at < 0 ? out.length : at, 0, moved);
  }
  return out;
}

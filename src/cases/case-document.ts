import type { CaseAggregate, SectionData } from './case-aggregate';
import {
  BASIS_PROCEDURE_LABELS,
  BASIS_PROCEDURES,
  CELL_MARKS,
  CONNECTION_FORM_LABELS,
  OUTSOURCING_SUBTYPE_LABELS,
  SECTION_KIND_LABELS,
  type BasisProcedure,
  type ConnectionForm,
  type OutsourcingSubtype,
} from './case-kinds';
import { SECTION_FIELD_LABELS, COMMON_SECTION_LABELS } from './field-labels';

export interface LabelValue {
  label: string;
  value: string;
}

/**
 * The case document (諮問事案書) as plain strings and arrays, in the order of the paper form.
 * The PDF renderer maps this to its own view; nothing here is HTML (texts print verbatim).
 */
export interface CaseDocumentData {
  confidentiality: string;
  cover: {
    title: string;
    receiptNumber: string;
    basisGroups: { label: string; bases: string[] }[];
    department: string;
    sectionName: string;
    contactName: string;
    extension: string;
    retroactive: string;
    related: string[];
  };
  overview: LabelValue[];
  background: LabelValue | null;
  /** In sheet order; `mark` is the sheet's number on the paper (別紙1, 別紙2…). */
  sections: { mark: string; heading: string; title: string; fields: LabelValue[] }[];
  itemGrid: {
    legend: string;
    groups: { label: string; span: number }[];
    columns: { key: string; label: string; flags: string[] }[];
    rows: {
      no: number;
      departmentBusiness: string;
      procedureName: string;
      cells: string[];
      otherItems: string;
      note: string;
    }[];
  };
  measuresIntro: string;
  measures: { no: number; text: string }[];
  attachments: { label: string; title: string; fileName: string }[];
  clauses: {
    section: string;
    setName: string;
    version: string;
    clauses: { number: number; heading: string; text: string }[];
    deviations: { clauseNumber: number; heading: string; description: string; reason: string }[];
  }[];
}

const text = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);

function sectionFields(s: SectionData, c: CaseAggregate): LabelValue[] {
  const f = s.fields;
  const labels = SECTION_FIELD_LABELS[s.kind];
  const colLabel = new Map(c.items.columns.map((col) => [col.key, col.label]));
  const itemNames = ((f.itemKeys as string[] | undefined) ?? []).map((k) => colLabel.get(k) ?? k).join('、');
  const out: LabelValue[] = [
    { label: COMMON_SECTION_LABELS.holdingDepartment, value: text(f.holdingDepartment) },
    { label: COMMON_SECTION_LABELS.businessName, value: text(f.businessName) },
  ];
  const get = (path: string) =>
    path
      .split('.')
      .reduce<unknown>(
        (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
        f,
      );
  for (const path of Object.keys(labels)) {
    if (path === 'clauseSetVersionId' || path === 'clauseDeviations') continue;
    let value = get(path);
    // Without a plan the re-outsourcing rows are left out, except what the clerk typed there.
    if (
      path.startsWith('reOutsourcing.') &&
      get('reOutsourcing.planned') !== true &&
      path !== 'reOutsourcing.planned' &&
      !(Array.isArray(value) ? value.length : text(value).trim())
    )
      continue;
    if (path === 'subtype') value = value ? OUTSOURCING_SUBTYPE_LABELS[value as OutsourcingSubtype] : '';
    if (path === 'connectionForm') value = value ? CONNECTION_FORM_LABELS[value as ConnectionForm] : '';
    if (path === 'reOutsourcing.planned') value = value === true ? 'あり' : 'なし';
    if (Array.isArray(value)) value = value.join('、');
    let v = text(value);
    if (itemNames && (path === 'connectedItems' || path === 'handledItems' || path === 'recordedItems'))
      v = [v, `（付属資料1の項目: ${itemNames}）`].filter(Boolean).join('\n');
    out.push({ label: labels[path], value: v });
  }
  if (text(f.note)) out.push({ label: COMMON_SECTION_LABELS.note, value: text(f.note) });
  if (s.clauseChoice)
    out.push({
      label: '特記事項',
      value: `別紙「${s.clauseChoice.name}」を付す（第${s.clauseChoice.versionNumber}版）`,
    });
  return out;
}

/**
 * The name printed after an article on the cover. An outsourcing article names the kinds of outsourcing
 * its sheets chose (第14条第1項（個人情報の電子計算機処理の委託）); with no kind chosen it names every
 * kind the article covers, as the paper form's heading does. Kinds follow the catalog's order.
 */
function coverName(b: CaseAggregate['legalBases'][number], c: CaseAggregate): string {
  if (!b.outsourcingSubtypes.length) return b.shortName;
  const chosen = new Set(
    c.sections
      .filter((s) => s.legalBasisId === b.id && s.kind === 'outsourcing' && s.fields.subtype)
      .map((s) => s.fields.subtype as OutsourcingSubtype),
  );
  const kinds = b.outsourcingSubtypes.filter((k) => !chosen.size || chosen.has(k));
  // A kind outside the article's list is refused on save; left out here rather than printed oddly.
  return kinds.length ? kinds.map((k) => OUTSOURCING_SUBTYPE_LABELS[k]).join('、') : b.shortName;
}

export interface CoverBasis {
  procedure: BasisProcedure;
  article: string;
  name: string;
}

/**
 * The legal bases of the cover, in the order of the sheets (別紙1's article first, as on the papers);
 * an article without a sheet follows in the order it was chosen.
 */
export function coverBases(c: CaseAggregate): CoverBasis[] {
  const firstSheet = (id: string) => {
    const i = c.sections.findIndex((s) => s.legalBasisId === id);
    return i < 0 ? c.sections.length : i;
  };
  return c.legalBases
    .map((b, i) => ({ b, i }))
    .sort((x, y) => firstSheet(x.b.id) - firstSheet(y.b.id) || x.i - y.i)
    .map(({ b }) => ({ procedure: b.procedure, article: b.article, name: coverName(b, c) }));
}

export function toCaseDocumentData(c: CaseAggregate): CaseDocumentData {
  const basisText = (id: string) => {
    const b = c.legalBases.find((x) => x.id === id);
    return b ? `${b.article}（${b.shortName}）` : '';
  };
  const groups: { label: string; span: number }[] = [];
  for (const col of c.items.columns) {
    const last = groups[groups.length - 1];
    if (last && last.label === col.groupLabel) last.span++;
    else groups.push({ label: col.groupLabel, span: 1 });
  }
  return {
    confidentiality: `機密性${c.confidentialityLevel}`,
    cover: {
      title: c.title,
      receiptNumber: c.receiptNumber ?? '',
      basisGroups: BASIS_PROCEDURES.map((p) => ({
        label: BASIS_PROCEDURE_LABELS[p],
        bases: coverBases(c)
          .filter((b) => b.procedure === p)
          .map((b) => `${b.article}（${b.name}）`),
      })).filter((g) => g.bases.length > 0),
      department: `${c.departmentDivision ?? ''}${c.departmentName}`,
      sectionName: c.contact.sectionName,
      contactName: c.contact.contactName,
      extension: c.contact.extension,
      retroactive: c.retroactive ? `事後諮問: ${c.retroactiveReason}` : '',
      related: c.related.map((r) => r.title),
    },
    overview: [
      { label: '事業名', value: c.overview.businessName },
      { label: '担当課', value: c.overview.businessDepartment },
      { label: '目的', value: c.overview.purpose },
      { label: '対象者', value: c.overview.targetPersons },
      { label: '事業内容', value: c.overview.businessContent },
    ],
    background: c.overview.background ? { label: '導入の理由・経緯', value: c.overview.background } : null,
    sections: c.sections.map((s, i) => {
      const b = c.legalBases.find((x) => x.id === s.legalBasisId);
      const kindLabel =
        s.kind === 'outsourcing' && s.fields.subtype
          ? OUTSOURCING_SUBTYPE_LABELS[s.fields.subtype as OutsourcingSubtype]
          : SECTION_KIND_LABELS[s.kind];
      return {
        mark: `別紙${i + 1}`,
        heading: `◆${kindLabel}（${b?.article ?? ''}）・・・${b ? (b.procedure === 'consultation' ? '諮問事項' : BASIS_PROCEDURE_LABELS[b.procedure]) : ''}`,
        title: text(s.fields.sheetTitle) || c.title,
        fields: sectionFields(s, c),
      };
    }),
    itemGrid: {
      legend: '◎＝入力必須項目、○＝入力任意項目',
      groups,
      columns: c.items.columns.map((col) => ({
        key: col.key,
        label: col.label,
        flags: [col.sensitive ? '要配慮' : '', col.myNumber ? 'マイナンバー' : ''].filter(Boolean),
      })),
      rows: c.items.rows.map((r, i) => ({
        no: i + 1,
        departmentBusiness: r.departmentBusiness,
        procedureName: r.procedureName,
        cells: c.items.columns.map((col) => {
          const v = r.cells[col.key];
          return v ? CELL_MARKS[v] : '';
        }),
        otherItems: r.otherItems,
        note: r.note,
      })),
    },
    measuresIntro: c.securityMeasuresIntro ?? '',
    measures: c.securityMeasures.map((t, i) => ({ no: i + 1, text: t })),
    attachments: c.attachments.map((a) => ({ label: a.materialLabel, title: a.title, fileName: a.fileName })),
    clauses: c.sections
      .filter((s) => s.clauseChoice)
      .map((s) => {
        const choice = s.clauseChoice!;
        const deviations =
          (s.fields.clauseDeviations as { clauseNumber: number; description?: string; reason?: string }[]) ??
          [];
        return {
          section: `${text(s.fields.sheetTitle) || text(s.fields.businessName) || basisText(s.legalBasisId)}`,
          setName: choice.name,
          version: `第${choice.versionNumber}版`,
          clauses: choice.clauses.map((cl) => ({ ...cl })),
          deviations: deviations.map((d) => ({
            clauseNumber: d.clauseNumber,
            heading: choice.clauses.find((cl) => cl.number === d.clauseNumber)?.heading ?? '',
            description: d.description ?? '',
            reason: d.reason ?? '',
          })),
        };
      }),
  };
}

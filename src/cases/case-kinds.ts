import type { CaseState } from '../workflow/case-state-machine';
import { valuesOf } from '../common/label-table';

/** Kinds of section (別紙) a legal basis requires; see GLOSSARY.md "Section kinds". */
export const SECTION_KIND_LABELS = {
  processing: '電子計算機処理の開発・変更',
  externalConnection: '電子計算機の外部結合',
  outsourcing: '委託',
  purposeExtension: '目的外利用・提供',
};
export type SectionKind = keyof typeof SECTION_KIND_LABELS;
export const SECTION_KINDS = valuesOf(SECTION_KIND_LABELS);
/**
 * The order the paper forms put the sheets (別紙1, 別紙2…) in: processing development/change, external
 * connection, outsourcing, purpose extension. The wizard proposes sheets this way; the clerk can reorder.
 */
export const sheetRank = (kind: SectionKind): number => SECTION_KINDS.indexOf(kind);

/** What a legal basis makes of the case: 諮問, 事前報告 or 報告. */
export const BASIS_PROCEDURE_LABELS = {
  consultation: '諮問',
  priorReport: '事前報告',
  report: '報告',
};
export type BasisProcedure = keyof typeof BASIS_PROCEDURE_LABELS;
export const BASIS_PROCEDURES = valuesOf(BASIS_PROCEDURE_LABELS);

export const OUTSOURCING_SUBTYPE_LABELS = {
  computerProcessing: '個人情報の電子計算機処理の委託',
  electronicMedia: '電磁的媒体の提供を伴う委託',
  importantData: '重要な個人情報の提供等を伴う委託',
  designatedManager: '指定管理者に公の施設の管理を行わせる',
  reOutsourcing: '再委託',
  dispatchedWorkers: '派遣労働者を受け入れる',
};
export type OutsourcingSubtype = keyof typeof OUTSOURCING_SUBTYPE_LABELS;
export const OUTSOURCING_SUBTYPES = valuesOf(OUTSOURCING_SUBTYPE_LABELS);

export const CONNECTION_FORM_LABELS = {
  lgwan: 'LGWAN',
  internet: 'インターネット',
  dedicatedLine: '専用線',
  vpn: 'VPN',
  other: 'その他',
};
export type ConnectionForm = keyof typeof CONNECTION_FORM_LABELS;
export const CONNECTION_FORMS = valuesOf(CONNECTION_FORM_LABELS);

/** A cell of the personal-data item list: ◎ required input, ○ optional input, blank. */
export const CELL_VALUES = ['required', 'optional'] as const;
export type CellValue = (typeof CELL_VALUES)[number] | null;
export const CELL_MARKS: Record<'required' | 'optional', string> = { required: '◎', optional: '○' };

/** Content edits are possible while the department holds the case. The workflow owns the states. */
export const EDITABLE_STATUSES: readonly CaseState[] = ['draft', 'sentBack'];

/** The default item columns of 付属資料1, in the order of the paper form. */
export const DEFAULT_ITEM_COLUMNS: { key: string; label: string; groupLabel: string }[] = [
  { key: 'id', label: 'ID', groupLabel: '電子申請に係る項目' },
  { key: 'password', label: 'パスワード', groupLabel: '電子申請に係る項目' },
  { key: 'email', label: 'メールアドレス', groupLabel: '電子申請に係る項目' },
  { key: 'address', label: '住所', groupLabel: '現行（紙による申請）と同じ申請項目' },
  { key: 'name', label: '氏名', groupLabel: '現行（紙による申請）と同じ申請項目' },
  { key: 'phone', label: '電話番号', groupLabel: '現行（紙による申請）と同じ申請項目' },
];

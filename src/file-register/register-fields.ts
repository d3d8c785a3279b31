import { valuesOf } from '../common/label-table';

/**
 * The fields of a register entry: the items 法第75条第1項 takes over from 法第74条第1項
 * (第1号–第7号, 第9号, 第10号) and the file type, as docs/LAW-NOTES.md records.
 */
export const REGISTER_KIND_LABELS = {
  file: '個人情報ファイル簿',
  processing: '個人情報取扱事務登録簿',
};
export type RegisterKind = keyof typeof REGISTER_KIND_LABELS;
export const REGISTER_KINDS = valuesOf(REGISTER_KIND_LABELS);

export const ENTRY_STATUS_LABELS = {
  draft: '作成中',
  published: '公表中',
  abolished: '廃止',
};
export type EntryStatus = keyof typeof ENTRY_STATUS_LABELS;
export const ENTRY_STATUSES = valuesOf(ENTRY_STATUS_LABELS);

export const FILE_TYPE_LABELS = {
  computer: '電子計算機処理ファイル',
  manual: 'マニュアル処理ファイル',
};
export type FileType = keyof typeof FILE_TYPE_LABELS;
export const FILE_TYPES = valuesOf(FILE_TYPE_LABELS);

/** Why an entry is kept but not published (法第75条第2項第1号 via 第74条第2項, 第75条第2項第2号, 第3項). */
export const EXCLUSION_LABELS = {
  under1000: '本人の数が1,000人未満（法第75条第2項第1号）',
  article75_2: '公表済みファイルの範囲内のファイル（法第75条第2項第2号）',
  article75_3: '記載により事務の適正な遂行に著しい支障（法第75条第3項）',
};
export type Exclusion = keyof typeof EXCLUSION_LABELS;
export const EXCLUSIONS = valuesOf(EXCLUSION_LABELS);

export interface RegisterFields {
  /** 個人情報ファイルの名称 (第74条第1項第1号) */
  name: string;
  /** 利用目的 (第3号) */
  purpose: string;
  /** 記録項目 (第4号) */
  recordItems: string[];
  /** 記録範囲: 本人として記録される個人の範囲 (第4号) */
  recordScope: string;
  /** 記録情報の収集方法 (第5号) */
  collectionMethod: string;
  /** 要配慮個人情報が含まれるとき、その旨 (第6号) */
  sensitive: boolean;
  /** 経常的提供先 (第7号) */
  regularRecipients: string;
  /** 開示請求等を受理する組織の名称及び所在地 (第9号) */
  requestOffice: string;
  /** 訂正・利用停止に関する他の法令の特別の手続 (第10号) */
  specialProcedures: string;
  fileType: FileType;
  exclusion: Exclusion | null;
  exclusionNote: string;
}

/** A blank entry: the new-entry form and the sample entries start from it. */
export const EMPTY_FIELDS: RegisterFields = {
  name: '',
  purpose: '',
  recordItems: [],
  recordScope: '',
  collectionMethod: '',
  sensitive: false,
  regularRecipients: '',
  requestOffice: '',
  specialProcedures: '',
  fileType: 'computer',
  exclusion: null,
  exclusionNote: '',
};

export const FIELD_LABELS: Record<keyof RegisterFields, string> = {
  name: '個人情報ファイルの名称',
  purpose: '利用目的',
  recordItems: '記録項目',
  recordScope: '記録範囲',
  collectionMethod: '記録情報の収集方法',
  sensitive: '要配慮個人情報',
  regularRecipients: '記録情報の経常的提供先',
  requestOffice: '開示請求等を受理する組織',
  specialProcedures: '訂正・利用停止に関する他の法令の特別の手続',
  fileType: 'ファイルの種別',
  exclusion: 'ファイル簿に掲載しない理由',
  exclusionNote: '掲載しない理由の補足',
};

/** The field names whose values differ, in the order of the register (for the history view). */
export function changedFields(
  before: RegisterFields | null,
  after: RegisterFields,
): (keyof RegisterFields)[] {
  const keys = Object.keys(FIELD_LABELS) as (keyof RegisterFields)[];
  if (!before) return keys;
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

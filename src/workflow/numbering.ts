/** Numbering rules shared by the workflow: fiscal years, 受付番号, 答申番号, agenda labels. */

const JST_OFFSET_MS = 9 * 3600 * 1000;

/** The Japanese fiscal year (April–March) a moment falls in, taken in Japan time: 2027-03-31 → 2026. */
export function fiscalYearOf(at: Date | string): number {
  const d =
    typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)
      ? new Date(`${at}T00:00:00+09:00`)
      : new Date(at);
  const jst = new Date(d.getTime() + JST_OFFSET_MS);
  const year = jst.getUTCFullYear();
  return jst.getUTCMonth() >= 3 ? year : year - 1;
}

/**
 * The era prefix of a fiscal year as written in numbers: R8 for FY2026, H29 for FY2017.
 * A fiscal year is named by the era in force on its first day (1 April); FY2019 began
 * in Heisei but is written 令和元年度 by custom, so Reiwa applies from FY2019.
 */
export function fiscalYearPrefix(fiscalYear: number): string {
  if (fiscalYear >= 2019) return `R${fiscalYear - 2018}`;
  if (fiscalYear >= 1989) return `H${fiscalYear - 1988}`;
  return `S${fiscalYear - 1925}`;
}

/** 令和8年度 / 平成29年度 */
export function fiscalYearLabel(fiscalYear: number): string {
  const p = fiscalYearPrefix(fiscalYear);
  const era = { R: '令和', H: '平成', S: '昭和' }[p[0]] ?? '';
  const n = Number(p.slice(1));
  return `${era}${n === 1 ? '元' : n}年度`;
}

/** 受付番号: R8-017 (sequence per fiscal year, at least three digits). */
export function formatReceiptNumber(fiscalYear: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`bad sequence ${sequence}`);
  return `${fiscalYearPrefix(fiscalYear)}-${String(sequence).padStart(3, '0')}`;
}

/** 答申第N号 */
export function formatReplyNumber(sequence: number): string {
  return `答申第${sequence}号`;
}

/** The 46 kana of the gojūon order used to number agenda items (ア, イ, ウ, … ワ, ヲ, ン). */
export const GOJUON = [
  ...'アイウエオ',
  ...'カキクケコ',
  ...'サシスセソ',
  ...'タチツテト',
  ...'ナニヌネノ',
  ...'ハヒフヘホ',
  ...'マミムメモ',
  ...'ヤユヨ',
  ...'ラリルレロ',
  ...'ワヲン',
] as const;

/**
 * The label of the n-th item (1-based): ア, イ, … ン for 1–46, then two kana (アア, アイ, …)
 * in the same order, like spreadsheet columns.
 */
export function katakanaLabel(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bad item number ${n}`);
  let label = '';
  let rest = n;
  while (rest > 0) {
    rest -= 1;
    label = GOJUON[rest % GOJUON.length] + label;
    rest = Math.floor(rest / GOJUON.length);
  }
  return label;
}

/** How a municipality numbers 受付番号 and 答申番号. */
export const NUMBERING_SCHEMES = ['fiscalYear', 'continuous'] as const;
export type NumberingScheme = (typeof NUMBERING_SCHEMES)[number];
export const NUMBERING_SCHEME_LABELS: Record<NumberingScheme, string> = {
  fiscalYear: '年度ごと（4月に1から）',
  continuous: '通し番号（年度で戻らない）',
};

/** 受付番号 under a continuous scheme: 第123号 (no fiscal-year prefix, so it never repeats). */
export function formatContinuousReceiptNumber(sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`bad sequence ${sequence}`);
  return `第${sequence}号`;
}

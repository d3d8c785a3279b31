import { median } from '../kpi/kpi.service';

/** Pure helpers of the statistics: day bins, month labels, the default fiscal-year range. */

export interface DayBin {
  fromDays: number;
  toDays: number;
  label: string;
  count: number;
}

/** Bin widths a reader recognises: a week, two weeks, a month, two months, a quarter, half a year. */
const BIN_WIDTHS = [7, 14, 30, 60, 90, 180, 365];
const MAX_BINS = 12;

/**
 * The distribution of processing days in whole-number bins of one width, from 0 up to the bin
 * holding the maximum; the width is the smallest of BIN_WIDTHS that needs at most 12 bins.
 */
export function dayBins(days: number[]): DayBin[] {
  if (days.length === 0) return [];
  // A past meeting recorded after the fact has its 答申日 before the case's first submission:
  // such a case counts in the first bin, and only then can the maximum be below zero.
  const max = Math.max(0, ...days);
  const width =
    BIN_WIDTHS.find((w) => Math.floor(max / w) + 1 <= MAX_BINS) ?? Math.ceil((max + 1) / MAX_BINS);
  const count = Math.floor(max / width) + 1;
  const bins: DayBin[] = Array.from({ length: count }, (_, i) => ({
    fromDays: i * width,
    toDays: (i + 1) * width - 1,
    label: `${i * width}〜${(i + 1) * width - 1}日`,
    count: 0,
  }));
  for (const d of days) bins[Math.floor(Math.max(0, d) / width)].count++;
  return bins;
}

export function daySummary(days: number[]): {
  count: number;
  medianDays: number | null;
  maxDays: number | null;
} {
  return {
    count: days.length,
    medianDays: median(days),
    maxDays: days.length ? Math.max(...days) : null,
  };
}

/** `2025-04` → 令和7年4月 (Reiwa began on 1 May 2019). */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const [era, n] = y > 2019 || (y === 2019 && m >= 5) ? ['令和', y - 2018] : ['平成', y - 1988];
  return `${era}${n === 1 ? '元' : n}年${m}月`;
}

/** Under a chart axis the era name is too long: the year at April and January, else the month. */
export function monthAxisLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 4 || m === 1 ? `${y}/${m}` : `${m}月`;
}

/** The years a statistics page shows when none are asked for: the current one and the four before. */
export const DEFAULT_SPAN = 5;
/** Longer ranges are refused: a chart of 20 years is already more than a screen can show. */
export const MAX_SPAN = 20;

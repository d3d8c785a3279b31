import { fiscalYearLabel } from '../workflow/numbering';

export interface FiscalYearGroup<T> {
  /** 令和元年度, 平成29年度 …; null for entries with no 年度. */
  year: string | null;
  entries: T[];
}

/**
 * The portal's lists under 年度 headings, named as everywhere else in the product (FY2019 is 令和元年度):
 * consecutive entries of the same fiscal year share one heading, so the list keeps the order it came in.
 */
export function groupByFiscalYear<T>(
  entries: readonly T[],
  fiscalYear: (entry: T) => number | null,
): FiscalYearGroup<T>[] {
  const groups: FiscalYearGroup<T>[] = [];
  for (const entry of entries) {
    const fy = fiscalYear(entry);
    const year = fy ? fiscalYearLabel(fy) : null;
    const last = groups[groups.length - 1];
    if (last && last.year === year) last.entries.push(entry);
    else groups.push({ year, entries: [entry] });
  }
  return groups;
}

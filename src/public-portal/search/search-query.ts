import { AppError } from '../../common/errors/app-error';
import { normalize } from './search-text';

export const MAX_QUERY_LENGTH = 200;
export const MAX_TERMS = 10;

/** A word of the query; `exact` (quoted) words are never widened with related words. */
export interface Term {
  word: string;
  exact: boolean;
}

/**
 * A query as a citizen types it: words separated by spaces must all occur (AND); `OR` between two
 * words accepts either (`外部結合 OR 委託 個人番号` = (外部結合 or 委託) and 個人番号); `NOT word` and
 * `-word` exclude; `"…"` (or 「…」) is one word taken exactly.
 */
export interface ParsedQuery {
  /** Every group must match; within a group, any word. */
  all: Term[][];
  none: string[];
}

export const SearchErrors = {
  queryTooLong: () =>
    new AppError(
      'PUBLIC_SEARCH_QUERY_TOO_LONG',
      400,
      `検索語が長すぎます。${MAX_QUERY_LENGTH} 文字、${MAX_TERMS} 語までで入力してください。`,
    ),
  badPeriod: (input: string) =>
    new AppError(
      'PUBLIC_SEARCH_BAD_PERIOD',
      400,
      `期間「${input.slice(0, 40)}」を読み取れません。令和5年4月、令和5年度、2023-04、2023 のように入力してください。`,
    ),
  badFiscalYear: (input: string) =>
    new AppError(
      'PUBLIC_BAD_FISCAL_YEAR',
      400,
      `年度「${input.slice(0, 40)}」を読み取れません。令和5年度、令和5、2023年度、2023 のように入力してください。`,
    ),
  badPeriodOrder: () =>
    new AppError('PUBLIC_SEARCH_BAD_PERIOD', 400, '期間の終わりが始まりより前になっています。'),
};

const TOKEN = /"([^"]*)"|「([^」]*)」|(\S+)/gu;

export function parseQuery(input: string): ParsedQuery {
  const text = input.normalize('NFKC').replace(/[“”]/g, '"');
  if (text.length > MAX_QUERY_LENGTH) throw SearchErrors.queryTooLong();
  const all: Term[][] = [];
  const none: string[] = [];
  let or = false;
  let not = false;
  for (const m of text.matchAll(TOKEN)) {
    const quoted = m[1] ?? m[2];
    const raw = m[3];
    if (raw === 'OR' || raw === '|') {
      or = all.length > 0;
      continue;
    }
    if (raw === 'AND') continue;
    if (raw === 'NOT') {
      not = true;
      continue;
    }
    let word = normalize((quoted ?? raw).trim());
    let exclude = not;
    if (quoted === undefined && word.length > 1 && word.startsWith('-')) {
      word = word.slice(1);
      exclude = true;
    }
    not = false;
    if (!word) continue;
    if (exclude) none.push(word);
    else if (or) all[all.length - 1].push({ word, exact: quoted !== undefined });
    else all.push([{ word, exact: quoted !== undefined }]);
    or = false;
  }
  if (all.flat().length + none.length > MAX_TERMS) throw SearchErrors.queryTooLong();
  return { all, none };
}

/** The words a group stands for: each word, and (unless exact) every word related to it. */
export interface ExpandedQuery {
  all: string[][];
  none: string[];
  /** Every word to highlight in a hit. */
  words: string[];
}

export function expandQuery(q: ParsedQuery, synonyms: string[][], related: boolean): ExpandedQuery {
  const groups = synonyms.map((g) => g.map(normalize));
  const all = q.all.map((group) => {
    const words = new Set<string>();
    for (const t of group) {
      words.add(t.word);
      if (!related || t.exact) continue;
      for (const g of groups) if (g.includes(t.word)) g.forEach((w) => words.add(w));
    }
    return [...words];
  });
  return { all, none: q.none, words: [...new Set(all.flat())].sort((a, b) => b.length - a.length) };
}

/** A day span, both ends included (YYYY-MM-DD). */
export interface Period {
  from: string;
  to: string;
}

const ERAS: Record<string, number> = { 令和: 2018, 平成: 1988, 昭和: 1925 };
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function span(y: number, m: number | null, d: number | null, fiscal: boolean): Period | null {
  if (y < 1900 || y > 2200) return null;
  if (fiscal) return { from: `${y}-04-01`, to: `${y + 1}-03-31` };
  if (m === null) return { from: `${y}-01-01`, to: `${y}-12-31` };
  if (m < 1 || m > 12) return null;
  if (d === null) return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
  if (d < 1 || d > lastDay(y, m)) return null;
  const day = `${y}-${pad(m)}-${pad(d)}`;
  return { from: day, to: day };
}

/**
 * A period as typed: 和暦 (令和5年4月, 令和5年4月1日, 令和元年, 令和5年度, 平成31年) or 西暦
 * (2023-04, 2023/4/1, 2023年4月, 2023, 2023年度). A 年度 runs from April to March.
 */
export function parsePeriod(input: string): Period {
  const s = input.normalize('NFKC').replace(/\s+/g, '');
  const era = /^(令和|平成|昭和)(元|\d{1,2})年(?:(度)|(\d{1,2})月(?:(\d{1,2})日)?)?$/.exec(s);
  const western =
    /^(\d{4})(?:年(?:(度)|(\d{1,2})月(?:(\d{1,2})日)?)?|[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/.exec(s);
  let p: Period | null = null;
  if (era) {
    const y = ERAS[era[1]] + (era[2] === '元' ? 1 : Number(era[2]));
    p = span(y, era[4] ? Number(era[4]) : null, era[5] ? Number(era[5]) : null, Boolean(era[3]));
  } else if (western) {
    const month = western[3] ?? western[5];
    const day = western[4] ?? western[6];
    p = span(Number(western[1]), month ? Number(month) : null, day ? Number(day) : null, Boolean(western[2]));
  }
  if (!p) throw SearchErrors.badPeriod(input);
  return p;
}

/**
 * A 年度 as typed, 和暦 or 西暦 as the period filter takes them (令和5年度, 令和5年, 令和5, 令和元年度,
 * 2023年度, 2023): April 1 of that year to March 31 of the next.
 */
export function parseFiscalYear(input: string): Period {
  const s = input.normalize('NFKC').replace(/\s+/g, '');
  const era = /^(令和|平成|昭和)(元|\d{1,2})(?:年度?)?$/.exec(s);
  const western = /^(\d{4})(?:年度?)?$/.exec(s);
  const year = era
    ? ERAS[era[1]] + (era[2] === '元' ? 1 : Number(era[2]))
    : western
      ? Number(western[1])
      : null;
  const p = year === null ? null : span(year, null, null, true);
  if (!p) throw SearchErrors.badFiscalYear(input);
  return p;
}

/** `from` and `to` as typed (either may be empty): from the start of one to the end of the other. */
export function parseRange(from: string | undefined, to: string | undefined): Partial<Period> {
  const out: Partial<Period> = {};
  if (from?.trim()) out.from = parsePeriod(from).from;
  if (to?.trim()) out.to = parsePeriod(to).to;
  if (out.from && out.to && out.to < out.from) throw SearchErrors.badPeriodOrder();
  return out;
}

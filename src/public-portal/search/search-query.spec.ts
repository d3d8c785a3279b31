import { AppError } from '../../common/errors/app-error';
import {
  expandQuery,
  parseFiscalYear,
  parsePeriod,
  parseQuery,
  parseRange,
  type ParsedQuery,
} from './search-query';
import { bigrams, highlight, markedHtml } from './search-text';

const w = (word: string, exact = false) => ({ word, exact });

describe('parseQuery', () => {
  const cases: [string, ParsedQuery][] = [
    ['外部結合', { all: [[w('外部結合')]], none: [] }],
    ['外部結合 個人番号', { all: [[w('外部結合')], [w('個人番号')]], none: [] }],
    ['外部結合　個人番号', { all: [[w('外部結合')], [w('個人番号')]], none: [] }],
    ['外部結合 AND 個人番号', { all: [[w('外部結合')], [w('個人番号')]], none: [] }],
    ['外部結合 OR 委託', { all: [[w('外部結合'), w('委託')]], none: [] }],
    ['外部結合 ＯＲ 委託 個人番号', { all: [[w('外部結合'), w('委託')], [w('個人番号')]], none: [] }],
    ['水道 NOT 料金', { all: [[w('水道')]], none: ['料金'] }],
    ['水道 -料金', { all: [[w('水道')]], none: ['料金'] }],
    ['"外部 結合" 委託', { all: [[w('外部 結合', true)], [w('委託')]], none: [] }],
    ['「目的外利用」', { all: [[w('目的外利用', true)]], none: [] }],
    ['ＡＢＣ ｵﾝﾗｲﾝ', { all: [[w('abc')], [w('オンライン')]], none: [] }],
    ['OR 委託', { all: [[w('委託')]], none: [] }],
    ['-', { all: [[w('-')]], none: [] }],
    ['', { all: [], none: [] }],
  ];
  it.each(cases)('%s', (input, expected) => {
    expect(parseQuery(input)).toEqual(expected);
  });

  it('refuses more than ten words with a Japanese problem', () => {
    const err = (() => {
      try {
        parseQuery(Array.from({ length: 11 }, (_, i) => `語${i}`).join(' '));
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect(err?.code).toBe('PUBLIC_SEARCH_QUERY_TOO_LONG');
  });
});

describe('expandQuery with related words', () => {
  const synonyms = [
    ['外部結合', 'オンライン結合'],
    ['目的外利用', '目的外提供'],
    ['委託', '外部委託'],
  ];
  const cases: [string, boolean, string[][], string[]][] = [
    ['外部結合', true, [['外部結合', 'オンライン結合']], []],
    ['外部結合', false, [['外部結合']], []],
    ['"外部結合"', true, [['外部結合']], []],
    ['目的外提供 -委託', true, [['目的外提供', '目的外利用']], ['委託']],
    ['委託 OR 外部結合', true, [['委託', '外部委託', '外部結合', 'オンライン結合']], []],
    ['結合', true, [['結合']], []],
  ];
  it.each(cases)('%s (related: %s)', (input, related, all, none) => {
    const q = expandQuery(parseQuery(input), synonyms, related);
    expect(q.all).toEqual(all);
    expect(q.none).toEqual(none);
  });
});

describe('parsePeriod', () => {
  const cases: [string, string, string][] = [
    ['令和5年4月', '2023-04-01', '2023-04-30'],
    ['令和５年４月', '2023-04-01', '2023-04-30'],
    ['令和6年2月', '2024-02-01', '2024-02-29'],
    ['令和5年4月10日', '2023-04-10', '2023-04-10'],
    ['令和元年', '2019-01-01', '2019-12-31'],
    ['令和5年度', '2023-04-01', '2024-03-31'],
    ['平成31年4月', '2019-04-01', '2019-04-30'],
    ['2023-04', '2023-04-01', '2023-04-30'],
    ['2023/4/1', '2023-04-01', '2023-04-01'],
    ['2023年4月', '2023-04-01', '2023-04-30'],
    ['2023', '2023-01-01', '2023-12-31'],
    ['2023年度', '2023-04-01', '2024-03-31'],
  ];
  it.each(cases)('%s → %s … %s', (input, from, to) => {
    expect(parsePeriod(input)).toEqual({ from, to });
  });

  it.each(['令和5年13月', '2023-02-30', '昨年', '令和', '23-04'])('refuses %s', (input) => {
    expect(() => parsePeriod(input)).toThrow(expect.objectContaining({ code: 'PUBLIC_SEARCH_BAD_PERIOD' }));
  });

  it('takes a range from the start of one period to the end of the other', () => {
    expect(parseRange('令和5年4月', '2023-06')).toEqual({ from: '2023-04-01', to: '2023-06-30' });
    expect(parseRange('', '令和5年度')).toEqual({ to: '2024-03-31' });
    expect(() => parseRange('2024', '2023')).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('parseFiscalYear', () => {
  const cases: [string, string][] = [
    ['令和5年度', '2023'],
    ['令和５年度', '2023'],
    ['令和5年', '2023'],
    ['令和5', '2023'],
    ['令和元年度', '2019'],
    ['平成30年度', '2018'],
    ['2023年度', '2023'],
    ['2023', '2023'],
    [' 2023 ', '2023'],
  ];
  it.each(cases)('%s → April %s to March of the next year', (input, year) => {
    expect(parseFiscalYear(input)).toEqual({ from: `${year}-04-01`, to: `${Number(year) + 1}-03-31` });
  });

  it.each(['令和5年4月', '2023-04', '来年度', '令和', '23', '1800'])('refuses %s', (input) => {
    expect(() => parseFiscalYear(input)).toThrow(
      expect.objectContaining({ code: 'PUBLIC_BAD_FISCAL_YEAR', status: 400 }),
    );
  });
});

describe('highlight', () => {
  it('marks every occurrence on the original characters, full-width or not', () => {
    const segs = highlight('ｵﾝﾗｲﾝ結合とオンライン結合', ['オンライン結合']);
    expect(segs).toEqual([
      { text: 'ｵﾝﾗｲﾝ結合', mark: true },
      { text: 'と', mark: false },
      { text: 'オンライン結合', mark: true },
    ]);
  });

  it('escapes the text and announces highlights to screen readers', () => {
    expect(markedHtml(highlight('<b>委託</b>', ['委託']))).toBe(
      '&lt;b&gt;<mark><span class="visually-hidden">強調:</span>委託</mark>&lt;/b&gt;',
    );
  });

  it('makes distinct bigrams, none of one character', () => {
    expect(bigrams('委託委託')).toEqual(['委託', '託委']);
    expect(bigrams('委')).toEqual([]);
  });
});

import {
  formatContinuousReceiptNumber,
  fiscalYearLabel,
  fiscalYearOf,
  fiscalYearPrefix,
  formatReceiptNumber,
  formatReplyNumber,
  GOJUON,
  katakanaLabel,
} from './numbering';

describe('fiscal year (April–March, Japan time)', () => {
  it('starts on 1 April in Japan', () => {
    expect(fiscalYearOf('2026-04-01')).toBe(2026);
    expect(fiscalYearOf('2027-03-31')).toBe(2026);
    expect(fiscalYearOf('2026-03-31')).toBe(2025);
    // 2026-03-31T15:30Z is already 1 April 00:30 in Japan
    expect(fiscalYearOf(new Date('2026-03-31T15:30:00Z'))).toBe(2026);
    expect(fiscalYearOf(new Date('2026-03-31T14:59:00Z'))).toBe(2025);
  });
  it('names the era of the fiscal year', () => {
    expect(fiscalYearPrefix(2026)).toBe('R8');
    expect(fiscalYearPrefix(2019)).toBe('R1');
    expect(fiscalYearPrefix(2017)).toBe('H29');
    expect(fiscalYearLabel(2019)).toBe('令和元年度');
    expect(fiscalYearLabel(2017)).toBe('平成29年度');
  });
});

describe('受付番号 and 答申番号', () => {
  it('formats R8-017 with at least three digits', () => {
    expect(formatReceiptNumber(2026, 17)).toBe('R8-017');
    expect(formatReceiptNumber(2026, 1)).toBe('R8-001');
    expect(formatReceiptNumber(2026, 1234)).toBe('R8-1234');
    expect(formatReceiptNumber(2017, 5)).toBe('H29-005');
  });
  it('refuses a sequence below 1', () => {
    expect(() => formatReceiptNumber(2026, 0)).toThrow(RangeError);
  });
  it('formats 答申第N号', () => {
    expect(formatReplyNumber(12)).toBe('答申第12号');
  });
});

describe('agenda labels in gojūon order', () => {
  it('starts ア イ ウ エ オ カ', () => {
    expect([1, 2, 3, 4, 5, 6].map(katakanaLabel)).toEqual(['ア', 'イ', 'ウ', 'エ', 'オ', 'カ']);
  });
  it('has 46 distinct single-kana labels, ending ワ ヲ ン', () => {
    const labels = Array.from({ length: 46 }, (_, i) => katakanaLabel(i + 1));
    expect(new Set(labels).size).toBe(46);
    expect(labels.every((l) => l.length === 1)).toBe(true);
    expect(labels.slice(-3)).toEqual(['ワ', 'ヲ', 'ン']);
    expect(katakanaLabel(11)).toBe('サ');
    expect(katakanaLabel(36)).toBe('ヤ');
    expect(katakanaLabel(39)).toBe('ラ');
    expect(GOJUON).toHaveLength(46);
  });
  it('continues with two kana after ン and never repeats', () => {
    expect(katakanaLabel(47)).toBe('アア');
    expect(katakanaLabel(48)).toBe('アイ');
    expect(katakanaLabel(92)).toBe('アン');
    expect(katakanaLabel(93)).toBe('イア');
    const labels = Array.from({ length: 300 }, (_, i) => katakanaLabel(i + 1));
    expect(new Set(labels).size).toBe(300);
  });
  it('refuses 0 and fractions', () => {
    expect(() => katakanaLabel(0)).toThrow(RangeError);
    expect(() => katakanaLabel(1.5)).toThrow(RangeError);
  });
});

describe('continuous numbering labels', () => {
  it('writes 第N号 without a fiscal-year prefix', () => {
    expect(formatContinuousReceiptNumber(1)).toBe('第1号');
    expect(formatContinuousReceiptNumber(1234)).toBe('第1234号');
    expect(() => formatContinuousReceiptNumber(0)).toThrow(RangeError);
  });
});

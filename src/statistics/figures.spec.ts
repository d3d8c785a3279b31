import { dayBins, daySummary, monthAxisLabel, monthLabel } from './figures';

describe('processing-day bins', () => {
  it('a week wide while 12 bins reach the maximum, every day in exactly one bin', () => {
    const bins = dayBins([0, 6, 7, 70, 71]);
    expect(bins).toHaveLength(11);
    expect(bins[0]).toEqual({ fromDays: 0, toDays: 6, label: '0〜6日', count: 2 });
    expect(bins[1]).toMatchObject({ fromDays: 7, toDays: 13, count: 1 });
    expect(bins[10]).toMatchObject({ label: '70〜76日', count: 2 });
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(5);
  });

  it('wider bins (a month, a quarter) for longer durations', () => {
    expect(dayBins([15, 200]).map((b) => b.label)).toEqual(
      Array.from({ length: 7 }, (_, i) => `${i * 30}〜${i * 30 + 29}日`),
    );
    expect(dayBins([900])[0].toDays).toBe(89);
  });

  it('a reply dated before the submission (a past meeting recorded later) counts in the first bin', () => {
    expect(dayBins([-14])).toEqual([{ fromDays: 0, toDays: 6, label: '0〜6日', count: 1 }]);
    expect(dayBins([-3, 10]).map((b) => b.count)).toEqual([1, 1]);
  });

  it('no replies, no bins; median and max', () => {
    expect(dayBins([])).toEqual([]);
    expect(daySummary([])).toEqual({ count: 0, medianDays: null, maxDays: null });
    expect(daySummary([10, 71, 70, 40])).toEqual({ count: 4, medianDays: 55, maxDays: 71 });
  });
});

describe('month labels', () => {
  it('in the era of the month (Reiwa from May 2019)', () => {
    expect(monthLabel('2019-04')).toBe('平成31年4月');
    expect(monthLabel('2019-05')).toBe('令和元年5月');
    expect(monthLabel('2025-11')).toBe('令和7年11月');
  });

  it('on the axis: the year at April and January', () => {
    expect(['2025-04', '2025-05', '2026-01'].map(monthAxisLabel)).toEqual(['2025/4', '5月', '2026/1']);
  });
});

import { formatWareki, formatWarekiDateTime, formatWarekiWithWeekday, formatWarekiYear } from './wareki';

describe('wareki', () => {
  it('formats Reiwa dates', () => {
    expect(formatWareki('2026-11-21')).toBe('令和8年11月21日');
    expect(formatWarekiYear('2026-04-01')).toBe('令和8年');
  });
  it('switches era at 2019-05-01', () => {
    expect(formatWareki('2019-04-30')).toBe('平成31年4月30日');
    expect(formatWareki('2019-05-01')).toMatch(/^令和(元|1)年5月1日$/);
  });
  it('uses Japan time for timestamps', () => {
    expect(formatWareki(new Date('2026-11-20T15:30:00Z'))).toBe('令和8年11月21日');
    expect(formatWarekiDateTime(new Date('2026-11-21T05:05:00Z'))).toBe('令和8年11月21日 14時05分');
  });
  it('adds the weekday', () => {
    expect(formatWarekiWithWeekday('2026-11-21')).toBe('令和8年11月21日（土）');
  });
  it('returns empty text for missing values', () => {
    expect(formatWareki(null)).toBe('');
    expect(formatWareki('not a date')).toBe('');
  });
});

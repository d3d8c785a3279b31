import { addDays, fiscalYearPeriod, isCalendarDay, resolvePeriod, sinceLastMeeting } from './report-period';

describe('standing report periods', () => {
  it('a fiscal year runs from 1 April to 31 March and is named in 和暦', () => {
    expect(fiscalYearPeriod(2025)).toEqual({ from: '2025-04-01', to: '2026-03-31', label: '令和7年度' });
    expect(fiscalYearPeriod(2019).label).toBe('令和元年度');
    expect(fiscalYearPeriod(2017).label).toBe('平成29年度');
  });

  it.each([
    ['2026-04-01', '2026-11-30', '令和8年4月1日から令和8年11月30日まで'],
    ['2019-04-30', '2019-05-01', '平成31年4月30日から令和元年5月1日まで'],
    ['2026-12-03', '2026-12-03', '令和8年12月3日から令和8年12月3日まで'],
  ])('a range %s – %s is labelled %s', (from, to, label) => {
    expect(resolvePeriod({ kind: 'range', from, to })).toEqual({ from, to, label });
  });

  it('a range that is exactly a fiscal year is named as the fiscal year', () => {
    expect(resolvePeriod({ kind: 'range', from: '2024-04-01', to: '2025-03-31' })).toEqual(
      fiscalYearPeriod(2024),
    );
  });

  it.each([
    ['2026-02-30', '2026-03-31', 'invalidDate'],
    ['2026/04/01', '2026-04-30', 'invalidDate'],
    ['2026-05-01', '2026-04-30', 'reversed'],
    ['2015-04-01', '2026-03-31', 'tooLong'],
  ])('refuses %s – %s (%s)', (from, to, problem) => {
    expect(resolvePeriod({ kind: 'range', from, to })).toBe(problem);
  });

  it('knows calendar days', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2027-02-29')).toBe(false);
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });

  it('"since the last meeting" runs from the day after it to the day before this meeting', () => {
    expect(sinceLastMeeting('2026-12-10', '2026-09-15')).toEqual({
      kind: 'range',
      from: '2026-09-16',
      to: '2026-12-09',
    });
  });

  it('with no earlier meeting it starts at the beginning of the fiscal year', () => {
    expect(sinceLastMeeting('2027-02-10', null)).toEqual({
      kind: 'range',
      from: '2026-04-01',
      to: '2027-02-09',
    });
  });

  it('a first meeting on 1 April covers that day only', () => {
    expect(sinceLastMeeting('2026-04-01', null)).toEqual({
      kind: 'range',
      from: '2026-04-01',
      to: '2026-04-01',
    });
  });
});

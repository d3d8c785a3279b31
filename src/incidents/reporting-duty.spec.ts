import { addDays, assessReportingDuty, dutyGrounds, type DutyInput } from './reporting-duty';

const base: DutyInput = {
  discoveredOn: '2026-10-01',
  includesSensitive: false,
  financialDamageRisk: false,
  unlawfulPurpose: false,
  includesOrdinanceSensitive: false,
  persons: { count: 3, approximate: false },
  preliminaryReportedOn: null,
  finalReportedOn: null,
};
const incident = (over: Partial<DutyInput>): DutyInput => ({ ...base, ...over });

describe('reporting duty to the Commission (規則第43条)', () => {
  it.each([
    ['nothing listed', {}, []],
    ['要配慮個人情報', { includesSensitive: true }, ['sensitive']],
    ['財産的被害のおそれ', { financialDamageRisk: true }, ['financialDamage']],
    ['不正の目的', { unlawfulPurpose: true }, ['unlawfulPurpose']],
    ['条例要配慮個人情報', { includesOrdinanceSensitive: true }, ['ordinanceSensitive']],
    ['100 persons (not more than 100)', { persons: { count: 100, approximate: false } }, []],
    ['101 persons', { persons: { count: 101, approximate: false } }, ['moreThan100']],
    ['about 150 persons (approximate)', { persons: { count: 150, approximate: true } }, ['moreThan100']],
    ['number of persons unknown', { persons: { count: null, approximate: false } }, []],
    [
      'several grounds, in the rule order',
      {
        includesOrdinanceSensitive: true,
        includesSensitive: true,
        persons: { count: 2000, approximate: false },
      },
      ['sensitive', 'moreThan100', 'ordinanceSensitive'],
    ],
  ] as const)('%s → %j', (_label, over, expected) => {
    const i = incident(over as Partial<DutyInput>);
    expect(dutyGrounds(i)).toEqual(expected);
    const a = assessReportingDuty(i, '2026-10-01');
    expect(a.required).toBe(expected.length > 0);
    expect(a.grounds).toEqual(expected);
  });

  it('gives the reasons in Japanese, citing the rule', () => {
    const a = assessReportingDuty(
      incident({ includesSensitive: true, persons: { count: 101, approximate: false } }),
    );
    expect(a.reasons).toEqual([
      '要配慮個人情報が含まれる保有個人情報の漏えい等（規則第43条第1号）',
      '本人の数が100人を超える漏えい等（規則第43条第4号）',
    ]);
    const none = assessReportingDuty(incident({ persons: { count: 100, approximate: false } }));
    expect(none.reasons[0]).toContain('報告義務はありません');
    expect(none.final).toBeNull();
  });

  it('says when the number of persons is unknown that the 100-person ground was not judged', () => {
    const a = assessReportingDuty(incident({ persons: { count: null, approximate: false } }));
    expect(a.caveats.join('')).toContain('本人の数が不明');
  });
});

describe('速報 and 確報 deadlines', () => {
  it('shows 速報 as 速やかに with the 3–5 day target, 確報 30 days after 発覚日, as 和暦', () => {
    const a = assessReportingDuty(incident({ includesSensitive: true }), '2026-10-01');
    expect(a.preliminary?.label).toBe('速やかに（目安：発覚から3〜5日）');
    expect(a.preliminary?.targetFrom.label).toBe('令和8年10月4日');
    expect(a.preliminary?.targetTo.label).toBe('令和8年10月6日');
    expect(a.final?.due).toEqual({ date: '2026-10-31', label: '令和8年10月31日' });
    expect(a.final?.days).toBe(30);
  });

  it('gives 60 days for an act with an unlawful purpose', () => {
    const a = assessReportingDuty(incident({ unlawfulPurpose: true, includesSensitive: true }));
    expect(a.final?.days).toBe(60);
    expect(a.final?.due.date).toBe('2026-11-30');
  });

  it('crosses month, year and era-year ends, and a leap day', () => {
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
    expect(addDays('2028-02-20', 30)).toBe('2028-03-21');
    expect(
      assessReportingDuty(incident({ discoveredOn: '2027-03-20', includesSensitive: true })).final?.due.label,
    ).toBe('令和9年4月19日');
  });

  it.each([
    ['on the due day', { includesSensitive: true }, '2026-10-31', false],
    ['the day after the due day', { includesSensitive: true }, '2026-11-01', true],
    ['unlawful purpose, day 60', { unlawfulPurpose: true }, '2026-11-30', false],
    ['unlawful purpose, day 61', { unlawfulPurpose: true }, '2026-12-01', true],
  ])('確報 %s (%j, today %s) is overdue: %s', (_l, kind, today, overdue) => {
    const a = assessReportingDuty(incident({ ...kind, preliminaryReportedOn: '2026-10-02' }), today);
    expect(a.final?.overdue).toBe(overdue);
    expect(a.overdue).toBe(overdue);
  });

  it.each([
    ['on the last target day', '2026-10-06', false],
    ['the day after it', '2026-10-07', true],
  ])('速報 not made %s is overdue: %s', (_l, today, overdue) => {
    const a = assessReportingDuty(incident({ includesSensitive: true }), today);
    expect(a.preliminary?.overdue).toBe(overdue);
  });

  it('is not overdue once the report is recorded, however late', () => {
    const a = assessReportingDuty(
      incident({
        includesSensitive: true,
        preliminaryReportedOn: '2026-10-20',
        finalReportedOn: '2026-11-20',
      }),
      '2027-01-01',
    );
    expect(a.overdue).toBe(false);
    expect(a.final?.reportedOn).toBe('2026-11-20');
  });

  it('is never overdue without the duty', () => {
    expect(assessReportingDuty(incident({}), '2030-01-01').overdue).toBe(false);
  });
});

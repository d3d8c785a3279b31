import { addMonths, reassessmentDueOn, reassessmentState } from './reassessment';

describe('reassessment reminder (5 years after the evaluation date, or a 重要な変更)', () => {
  it.each([
    ['2021-04-01', '2026-04-01'],
    ['2020-02-29', '2025-02-28'],
  ])('evaluated on %s → due on %s', (evaluatedOn, due) => {
    expect(reassessmentDueOn(evaluatedOn)).toBe(due);
  });

  it.each([
    ['2021-12-03', '2026-12-03', 'dueSoon'], // due today
    ['2021-12-02', '2026-12-03', 'overdue'],
    ['2022-06-03', '2026-12-03', 'dueSoon'], // exactly 6 months ahead
    ['2022-06-04', '2026-12-03', 'current'],
  ] as const)('evaluated on %s, today %s → %s', (evaluatedOn, today, state) => {
    expect(reassessmentState({ evaluatedOn, significantChangeOn: null }, today)).toBe(state);
  });

  it('a recorded significant change asks for reassessment at once, whatever the date', () => {
    expect(
      reassessmentState({ evaluatedOn: '2026-11-01', significantChangeOn: '2026-12-01' }, '2026-12-03'),
    ).toBe('significantChange');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });
});

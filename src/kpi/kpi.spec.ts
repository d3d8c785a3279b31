import { durationStats, median } from './kpi.service';

describe('KPI statistics', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
  it('reports count, median and max in days', () => {
    expect(durationStats([1.04, 10, 3])).toEqual({ count: 3, medianDays: 3, maxDays: 10 });
    expect(durationStats([])).toEqual({ count: 0, medianDays: null, maxDays: null });
  });
});

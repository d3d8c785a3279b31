import { judgeThreshold, type ThresholdLevel } from './threshold';

type Row = [targetCount: number, handlerCount: number, incident: boolean, level: ThresholdLevel];

/** Every boundary of the 指針's しきい値判断: each 対象人数 edge with 取扱者数 499/500 and incident yes/no. */
const TABLE: Row[] = [
  [0, 0, false, 'none'],
  [999, 499, false, 'none'],
  [999, 500, true, 'none'],
  [1_000, 499, false, 'basic'],
  [1_000, 500, true, 'basic'],
  [9_999, 500, false, 'basic'],
  [9_999, 499, true, 'basic'],
  [10_000, 499, false, 'basic'],
  [10_000, 500, false, 'basicAndPriority'],
  [10_000, 499, true, 'basicAndPriority'],
  [10_000, 500, true, 'basicAndPriority'],
  [99_999, 499, false, 'basic'],
  [99_999, 500, false, 'basicAndPriority'],
  [99_999, 499, true, 'basicAndPriority'],
  [100_000, 499, false, 'basicAndPriority'],
  [100_000, 500, false, 'basicAndFull'],
  [100_000, 499, true, 'basicAndFull'],
  [299_999, 499, false, 'basicAndPriority'],
  [299_999, 500, false, 'basicAndFull'],
  [299_999, 499, true, 'basicAndFull'],
  [300_000, 499, false, 'basicAndFull'],
  [300_000, 0, false, 'basicAndFull'],
  [300_000, 500, true, 'basicAndFull'],
];

describe('しきい値判断 (特定個人情報保護評価指針 第5の2)', () => {
  it.each(TABLE)(
    '対象人数 %i, 取扱者数 %i, 重大事故 %s → %s',
    (targetCount, handlerCount, seriousIncident, level) => {
      expect(judgeThreshold({ targetCount, handlerCount, seriousIncident }).level).toBe(level);
    },
  );

  it('全項目評価 alone requires the council’s 第三者点検 and public comment', () => {
    const full = judgeThreshold({ targetCount: 300_000, handlerCount: 10, seriousIncident: false });
    expect(full).toMatchObject({
      label: '基礎項目評価及び全項目評価',
      evaluations: ['basic', 'full'],
      councilReviewRequired: true,
      publicCommentRequired: true,
    });
    for (const [targetCount, handlerCount, seriousIncident, level] of TABLE.filter(
      (r) => r[3] !== 'basicAndFull',
    )) {
      const r = judgeThreshold({ targetCount, handlerCount, seriousIncident });
      expect([level, r.councilReviewRequired, r.publicCommentRequired]).toEqual([level, false, false]);
    }
  });

  it('names the reason, including which aggravating fact applied', () => {
    expect(judgeThreshold({ targetCount: 150_000, handlerCount: 600, seriousIncident: true }).reason).toBe(
      '対象人数が10万人以上30万人未満で、取扱者数が500人以上、過去1年以内に重大事故あり',
    );
    expect(judgeThreshold({ targetCount: 500, handlerCount: 0, seriousIncident: false })).toMatchObject({
      evaluations: [],
      label: '特定個人情報保護評価の実施は義務付けられない',
    });
  });
});

import { valuesOf } from '../common/label-table';

/**
 * しきい値判断 of the 特定個人情報保護評価指針 (第5の2), as read in docs/LAW-NOTES.md: which evaluations
 * a specific personal information file needs, from 対象人数, 取扱者数 and a serious incident (重大事故)
 * in the past year. 基礎項目評価 is part of every required evaluation (the 指針 wins over issue 18,
 * which listed 重点項目評価 and 全項目評価 alone for 100,000 persons and more).
 */
export const THRESHOLD_LEVEL_LABELS = {
  none: '特定個人情報保護評価の実施は義務付けられない',
  basic: '基礎項目評価',
  basicAndPriority: '基礎項目評価及び重点項目評価',
  basicAndFull: '基礎項目評価及び全項目評価',
};
export type ThresholdLevel = keyof typeof THRESHOLD_LEVEL_LABELS;
export const THRESHOLD_LEVELS = valuesOf(THRESHOLD_LEVEL_LABELS);

/** The evaluation documents a level consists of. */
export const EVALUATION_KIND_LABELS = {
  basic: '基礎項目評価',
  priority: '重点項目評価',
  full: '全項目評価',
};
export type EvaluationKind = keyof typeof EVALUATION_KIND_LABELS;
export const EVALUATION_KINDS = valuesOf(EVALUATION_KIND_LABELS);

export interface ThresholdFacts {
  /** 対象人数: persons whose specific personal information the file holds. */
  readonly targetCount: number;
  /** 取扱者数: staff and contractors who handle the file. */
  readonly handlerCount: number;
  /** A serious incident (重大事故) concerning specific personal information in the past year. */
  readonly seriousIncident: boolean;
}

export interface ThresholdResult {
  readonly level: ThresholdLevel;
  readonly label: string;
  readonly evaluations: readonly EvaluationKind[];
  /**
   * 全項目評価 of a local body: public comment (住民等の意見聴取, 規則第7条第1項; 指針第5の3: 30 days as a
   * rule) and 第三者点検 by a council with privacy expertise (規則第7条第4項). Other levels need neither.
   */
  readonly councilReviewRequired: boolean;
  readonly publicCommentRequired: boolean;
  /** Why, in one Japanese sentence, for the screen and the paper. */
  readonly reason: string;
}

const EVALUATIONS: Record<ThresholdLevel, readonly EvaluationKind[]> = {
  none: [],
  basic: ['basic'],
  basicAndPriority: ['basic', 'priority'],
  basicAndFull: ['basic', 'full'],
};

/** 取扱者数 from which (with 対象人数 of 10,000 or more) the higher evaluation applies. */
export const HANDLER_THRESHOLD = 500;

export function thresholdLevel(f: ThresholdFacts): { level: ThresholdLevel; reason: string } {
  const n = f.targetCount;
  const aggravated = f.handlerCount >= HANDLER_THRESHOLD || f.seriousIncident;
  const why = [
    f.handlerCount >= HANDLER_THRESHOLD ? `取扱者数が${HANDLER_THRESHOLD}人以上` : null,
    f.seriousIncident ? '過去1年以内に重大事故あり' : null,
  ]
    .filter(Boolean)
    .join('、');
  if (n < 1000) return { level: 'none', reason: '対象人数が1,000人未満' };
  if (n < 10_000) return { level: 'basic', reason: '対象人数が1,000人以上1万人未満' };
  if (n < 100_000)
    return aggravated
      ? { level: 'basicAndPriority', reason: `対象人数が1万人以上10万人未満で、${why}` }
      : { level: 'basic', reason: '対象人数が1万人以上10万人未満で、取扱者数500人未満かつ重大事故なし' };
  if (n < 300_000)
    return aggravated
      ? { level: 'basicAndFull', reason: `対象人数が10万人以上30万人未満で、${why}` }
      : {
          level: 'basicAndPriority',
          reason: '対象人数が10万人以上30万人未満で、取扱者数500人未満かつ重大事故なし',
        };
  return { level: 'basicAndFull', reason: '対象人数が30万人以上' };
}

/** The しきい値判断 and what the council must do with it. */
export function judgeThreshold(f: ThresholdFacts): ThresholdResult {
  const { level, reason } = thresholdLevel(f);
  const full = level === 'basicAndFull';
  return {
    level,
    label: THRESHOLD_LEVEL_LABELS[level],
    evaluations: EVALUATIONS[level],
    councilReviewRequired: full,
    publicCommentRequired: full,
    reason,
  };
}

import { fieldError } from '../common/errors/app-error';
import { MAX_SPAN } from './figures';

export const StatisticsErrors = {
  rangeReversed: () =>
    fieldError(
      'STATISTICS_RANGE_REVERSED',
      400,
      '開始年度は終了年度と同じか、それより前にしてください。',
      'from',
      '終了年度より後になっています',
    ),
  rangeTooLong: () =>
    fieldError(
      'STATISTICS_RANGE_TOO_LONG',
      400,
      `一度に集計できるのは ${MAX_SPAN} 年度までです。範囲を狭めてください。`,
      'from',
      `${MAX_SPAN} 年度を超えています`,
    ),
};

import { AppError } from '../common/errors/app-error';
import { MAX_SPAN } from './figures';

export const StatisticsErrors = {
  rangeReversed: () =>
    new AppError('STATISTICS_RANGE_REVERSED', 400, '開始年度は終了年度と同じか、それより前にしてください。', {
      errors: [{ field: 'from', messages: ['終了年度より後になっています'] }],
    }),
  rangeTooLong: () =>
    new AppError(
      'STATISTICS_RANGE_TOO_LONG',
      400,
      `一度に集計できるのは ${MAX_SPAN} 年度までです。範囲を狭めてください。`,
      { errors: [{ field: 'from', messages: [`${MAX_SPAN} 年度を超えています`] }] },
    ),
};

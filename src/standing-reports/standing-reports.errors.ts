import { AppError, fieldError } from '../common/errors/app-error';
import type { PeriodProblem } from './report-period';
import { MAX_PERIOD_DAYS } from './report-period';

const PERIOD_MESSAGES: Record<PeriodProblem, { field: string; message: string }> = {
  invalidDate: { field: 'from', message: '対象期間の日付は実在する日を YYYY-MM-DD で指定してください' },
  reversed: { field: 'from', message: '対象期間の開始日は終了日と同じか、それより前にしてください' },
  tooLong: {
    field: 'to',
    message: `対象期間は ${Math.floor(MAX_PERIOD_DAYS / 366)} 年以内にしてください`,
  },
};

export const StandingReportErrors = {
  unknownKind: (kind: string) =>
    new AppError('STANDING_REPORT_UNKNOWN', 404, `定例報告「${kind}」はありません。`),
  period: (problem: PeriodProblem) => {
    const { field, message } = PERIOD_MESSAGES[problem];
    return fieldError('STANDING_REPORT_PERIOD_INVALID', 400, `${message}。`, field, message);
  },
  kindsUnknown: (kinds: string[]) =>
    fieldError(
      'STANDING_REPORT_UNKNOWN',
      400,
      `作成できない定例報告が指定されています（${kinds.join('、')}）。`,
      'kinds',
      `作成できない定例報告です: ${kinds.join('、')}`,
    ),
};

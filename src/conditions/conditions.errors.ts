import { AppError } from '../common/errors/app-error';

export const ConditionErrors = {
  notFound: () => new AppError('CONDITION_NOT_FOUND', 404, '指定された付帯意見・条件は見つかりません。'),
  attachmentNotFound: () =>
    new AppError('CONDITION_ATTACHMENT_NOT_FOUND', 404, '指定された添付ファイルは見つかりません。'),
  attachmentTooLarge: (limitMb: number) =>
    new AppError('CONDITION_ATTACHMENT_TOO_LARGE', 413, `添付ファイルは 1 件 ${limitMb}MB までです。`, {
      errors: [{ field: 'files', messages: [`${limitMb}MB を超えるファイルは添付できません`] }],
    }),
};

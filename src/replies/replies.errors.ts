import { AppError } from '../common/errors/app-error';

export const ReplyErrors = {
  notFound: () => new AppError('REPLY_NOT_FOUND', 404, '指定された答申は見つかりません。'),
  issued: (number: string) =>
    new AppError(
      'REPLY_ALREADY_ISSUED',
      409,
      `${number}は発出済みのため変更できません。発出した内容は確定版として保存されています。`,
    ),
  standardConditionNotFound: () =>
    new AppError('STANDARD_CONDITION_NOT_FOUND', 404, '指定された定型文言は見つかりません。'),
};

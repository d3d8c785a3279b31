import { AppError, notFoundError } from '../common/errors/app-error';

export const ReplyErrors = {
  notFound: () => notFoundError('REPLY_NOT_FOUND', '答申'),
  issued: (number: string) =>
    new AppError(
      'REPLY_ALREADY_ISSUED',
      409,
      `${number}は発出済みのため変更できません。発出した内容は確定版として保存されています。`,
    ),
  standardConditionNotFound: () => notFoundError('STANDARD_CONDITION_NOT_FOUND', '定型文言'),
};

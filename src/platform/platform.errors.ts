import { AppError, fieldError, notFoundError } from '../common/errors/app-error';

export const PlatformErrors = {
  restoreRunning: () =>
    new AppError(
      'PLATFORM_COUNCIL_RESTORE_RUNNING',
      409,
      'この審議会のデータの復元が実行中です。復元が終わると、審議会は元の状態に戻ります。',
    ),
  councilNotFound: () => notFoundError('PLATFORM_COUNCIL_NOT_FOUND', '審議会'),
  adminNotFound: () => notFoundError('PLATFORM_ADMIN_NOT_FOUND', 'プラットフォーム管理者のアカウント'),
  lastAdmin: () =>
    new AppError(
      'PLATFORM_LAST_ADMIN',
      409,
      '有効なプラットフォーム管理者が 1 人もいなくなるため、このアカウントは停止できません。先に別の管理者を用意してください。',
    ),
  cannotDisableSelf: () =>
    new AppError(
      'PLATFORM_CANNOT_DISABLE_SELF',
      409,
      '自分自身のアカウントは停止できません。別のプラットフォーム管理者に依頼してください。',
    ),
  nothingToChange: () =>
    fieldError(
      'VALIDATION_FAILED',
      400,
      '変更する項目を指定してください。',
      'councilName',
      '変更する項目を指定してください',
    ),
};

import { AppError, fieldError, notFoundError } from '../common/errors/app-error';

export const UserErrors = {
  notFound: () => notFoundError('USER_NOT_FOUND', '利用者'),
  /** `field`: the form field that held the name (the council set-up form calls it `adminUsername`). */
  usernameTaken: (username: string, field = 'username') =>
    fieldError(
      'USER_USERNAME_TAKEN',
      409,
      `ユーザー名「${username}」は既に使われています。`,
      field,
      '既に使われているユーザー名です',
    ),
  clerkNeedsDepartment: () =>
    fieldError(
      'USER_DEPARTMENT_REQUIRED',
      400,
      '担当課職員（clerk）には所属課が必要です。',
      'departmentId',
      '担当課職員には所属課を選んでください',
    ),
  departmentUnknown: () =>
    fieldError(
      'USER_DEPARTMENT_UNKNOWN',
      400,
      '指定された所属課は存在しないか、廃止されています。',
      'departmentId',
      '存在しない所属課です',
    ),
  cannotDisableSelf: () =>
    new AppError('USER_CANNOT_DISABLE_SELF', 409, '自分自身のアカウントは停止できません。'),
  lastAdmin: () =>
    new AppError(
      'USER_LAST_ADMIN',
      409,
      '有効なシステム管理者が 1 人もいなくなるため、この変更はできません。',
    ),
};

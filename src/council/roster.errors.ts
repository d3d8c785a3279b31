import { AppError, fieldError } from '../common/errors/app-error';

export const RosterErrors = {
  notFound: () => new AppError('ROSTER_MEMBER_NOT_FOUND', 404, '指定された委員は名簿にありません。'),
  termInvalid: () =>
    fieldError(
      'ROSTER_TERM_INVALID',
      400,
      '任期の末日は初日以降の日付にしてください。',
      'termEnd',
      '任期の初日以降の日付にしてください',
    ),
  hasHistory: (name: string) =>
    new AppError(
      'ROSTER_MEMBER_HAS_HISTORY',
      409,
      `${name}委員は会議の出席者として記録されているため、名簿から削除できません。退任の場合は任期の末日を設定してください。`,
    ),
  orderMismatch: () =>
    new AppError(
      'ROSTER_ORDER_STALE',
      409,
      '名簿が他の利用者によって変更されています。最新の名簿を読み込んでから、もう一度並べ替えてください。',
    ),
  alreadyLinked: (name: string) =>
    new AppError(
      'ROSTER_MEMBER_HAS_ACCOUNT',
      409,
      `${name}委員には既にアカウントが結び付けられています。先に結び付けを解除してください。`,
    ),
  accountTaken: (username: string) =>
    fieldError(
      'ROSTER_ACCOUNT_TAKEN',
      409,
      `アカウント「${username}」は既に名簿の別の委員に結び付けられています。`,
      'userId',
      '既に別の委員に結び付けられています',
    ),
  accountUnknown: () =>
    fieldError(
      'ROSTER_ACCOUNT_UNKNOWN',
      400,
      '指定されたアカウントは存在しないか、利用停止中です。',
      'userId',
      '存在しないか、利用停止中のアカウントです',
    ),
  accountRole: () =>
    fieldError(
      'ROSTER_ACCOUNT_ROLE',
      400,
      '名簿の委員に結び付けられるのは、役割が「委員」または「会長」のアカウントだけです。',
      'userId',
      '役割が委員または会長のアカウントを選んでください',
    ),
  notLinked: (name: string) =>
    new AppError('ROSTER_MEMBER_NO_ACCOUNT', 409, `${name}委員にはアカウントが結び付けられていません。`),
};

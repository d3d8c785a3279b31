import { AppError, fieldError } from '../common/errors/app-error';

export const AuthErrors = {
  invalidCredentials: () =>
    new AppError('AUTH_INVALID_CREDENTIALS', 401, 'ユーザー名またはパスワードが正しくありません。'),
  locked: (until: Date) =>
    new AppError(
      'AUTH_ACCOUNT_LOCKED',
      423,
      `ログインの失敗が続いたため、アカウントは ${until.toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' })} までロックされています。`,
      { lockedUntil: until.toISOString() },
    ),
  disabled: () =>
    new AppError(
      'AUTH_ACCOUNT_DISABLED',
      403,
      'このアカウントは利用停止されています。管理者に連絡してください。',
    ),
  councilSuspended: () =>
    new AppError(
      'AUTH_COUNCIL_SUSPENDED',
      403,
      'この審議会は利用停止中です。再開の時期はプラットフォームの管理者（運用事業者）に問い合わせてください。',
    ),
  tokenExpired: () =>
    new AppError('AUTH_TOKEN_EXPIRED', 401, 'ログインの有効期限が切れました。もう一度ログインしてください。'),
  tokenInvalid: () =>
    new AppError('AUTH_TOKEN_INVALID', 401, '認証情報が正しくありません。もう一度ログインしてください。'),
  sessionEnded: () =>
    new AppError('AUTH_SESSION_ENDED', 401, 'ログアウト済みです。もう一度ログインしてください。'),
  passwordChangeRequired: () =>
    new AppError(
      'AUTH_PASSWORD_CHANGE_REQUIRED',
      403,
      '初期パスワードのままです。先にパスワードを変更してください。',
    ),
  wrongCurrentPassword: () =>
    fieldError(
      'AUTH_WRONG_CURRENT_PASSWORD',
      400,
      '現在のパスワードが正しくありません。',
      'currentPassword',
      '現在のパスワードが正しくありません',
    ),
  weakPassword: (messages: string[]) =>
    fieldError('AUTH_WEAK_PASSWORD', 400, 'パスワードが条件を満たしていません。', 'newPassword', ...messages),
  roleRequired: () => new AppError('FORBIDDEN', 403, 'この画面・操作を利用する権限がありません。'),
};

import { AppError } from '../errors/app-error';

export const SecurityErrors = {
  tooManyRequests: (retryAfterSeconds: number) =>
    new AppError(
      'TOO_MANY_REQUESTS',
      429,
      `短時間にリクエストが集中したため、一時的に受付を制限しています。${retryAfterSeconds} 秒ほど待ってから、もう一度お試しください。`,
      { retryAfterSeconds },
    ),
  tooManyLogins: (retryAfterSeconds: number) =>
    new AppError(
      'LOGIN_RATE_LIMITED',
      429,
      `ログインの試行回数が上限に達しました。${retryAfterSeconds} 秒ほど待ってから、もう一度お試しください。`,
      { retryAfterSeconds },
    ),
  adminIpRefused: () =>
    new AppError(
      'ADMIN_IP_REFUSED',
      403,
      '管理機能は許可された端末（IP アドレス）からのみ利用できます。庁内の管理用端末から操作してください。',
    ),
};

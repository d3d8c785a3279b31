/** One field-level problem, pointing at the field by its path (e.g. `sections[2].vendor.name`). */
export interface FieldError {
  readonly field: string;
  readonly messages: string[];
}

/**
 * The one error type services throw. Each feature declares its codes and their HTTP status
 * next to its code (`<feature>.errors.ts`); the problem+json filter turns it into RFC 9457.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly detail: string,
    readonly extensions: { errors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(`${code}: ${detail}`);
  }
}

/** An error that also marks one field of the form, with the messages shown beside it. */
export const fieldError = (
  code: string,
  status: number,
  detail: string,
  field: string,
  ...messages: string[]
): AppError => new AppError(code, status, detail, { errors: [{ field, messages }] });

/** The 404 of one kind of record: 「指定された<what>は見つかりません。」 under the feature's code. */
export const notFoundError = (code: string, what: string): AppError =>
  new AppError(code, 404, `指定された${what}は見つかりません。`);

/** Errors shared by every feature. */
export const CommonErrors = {
  validation: (errors: FieldError[]) =>
    new AppError(
      'VALIDATION_FAILED',
      400,
      '入力内容に誤りがあります。各項目のメッセージを確認してください。',
      { errors },
    ),
  notFound: (what = 'ページまたはデータ') => notFoundError('NOT_FOUND', what),
  staleVersion: (what: string, updatedBy?: string | null, updatedAt?: Date | null) =>
    new AppError(
      'STALE_VERSION',
      409,
      `${what}は他の利用者${updatedBy ? `（${updatedBy}）` : ''}によって更新されています。最新の内容を読み込んでから、もう一度保存してください。`,
      { updatedBy: updatedBy ?? null, updatedAt: updatedAt?.toISOString() ?? null },
    ),
  conflict: (detail: string) => new AppError('CONFLICT', 409, detail),
  forbidden: (detail = 'この操作を行う権限がありません。') => new AppError('FORBIDDEN', 403, detail),
  unauthenticated: () => new AppError('UNAUTHENTICATED', 401, 'ログインしてください。'),
  malformedJson: () =>
    new AppError('MALFORMED_BODY', 400, 'リクエスト本文の JSON の形式が正しくありません。'),
  bodyTooLarge: (limit: string) =>
    new AppError('PAYLOAD_TOO_LARGE', 413, `リクエスト本文が大きすぎます（上限 ${limit}）。`),
  unsupportedMediaType: () =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'このリクエスト形式（Content-Type）には対応していません。'),
  databaseUnavailable: () =>
    new AppError(
      'SERVICE_UNAVAILABLE',
      503,
      'データベースに接続できません。しばらくしてからもう一度お試しください。',
    ),
  internal: () =>
    new AppError(
      'INTERNAL_ERROR',
      500,
      'サーバー内部でエラーが発生しました。時間をおいて再度お試しください。',
    ),
};

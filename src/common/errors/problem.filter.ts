import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Inject,
  Logger,
  Optional,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError, CommonErrors } from './app-error';
import { canonicalPath } from '../http/canonical-path';
import { sendProblem } from './problem';
import { isPublicApiPath } from '../http/security-rate-limit';

/** Renders errors for browser (non-API) requests; provided by the web module. */
export interface HtmlErrorRenderer {
  renderError(req: Request, res: Response, error: AppError): void;
}
export const HTML_ERROR_RENDERER = Symbol('HTML_ERROR_RENDERER');

/** What kind of refusal an audit entry records. */
export type RefusalKind = 'access.denied' | 'csrf.refused' | 'rate.limited' | 'ip.denied' | 'write.refused';

/** Audits refused requests without delaying the answer; provided by the auth module. */
export interface RefusalRecorder {
  refused(req: Request, kind: RefusalKind, refusal: { status: number; code?: string }): void;
}
export const REFUSAL_RECORDER = Symbol('REFUSAL_RECORDER');

const HTTP_DETAILS: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'リクエストの内容が正しくありません。'],
  401: ['UNAUTHENTICATED', 'ログインしてください。'],
  403: ['FORBIDDEN', 'この操作を行う権限がありません。'],
  404: ['NOT_FOUND', '指定されたページまたはデータは見つかりません。'],
  405: ['METHOD_NOT_ALLOWED', 'この操作は許可されていません。'],
  406: ['NOT_ACCEPTABLE', '要求された形式では応答できません。'],
  413: ['PAYLOAD_TOO_LARGE', 'リクエスト本文が大きすぎます。'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'このリクエスト形式（Content-Type）には対応していません。'],
  503: ['SERVICE_UNAVAILABLE', '一時的に利用できません。しばらくしてからもう一度お試しください。'],
  429: ['TOO_MANY_REQUESTS', 'リクエストが多すぎます。しばらくしてからもう一度お試しください。'],
};

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  // a query written to a connection the server has just closed
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
  // too_many_connections
  '53300',
]);

/** Maps anything thrown to an AppError; nothing of the original (stack, SQL, driver text) leaks. */
export function toAppError(exception: unknown): AppError {
  if (exception instanceof AppError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const [code, detail] = HTTP_DETAILS[status] ?? [
      status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR',
      'リクエストを処理できませんでした。',
    ];
    return new AppError(code, status, detail);
  }
  const name = (exception as { name?: string } | null)?.name;
  if (name === 'OptimisticLockVersionMismatchError') return CommonErrors.staleVersion('このデータ');
  // TypeORM releases a transaction's runner when its connection fails between two queries; the
  // request's next query then finds it released (a unit of work releases it only once done).
  if (name === 'QueryRunnerAlreadyReleasedError' || name === 'QueryRunnerProviderAlreadyReleasedError')
    return CommonErrors.databaseUnavailable();
  const driverCode =
    (exception as { code?: string; driverError?: { code?: string } } | null)?.driverError?.code ??
    (exception as { code?: string } | null)?.code;
  if (exception instanceof QueryFailedError) {
    switch (driverCode) {
      case '23505':
        return new AppError('DUPLICATE', 409, '同じ内容のデータが既に登録されています。');
      case '23503':
        return new AppError(
          'REFERENCE_INVALID',
          409,
          '関連するデータが存在しないか、他のデータから参照されています。',
        );
      case '22P02':
      case '22007':
      case '22008':
        return new AppError('BAD_REQUEST', 400, '値の形式が正しくありません。');
      case '22001':
        return new AppError('VALUE_TOO_LONG', 400, '入力された値が長すぎます。');
      case '22003':
        return new AppError('VALUE_OUT_OF_RANGE', 400, '数値が扱える範囲を超えています。');
      case '40001':
      case '40P01':
        return new AppError('RETRY_LATER', 503, '他の処理と競合しました。もう一度お試しください。');
    }
  }
  if (driverCode && CONNECTION_ERRORS.has(driverCode)) return CommonErrors.databaseUnavailable();
  if (
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|not currently accepting connections|too many clients|is not queryable/i.test(
      String((exception as Error)?.message),
    )
  ) {
    return CommonErrors.databaseUnavailable();
  }
  return CommonErrors.internal();
}

export function isApiRequest(req: Request): boolean {
  // Express routes `/API/…` to the API too: answer it as the API.
  const path = canonicalPath(req.path);
  return path.startsWith('/api') || isPublicApiPath(path);
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    @Optional() @Inject(HTML_ERROR_RENDERER) private readonly html?: HtmlErrorRenderer,
    @Optional() @Inject(REFUSAL_RECORDER) private readonly refusals?: RefusalRecorder,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const error = toAppError(exception);
    if (error.status >= 500) {
      this.logger.error({ err: exception, url: req.originalUrl, problem: error.code }, 'request failed');
    }
    // Refused access: 401 and 403 anywhere, and a 404 a service gave a signed-in user (a record
    // they may not see). A 404 for a path no route serves is not a refusal.
    const signedIn = Boolean((req as Request & { user?: unknown }).user);
    // A council being restored refuses its people's requests too (503, COUNCIL_RESTORING).
    if (
      error.status === 401 ||
      error.status === 403 ||
      (error.status === 404 && exception instanceof AppError && signedIn) ||
      error.code === 'COUNCIL_RESTORING'
    )
      this.refusals?.refused(req, 'access.denied', error);
    if (res.headersSent) return;
    const retryAfter = error.extensions.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    if (!isApiRequest(req) && this.html) {
      this.html.renderError(req, res, error);
      return;
    }
    sendProblem(res, error, req.originalUrl.split('?')[0]);
  }
}

import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  NestInterceptor,
  Optional,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, Observable, throwError } from 'rxjs';
import type { AuthUser } from '../auth/auth-user';
import { REFUSAL_RECORDER, toAppError, type RefusalRecorder } from '../common/errors/problem.filter';
import { truncateCodePoints } from './audit-chain';
import { AUDIT_ACTION, AUDIT_SKIP, AUDIT_TARGET } from './audit.decorators';
import { AuditService, type AuditAction } from './audit.service';

const METHOD_ACTIONS: Record<string, AuditAction> = {
  GET: 'view',
  HEAD: 'view',
  POST: 'create',
  PUT: 'update',
  PATCH: 'update',
  DELETE: 'delete',
};

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Records every API and UI request (views included) after it finished, with its outcome.
 * Runs after the handler, so a rolled-back write is logged as the failure it was.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
    @Optional() @Inject(REFUSAL_RECORDER) private readonly refusals?: RefusalRecorder,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(AUDIT_SKIP, targets)) return this.refusedWrites(ctx, next);
    const http = ctx.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthUser; id?: unknown }>();
    const res = http.getResponse<Response>();
    const action =
      this.reflector.getAllAndOverride<AuditAction>(AUDIT_ACTION, targets) ??
      METHOD_ACTIONS[req.method] ??
      'view';
    const targetType = this.reflector.getAllAndOverride<string>(AUDIT_TARGET, targets) ?? null;

    const write = (status: number) => {
      const user = req.user;
      const params = req.params as Record<string, string> | undefined;
      return this.audit.recordQuietly({
        actor: user ? { id: user.id, name: user.username, role: user.role } : null,
        action,
        targetType,
        targetId: params?.id ?? null,
        ip: req.ip ?? null,
        status,
        detail: {
          method: req.method,
          path: truncateCodePoints(req.originalUrl.split('?')[0], 500),
          requestId: String(req.id ?? ''),
        },
      });
    };
    // The entry is written before the response is released, so an answered request is always on record.
    return next.handle().pipe(
      concatMap((value) => {
        // Nest sets the status when it sends the response, after this point: derive it as Nest will.
        const declared = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler());
        const status = res.headersSent
          ? res.statusCode
          : (declared ?? (req.method === 'POST' ? HttpStatus.CREATED : res.statusCode));
        return from(write(status).then(() => value));
      }),
      catchError((err: unknown) =>
        from(write(toAppError(err).status)).pipe(concatMap(() => throwError(() => err))),
      ),
    );
  }

  /**
   * A route that audits itself still leaves a trace when it refuses a write (4xx), whether it
   * threw or rendered the refusal itself (the UI forms): noted once the answer is sent.
   */
  private refusedWrites(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const refusals = this.refusals;
    if (!refusals || !WRITES.has(req.method)) return next.handle();
    let code: string | undefined;
    res.once('finish', () => {
      if (res.statusCode >= 400 && res.statusCode < 500)
        refusals.refused(req, 'write.refused', { status: res.statusCode, code });
    });
    return next.handle().pipe(
      catchError((err: unknown) => {
        code = toAppError(err).code;
        return throwError(() => err);
      }),
    );
  }
}

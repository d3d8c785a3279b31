import { UseInterceptors, type NestInterceptor, type StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { concatMap } from 'rxjs';

/** How a route turns what its handler returned into the file it answers with (headers go on `res`). */
export type FileSender<T> = (res: Response, value: T) => StreamableFile | Promise<StreamableFile>;

/**
 * A download route's handler returns the file's content (a paper, a table) and `send` answers with it,
 * so handlers need no `@Res()`: the interceptor runs inside the audit one, as the handler did.
 */
export function SendsFile<T>(send: FileSender<T>) {
  const interceptor: NestInterceptor<T, StreamableFile> = {
    intercept: (ctx, next) =>
      next.handle().pipe(concatMap(async (value) => send(ctx.switchToHttp().getResponse<Response>(), value))),
  };
  return UseInterceptors(interceptor);
}

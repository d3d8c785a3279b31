import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
  type Type,
  UseInterceptors,
} from '@nestjs/common';
import { ApiConsumes } from '@nestjs/swagger';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { ATTACHMENT_MAX_BYTES } from './attachments.service';
import { CaseErrors } from './cases.errors';

const Multer: Type<NestInterceptor> = FileInterceptor('file', {
  // Memory storage, capped: multer stops reading a file at the limit and fails the request.
  limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 10, fieldSize: 4000, parts: 12 },
});

/**
 * One file field `file`. A request that announces a body far above the limit is refused before a
 * byte is read; one that does not (chunked) is cut off by multer at the limit.
 */
@Injectable()
export class AttachmentUploadInterceptor implements NestInterceptor {
  private readonly multer = new Multer();

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<Request>();
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > ATTACHMENT_MAX_BYTES + 1024 * 1024) {
      http.getResponse<Response>().setHeader('Connection', 'close');
      throw CaseErrors.attachmentTooLarge(ATTACHMENT_MAX_BYTES / 1024 / 1024);
    }
    try {
      return (await this.multer.intercept(ctx, next)) as Observable<unknown>;
    } catch (e) {
      if (e instanceof PayloadTooLargeException)
        throw CaseErrors.attachmentTooLarge(ATTACHMENT_MAX_BYTES / 1024 / 1024);
      throw e;
    }
  }
}

/**
 * A route that takes one uploaded file in the multipart field `file` (through the interceptor above);
 * `alsoAccepts` are the other request types it takes (e.g. `application/json` when the file is optional).
 */
export const AcceptsFile = (...alsoAccepts: string[]) =>
  applyDecorators(
    ApiConsumes('multipart/form-data', ...alsoAccepts),
    UseInterceptors(AttachmentUploadInterceptor),
  );

import {
  Controller,
  Injectable,
  PayloadTooLargeException,
  Query,
  UploadedFiles,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { HistoryImportQueryDto, HistoryImportResultDto } from './dto/history-import.dto';
import { HistoryErrors } from './history.errors';
import { HistoryImportService } from './history-import.service';
import { ApiWrite } from '../common/openapi/route';

/** Per file: a minutes or 答申 PDF of many pages, or a long case list. */
export const HISTORY_FILE_MAX_BYTES = 20 * 1024 * 1024;

/** The whole request: an import is held in memory until it is checked, so it is bounded as a whole. */
export const HISTORY_REQUEST_MAX_BYTES = 200 * 1024 * 1024;

const Multer: Type<NestInterceptor> = FileFieldsInterceptor(
  [
    { name: 'document', maxCount: 1 },
    { name: 'files', maxCount: 100 },
  ],
  { limits: { fileSize: HISTORY_FILE_MAX_BYTES, files: 101, fields: 5, fieldSize: 1000 } },
);

/** The document and its PDFs; a request announced above the total limit is refused before a byte is read. */
@Injectable()
class HistoryUploads implements NestInterceptor {
  private readonly multer = new Multer();

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = ctx.switchToHttp();
    const declared = Number(http.getRequest<Request>().headers['content-length'] ?? 0);
    if (declared > HISTORY_REQUEST_MAX_BYTES) {
      http.getResponse<Response>().setHeader('Connection', 'close');
      throw HistoryErrors.tooLarge(
        HISTORY_FILE_MAX_BYTES / 1024 / 1024,
        HISTORY_REQUEST_MAX_BYTES / 1024 / 1024,
      );
    }
    try {
      return (await this.multer.intercept(ctx, next)) as Observable<unknown>;
    } catch (e) {
      if (e instanceof PayloadTooLargeException)
        throw HistoryErrors.tooLarge(
          HISTORY_FILE_MAX_BYTES / 1024 / 1024,
          HISTORY_REQUEST_MAX_BYTES / 1024 / 1024,
        );
      throw e;
    }
  }
}

interface Uploaded {
  originalname: string;
  buffer: Buffer;
}

@ApiTags('過去の記録')
@AuditTarget('history')
@Controller('api/history')
export class HistoryController {
  constructor(private readonly history: HistoryImportService) {}

  /**
   * Imports past meetings, cases, 答申 and minutes: one JSON (or CSV list of cases) in `document`
   * and the PDFs it names in `files`. Checked as a whole first; nothing is written on any error.
   */
  @ApiWrite(
    'post',
    'import',
    '過去の会議・事案・答申・会議録を取り込む',
    ['secretariat', 'admin'],
    HistoryImportResultDto,
  )
  @NoAudit()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['document'],
      properties: {
        document: {
          type: 'string',
          format: 'binary',
          description: 'JSON（形式 shingikai-history/1）または CSV',
        },
        files: { type: 'array', items: { type: 'string', format: 'binary' }, description: '参照される PDF' },
      },
    },
  })
  @UseInterceptors(HistoryUploads)
  async import(
    @CurrentUser() user: AuthUser,
    @Query() query: HistoryImportQueryDto,
    @UploadedFiles() uploads: { document?: Uploaded[]; files?: Uploaded[] } | undefined,
  ): Promise<HistoryImportResultDto> {
    const document = uploads?.document?.[0];
    if (!document) throw HistoryErrors.noDocument();
    const files = (uploads?.files ?? []).map((f) => ({ name: fileNameOf(f.originalname), buffer: f.buffer }));
    const result = await this.history.import(user, {
      document: { name: fileNameOf(document.originalname), buffer: document.buffer },
      files,
      source: query.source ?? null,
      dryRun: query.dryRun ?? false,
    });
    return HistoryImportResultDto.from(result);
  }
}

/** Multer gives the name as latin1 bytes; browsers send UTF-8 (Japanese file names). */
function fileNameOf(original: string): string {
  return Buffer.from(original, 'latin1').toString('utf8');
}

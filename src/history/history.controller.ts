import {
  Controller,
  HttpCode,
  Post,
  Query,
  UploadedFiles,
  UseInterceptors,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { HistoryImportQueryDto, HistoryImportResultDto } from './dto/history-import.dto';
import { HistoryErrors } from './history.errors';
import { HistoryImportService } from './history-import.service';

/** Per file: a minutes or 答申 PDF of many pages, or a long case list. */
export const HISTORY_FILE_MAX_BYTES = 20 * 1024 * 1024;

const HistoryUploads: Type<NestInterceptor> = FileFieldsInterceptor(
  [
    { name: 'document', maxCount: 1 },
    { name: 'files', maxCount: 200 },
  ],
  { limits: { fileSize: HISTORY_FILE_MAX_BYTES, files: 201, fields: 5, fieldSize: 1000 } },
);

interface Uploaded {
  originalname: string;
  buffer: Buffer;
}

@ApiTags('history')
@AuditTarget('history')
@Controller('api/history')
export class HistoryController {
  constructor(private readonly history: HistoryImportService) {}

  /**
   * Imports past meetings, cases, 答申 and minutes: one JSON (or CSV list of cases) in `document`
   * and the PDFs it names in `files`. Checked as a whole first; nothing is written on any error.
   */
  @Roles('secretariat', 'admin')
  @NoAudit()
  @Post('import')
  @HttpCode(200)
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
  @ApiOkResponse({ type: HistoryImportResultDto })
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

import {
  applyDecorators,
  Controller,
  Get,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAs, AuditTarget, NoAudit } from '../audit/audit.decorators';
import { AuditQueryDto } from '../audit/dto/audit.dto';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import type { UploadedFileLike } from '../cases/attachments.service';
import { CaseQueryDto } from '../cases/dto/case-query.dto';
import { sniffFileType } from '../cases/file-type';
import { ExportErrors } from './exports.errors';
import { ExportsService } from './exports.service';
import { contentDisposition, CSV_TYPE, toCsv, toXlsx, XLSX_TYPE, type ExportTable } from './table';
import { ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

const ITEM_LIST_MAX_BYTES = 5 * 1024 * 1024;
const CSV_RESPONSE = {
  description: 'CSV（UTF-8・BOM 付き・CRLF）',
  schema: { type: 'string', format: 'binary' },
} as const;
const XLSX_RESPONSE = {
  description: 'Excel ブック（xlsx）',
  schema: { type: 'string', format: 'binary' },
} as const;

/** Today in Japan as YYYYMMDD, for file names. */
function stamp(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date()).replace(/-/g, '');
}

type Format = 'csv' | 'xlsx';

/** A list export route: `GET export.csv` or `export.xlsx`, audited as a download, typed in OpenAPI. */
const ExportRoute = (format: Format) =>
  applyDecorators(
    Get(`export.${format}`),
    AuditAs('download'),
    ApiProduces(format === 'csv' ? CSV_TYPE : XLSX_TYPE),
    ApiOkResponse(format === 'csv' ? CSV_RESPONSE : XLSX_RESPONSE),
  );

async function sendTable(format: Format, res: Response, table: ExportTable, ascii: string) {
  const xlsx = format === 'xlsx';
  const ext = xlsx ? 'xlsx' : 'csv';
  const body = xlsx ? await toXlsx(table) : toCsv(table);
  res.setHeader('Content-Type', xlsx ? XLSX_TYPE : CSV_TYPE);
  res.setHeader(
    'Content-Disposition',
    contentDisposition(`${table.name}_${stamp()}.${ext}`, `${ascii}.${ext}`),
  );
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(body);
}

@ApiTags('Excel・CSV')
@AuditTarget('case')
@Controller('api/cases')
export class CaseExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** The case list with the list's filters, as CSV (UTF-8 with BOM). */
  @ApiOperation({ summary: '事案の一覧を CSV で取得する（一覧と同じ絞り込み）' })
  @ExportRoute('csv')
  @Roles('clerk', 'secretariat', 'chair')
  async caseListCsv(
    @CurrentUser() user: AuthUser,
    @Query() q: CaseQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendTable('csv', res, await this.exports.caseList(user, q), 'cases');
  }

  /** The case list with the list's filters, as an Excel workbook. */
  @ApiOperation({ summary: '事案の一覧を Excel で取得する（一覧と同じ絞り込み）' })
  @ExportRoute('xlsx')
  @Roles('clerk', 'secretariat', 'chair')
  async caseListXlsx(
    @CurrentUser() user: AuthUser,
    @Query() q: CaseQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendTable('xlsx', res, await this.exports.caseList(user, q), 'cases');
  }

  /** 付属資料1 (the item list) in the layout of the paper. */
  @ApiGet(
    ':id/items.xlsx',
    '個人情報項目一覧を Excel で取得する',
    ['clerk', 'secretariat', 'member', 'chair'],
    XLSX_RESPONSE,
  )
  @AuditAs('download')
  @ApiProduces(XLSX_TYPE)
  async itemList(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { file, title } = await this.exports.itemListXlsx(user, id);
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', contentDisposition(`${title}_項目一覧.xlsx`, 'items.xlsx'));
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(file);
  }

  /** Replaces the item list with an edited export; every bad cell is reported and nothing is written. */
  // The case update audits itself; a refused file is still recorded as a refused write.
  @NoAudit()
  @ApiWrite('post', ':id/items.xlsx', '個人情報項目一覧を Excel から取り込む', ['clerk'], {
    description: '取り込んだ後の事案のバージョン',
    schema: { type: 'object', properties: { version: { type: 'integer' } } },
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: '書き出した項目一覧を編集した xlsx' },
      },
    },
  })
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: ITEM_LIST_MAX_BYTES, files: 1, fields: 5, parts: 6 } }),
  )
  async importItemList(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @UploadedFile() file: UploadedFileLike | undefined,
  ): Promise<{ version: number }> {
    if (!file || file.size === 0) throw ExportErrors.noFile();
    const type = sniffFileType(file.buffer);
    if (!type.ok || !type.extensions.includes('xlsx')) throw ExportErrors.notXlsx(file.originalname);
    return { version: await this.exports.importItemList(user, id, file.buffer) };
  }
}

@ApiTags('Excel・CSV')
@AuditTarget('condition')
@Controller('api/conditions')
export class ConditionExportsController {
  constructor(private readonly exports: ExportsService) {}

  @ApiOperation({ summary: '附帯条件の一覧を CSV で取得する' })
  @ExportRoute('csv')
  @Roles('clerk', 'secretariat', 'chair')
  async conditionListCsv(
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
    @Query('state') state?: string,
    @Query('overdue') overdue?: string,
  ): Promise<StreamableFile> {
    return sendTable('csv', res, await this.conditionList(user, state, overdue), 'conditions');
  }

  @ApiOperation({ summary: '附帯条件の一覧を Excel で取得する' })
  @ExportRoute('xlsx')
  @Roles('clerk', 'secretariat', 'chair')
  async conditionListXlsx(
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
    @Query('state') state?: string,
    @Query('overdue') overdue?: string,
  ): Promise<StreamableFile> {
    return sendTable('xlsx', res, await this.conditionList(user, state, overdue), 'conditions');
  }

  /** The same filter reading as the conditions list. */
  private conditionList(user: AuthUser, state?: string, overdue?: string): Promise<ExportTable> {
    return this.exports.conditionList(user, {
      state: state || undefined,
      overdue: overdue === undefined || overdue === '' ? undefined : overdue === 'true',
    });
  }
}

@ApiTags('Excel・CSV')
@AuditTarget('kpi')
@Controller('api/kpi')
export class KpiExportsController {
  constructor(private readonly exports: ExportsService) {}

  @ApiOperation({ summary: '事務局の指標を CSV で取得する' })
  @ExportRoute('csv')
  @Roles('secretariat')
  async kpiCsv(
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendTable('csv', res, await this.exports.kpiFigures(user), 'kpi');
  }

  @ApiOperation({ summary: '事務局の指標を Excel で取得する' })
  @ExportRoute('xlsx')
  @Roles('secretariat')
  async kpiXlsx(
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendTable('xlsx', res, await this.exports.kpiFigures(user), 'kpi');
  }
}

@ApiTags('Excel・CSV')
@AuditTarget('audit')
@Roles('admin')
@Controller('api/admin/audit')
export class AuditExportsController {
  constructor(private readonly exports: ExportsService) {}

  @ApiOperation({ summary: '監査ログを CSV で取得する' })
  @ExportRoute('csv')
  async auditLogCsv(
    @Query() q: AuditQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendTable('csv', res, await this.exports.auditLog(q), 'audit-log');
  }

  @ApiOperation({ summary: '監査ログを Excel で取得する' })
  @ExportRoute('xlsx')
  async auditLogXlsx(
    @Query() q: AuditQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendTable('xlsx', res, await this.exports.auditLog(q), 'audit-log');
  }
}

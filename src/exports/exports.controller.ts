import { Controller, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
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
import { contentDisposition, XLSX_TYPE, type ExportTable } from './table';
import { ExportRoute, XLSX_RESPONSE } from './export-route';
import { ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

const ITEM_LIST_MAX_BYTES = 5 * 1024 * 1024;

@ApiTags('Excel・CSV')
@AuditTarget('case')
@Controller('api/cases')
export class CaseExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** The case list with the list's filters, as CSV (UTF-8 with BOM). */
  @ExportRoute(
    'csv',
    '事案の一覧を CSV で取得する（一覧と同じ絞り込み）',
    ['clerk', 'secretariat', 'chair'],
    'cases',
  )
  caseListCsv(@CurrentUser() user: AuthUser, @Query() q: CaseQueryDto): Promise<ExportTable> {
    return this.exports.caseList(user, q);
  }

  /** The case list with the list's filters, as an Excel workbook. */
  @ExportRoute(
    'xlsx',
    '事案の一覧を Excel で取得する（一覧と同じ絞り込み）',
    ['clerk', 'secretariat', 'chair'],
    'cases',
  )
  caseListXlsx(@CurrentUser() user: AuthUser, @Query() q: CaseQueryDto): Promise<ExportTable> {
    return this.exports.caseList(user, q);
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

  @ExportRoute('csv', '附帯条件の一覧を CSV で取得する', ['clerk', 'secretariat', 'chair'], 'conditions')
  conditionListCsv(
    @CurrentUser() user: AuthUser,
    @Query('state') state?: string,
    @Query('overdue') overdue?: string,
  ): Promise<ExportTable> {
    return this.conditionList(user, state, overdue);
  }

  @ExportRoute('xlsx', '附帯条件の一覧を Excel で取得する', ['clerk', 'secretariat', 'chair'], 'conditions')
  conditionListXlsx(
    @CurrentUser() user: AuthUser,
    @Query('state') state?: string,
    @Query('overdue') overdue?: string,
  ): Promise<ExportTable> {
    return this.conditionList(user, state, overdue);
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

  @ExportRoute('csv', '事務局の指標を CSV で取得する', ['secretariat'], 'kpi')
  kpiCsv(@CurrentUser() user: AuthUser): Promise<ExportTable> {
    return this.exports.kpiFigures(user);
  }

  @ExportRoute('xlsx', '事務局の指標を Excel で取得する', ['secretariat'], 'kpi')
  kpiXlsx(@CurrentUser() user: AuthUser): Promise<ExportTable> {
    return this.exports.kpiFigures(user);
  }
}

@ApiTags('Excel・CSV')
@AuditTarget('audit')
@Roles('admin')
@Controller('api/admin/audit')
export class AuditExportsController {
  constructor(private readonly exports: ExportsService) {}

  @ExportRoute('csv', '監査ログを CSV で取得する', 'controller', 'audit-log')
  auditLogCsv(@Query() q: AuditQueryDto): Promise<ExportTable> {
    return this.exports.auditLog(q);
  }

  @ExportRoute('xlsx', '監査ログを Excel で取得する', 'controller', 'audit-log')
  auditLogXlsx(@Query() q: AuditQueryDto): Promise<ExportTable> {
    return this.exports.auditLog(q);
  }
}

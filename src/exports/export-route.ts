import { applyDecorators, StreamableFile } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAs } from '../audit/audit.decorators';
import { SendsFile } from '../common/openapi/file-route';
import { ApiGet, type Access } from '../common/openapi/route';
import { contentDisposition, CSV_TYPE, toCsv, toXlsx, XLSX_TYPE, type ExportTable } from './table';
import { todayInJapan } from '../common/format/today';

const CSV_RESPONSE = {
  description: 'CSV（UTF-8・BOM 付き・CRLF）',
  schema: { type: 'string', format: 'binary' },
} as const;
export const XLSX_RESPONSE = {
  description: 'Excel ブック（xlsx）',
  schema: { type: 'string', format: 'binary' },
} as const;

/** Today in Japan as YYYYMMDD, for file names. */
const stamp = (): string => todayInJapan().replace(/-/g, '');

type Format = 'csv' | 'xlsx';

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

/**
 * A list export route: `GET export.csv` or `export.xlsx`, audited as a download, typed in OpenAPI;
 * the handler returns the table and the route sends it as a file (`ascii` is its ASCII file name).
 */
export const ExportRoute = (format: Format, summary: string, who: Access, ascii: string) =>
  applyDecorators(
    ApiGet(`export.${format}`, summary, who, format === 'csv' ? CSV_RESPONSE : XLSX_RESPONSE),
    AuditAs('download'),
    ApiProduces(format === 'csv' ? CSV_TYPE : XLSX_TYPE),
    SendsFile((res, table: ExportTable) => sendTable(format, res, table, ascii)),
  );

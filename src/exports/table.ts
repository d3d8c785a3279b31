import ExcelJS from 'exceljs';

export type TableCell = string | number | null | undefined;

/** One list as it leaves the application: Japanese headers, one line per record. */
export interface ExportTable {
  /** Sheet name and the download's base name (Japanese). */
  readonly name: string;
  readonly headers: readonly string[];
  readonly rows: readonly TableCell[][];
}

const BOM = '\uFEFF';

function csvField(value: TableCell): string {
  const s = value === null || value === undefined ? '' : String(value);
  // A leading =, +, - or @ would make Excel run the cell as a formula (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV in UTF-8 with a BOM and CRLF, so Excel opens the Japanese text as written. */
export function toCsv(table: ExportTable): Buffer {
  const lines = [table.headers, ...table.rows].map((r) => r.map(csvField).join(','));
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

/** The same table as one worksheet with a bold, frozen header row. */
export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '審議会諮問・報告管理';
  const ws = wb.addWorksheet(sheetName(table.name), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...table.headers]).font = { bold: true };
  for (const row of table.rows) ws.addRow(row.map((v) => (v === undefined ? null : v)));
  table.headers.forEach((h, i) => {
    const longest = Math.max(h.length, ...table.rows.slice(0, 200).map((r) => String(r[i] ?? '').length));
    ws.getColumn(i + 1).width = Math.min(60, Math.max(8, longest * 2 + 2));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Excel refuses sheet names over 31 characters or with []:*?/\. */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '・').slice(0, 31) || 'Sheet1';
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

/** `attachment` with the Japanese name in RFC 5987 form and an ASCII fallback. */
export function contentDisposition(fileName: string, ascii: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

import ExcelJS from 'exceljs';
import type { ItemColumnData, ItemRowData } from '../cases/case-aggregate';
import type { CellValue } from '../cases/case-kinds';
import { ITEM_KEY } from '../cases/dto/section.dto';

/**
 * 付属資料1 (the item list) as a workbook laid out like the paper: procedures down, personal data
 * items across under their groups, ◎ (required) / ○ (optional) in the cells. Below the item names,
 * two rows flag 要配慮個人情報 and マイナンバー, and a row keeps each column's key so an edited
 * file comes back onto the same columns.
 */
export const ITEM_SHEET = '項目一覧';
const ROW_GROUP = 1;
const ROW_LABEL = 2;
const ROW_SENSITIVE = 3;
const ROW_MY_NUMBER = 4;
const ROW_KEY = 5;
const FIRST_DATA_ROW = 6;
const FIRST_ITEM_COL = 3;

const H_DEPARTMENT = '担当課/業務名';
const H_PROCEDURE = '申請手続名';
const H_OTHER = 'その他個人に関する情報項目';
const H_NOTE = '備考';
const FLAG = '該当';

const LIMITS = { label: 100, groupLabel: 100, short: 200, medium: 2000 };
const MAX_COLUMNS = 100;
const MAX_ROWS = 300;

export interface ItemList {
  columns: ItemColumnData[];
  rows: Omit<ItemRowData, 'id'>[];
}

export interface SheetCellError {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

const MARKS: Record<string, CellValue> = { '◎': 'required', '○': 'optional', 〇: 'optional', '': null };
const MARK_OF: Record<string, string> = { required: '◎', optional: '○' };

export async function itemListWorkbook(items: ItemList, caseTitle: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '審議会諮問・報告管理';
  wb.title = `${caseTitle} 項目一覧`;
  const ws = wb.addWorksheet(ITEM_SHEET, {
    views: [{ state: 'frozen', xSplit: FIRST_ITEM_COL - 1, ySplit: ROW_KEY }],
  });
  const cols = items.columns;
  const otherCol = FIRST_ITEM_COL + cols.length;
  ws.getCell(ROW_GROUP, 1).value = '区分';
  ws.getCell(ROW_LABEL, 1).value = H_DEPARTMENT;
  ws.getCell(ROW_LABEL, 2).value = H_PROCEDURE;
  ws.getCell(ROW_SENSITIVE, 1).value = `要配慮個人情報（「${FLAG}」）`;
  ws.getCell(ROW_MY_NUMBER, 1).value = `マイナンバー（「${FLAG}」）`;
  ws.getCell(ROW_KEY, 1).value = '列キー（変更しないでください）';
  cols.forEach((c, i) => {
    const col = FIRST_ITEM_COL + i;
    ws.getCell(ROW_GROUP, col).value = c.groupLabel;
    ws.getCell(ROW_LABEL, col).value = c.label;
    ws.getCell(ROW_SENSITIVE, col).value = c.sensitive ? FLAG : null;
    ws.getCell(ROW_MY_NUMBER, col).value = c.myNumber ? FLAG : null;
    ws.getCell(ROW_KEY, col).value = c.key;
    ws.getColumn(col).width = Math.max(6, Math.min(16, c.label.length * 2 + 2));
  });
  // One group heading over its consecutive items, as on the paper (a merged cell reads back as its group).
  for (let start = 0; start < cols.length; ) {
    let end = start;
    while (end + 1 < cols.length && cols[end + 1].groupLabel === cols[start].groupLabel) end++;
    if (end > start && cols[start].groupLabel)
      ws.mergeCells(ROW_GROUP, FIRST_ITEM_COL + start, ROW_GROUP, FIRST_ITEM_COL + end);
    start = end + 1;
  }
  ws.getCell(ROW_LABEL, otherCol).value = H_OTHER;
  ws.getCell(ROW_LABEL, otherCol + 1).value = H_NOTE;
  items.rows.forEach((r, i) => {
    const row = ws.getRow(FIRST_DATA_ROW + i);
    row.getCell(1).value = r.departmentBusiness;
    row.getCell(2).value = r.procedureName;
    cols.forEach((c, j) => {
      const v = r.cells[c.key];
      row.getCell(FIRST_ITEM_COL + j).value = v ? MARK_OF[v] : null;
      row.getCell(FIRST_ITEM_COL + j).alignment = { horizontal: 'center' };
    });
    row.getCell(otherCol).value = r.otherItems;
    row.getCell(otherCol + 1).value = r.note;
  });
  ws.getColumn(1).width = 30;
  ws.getColumn(2).width = 30;
  ws.getColumn(otherCol).width = 30;
  ws.getColumn(otherCol + 1).width = 20;
  for (const r of [ROW_GROUP, ROW_LABEL]) ws.getRow(r).font = { bold: true };
  ws.getRow(ROW_KEY).font = { color: { argb: 'FF808080' }, size: 8 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function text(ws: ExcelJS.Worksheet, row: number, col: number): string {
  return ws.getCell(row, col).text.trim();
}

/**
 * Reads an item list back. Every problem is reported with its cell; the caller writes nothing
 * unless `errors` is empty.
 */
export async function parseItemListWorkbook(
  file: Buffer,
): Promise<{ items: ItemList; errors: [] } | { items: null; errors: SheetCellError[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return {
      items: null,
      errors: [{ sheet: '', row: 0, column: '', message: 'Excel ブック（xlsx）として読み込めません。' }],
    };
  }
  const ws = wb.getWorksheet(ITEM_SHEET) ?? wb.worksheets[0];
  if (!ws)
    return { items: null, errors: [{ sheet: '', row: 0, column: '', message: 'シートがありません。' }] };
  const errors: SheetCellError[] = [];
  const fail = (row: number, col: number, message: string) =>
    errors.push({ sheet: ws.name, row, column: columnLetter(col), message });

  if (text(ws, ROW_LABEL, 1) !== H_DEPARTMENT)
    fail(ROW_LABEL, 1, `見出しは「${H_DEPARTMENT}」です（書き出した様式のまま使ってください）。`);
  if (text(ws, ROW_LABEL, 2) !== H_PROCEDURE)
    fail(ROW_LABEL, 2, `見出しは「${H_PROCEDURE}」です（書き出した様式のまま使ってください）。`);
  let otherCol = 0;
  for (let c = FIRST_ITEM_COL; c <= Math.max(ws.columnCount, FIRST_ITEM_COL); c++) {
    if (text(ws, ROW_LABEL, c) === H_OTHER) {
      otherCol = c;
      break;
    }
  }
  if (!otherCol) {
    fail(ROW_LABEL, FIRST_ITEM_COL, `2 行目に「${H_OTHER}」の見出しがありません。`);
    return { items: null, errors };
  }
  if (text(ws, ROW_LABEL, otherCol + 1) !== H_NOTE)
    fail(ROW_LABEL, otherCol + 1, `見出しは「${H_NOTE}」です。`);
  if (otherCol - FIRST_ITEM_COL > MAX_COLUMNS)
    fail(ROW_LABEL, FIRST_ITEM_COL + MAX_COLUMNS, `項目は ${MAX_COLUMNS} 列までです。`);

  const columns: ItemColumnData[] = [];
  const seen = new Map<string, number>();
  const flag = (row: number, col: number, what: string): boolean => {
    const v = text(ws, row, col);
    if (v === '') return false;
    if (v === FLAG || v === '○' || v === '〇') return true;
    fail(row, col, `${what}の欄は「${FLAG}」か空欄です（「${v}」は使えません）。`);
    return false;
  };
  for (let c = FIRST_ITEM_COL; c < otherCol; c++) {
    const label = text(ws, ROW_LABEL, c);
    const groupLabel = text(ws, ROW_GROUP, c);
    let key = text(ws, ROW_KEY, c);
    if (!label) fail(ROW_LABEL, c, '項目名がありません。');
    else if (label.length > LIMITS.label) fail(ROW_LABEL, c, `項目名は ${LIMITS.label} 文字までです。`);
    if (groupLabel.length > LIMITS.groupLabel)
      fail(ROW_GROUP, c, `区分は ${LIMITS.groupLabel} 文字までです。`);
    // A column added in Excel has no key yet: it gets one from its place.
    if (!key) key = `item-${c - FIRST_ITEM_COL + 1}`;
    else if (!ITEM_KEY.test(key))
      fail(
        ROW_KEY,
        c,
        '列キーは半角英小文字・数字・_ - で 50 文字以内です（書き出したときの値に戻してください）。',
      );
    if (seen.has(key))
      fail(ROW_KEY, c, `列キー「${key}」が ${columnLetter(seen.get(key)!)} 列と重複しています。`);
    seen.set(key, c);
    columns.push({
      key,
      label,
      groupLabel,
      sensitive: flag(ROW_SENSITIVE, c, '要配慮個人情報'),
      myNumber: flag(ROW_MY_NUMBER, c, 'マイナンバー'),
    });
  }

  const rows: ItemList['rows'] = [];
  const lastRow = ws.actualRowCount ? ws.rowCount : FIRST_DATA_ROW - 1;
  for (let r = FIRST_DATA_ROW; r <= lastRow; r++) {
    const values = Array.from({ length: otherCol + 1 }, (_, i) => text(ws, r, i + 1));
    if (values.every((v) => v === '')) continue;
    if (rows.length === MAX_ROWS) {
      fail(r, 1, `申請手続は ${MAX_ROWS} 行までです。`);
      break;
    }
    const [departmentBusiness, procedureName] = values;
    const otherItems = values[otherCol - 1];
    const note = values[otherCol];
    if (!procedureName) fail(r, 2, '申請手続名がありません。');
    if (departmentBusiness.length > LIMITS.short) fail(r, 1, `${LIMITS.short} 文字までです。`);
    if (procedureName.length > LIMITS.short) fail(r, 2, `${LIMITS.short} 文字までです。`);
    if (otherItems.length > LIMITS.medium) fail(r, otherCol, `${LIMITS.medium} 文字までです。`);
    if (note.length > LIMITS.medium) fail(r, otherCol + 1, `${LIMITS.medium} 文字までです。`);
    const cells: Record<string, CellValue> = {};
    columns.forEach((col, j) => {
      const c = FIRST_ITEM_COL + j;
      const mark = values[c - 1];
      if (!(mark in MARKS)) {
        fail(r, c, `「${mark}」は使えません。◎（必須）・○（任意）・空欄のいずれかにしてください。`);
        return;
      }
      if (MARKS[mark]) cells[col.key] = MARKS[mark];
    });
    rows.push({ departmentBusiness, procedureName, cells, otherItems, note });
  }
  if (errors.length) return { items: null, errors };
  return { items: { columns, rows }, errors: [] };
}

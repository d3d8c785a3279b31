import ExcelJS from 'exceljs';
import { toCsv, toXlsx, type ExportTable } from './table';

const table: ExportTable = {
  name: '事案一覧',
  headers: ['件名', '備考'],
  rows: [
    ['屋上緑化見本園の見学申込', 'カンマ, と "引用符"'],
    ['改行\nを含む', null],
    ['=1+1', '@SUM(A1)'],
  ],
};

describe('export tables', () => {
  it('CSV starts with the UTF-8 BOM and ends lines with CRLF', () => {
    const csv = toCsv(table);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8').slice(1);
    expect(text.startsWith('件名,備考\r\n')).toBe(true);
    expect(text).toContain('屋上緑化見本園の見学申込,"カンマ, と ""引用符"""\r\n');
    expect(text).toContain('"改行\nを含む",\r\n');
  });

  it('CSV cells that Excel would run as formulas are kept as text', () => {
    const text = toCsv(table).toString('utf8');
    expect(text).toContain("'=1+1,'@SUM(A1)\r\n");
  });

  it('the workbook holds the headers and rows', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(table)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('事案一覧')!;
    expect(ws.getRow(1).values).toEqual([undefined, '件名', '備考']);
    expect(ws.getCell('B2').value).toBe('カンマ, と "引用符"');
    expect(ws.getCell('A4').value).toBe('=1+1');
    expect(ws.rowCount).toBe(4);
  });
});

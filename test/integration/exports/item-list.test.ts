import ExcelJS from 'exceljs';
import request from 'supertest';
import { createCase, seedCaseCatalog } from '../../support/case-fixtures';
import { userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { downloadBinary } from '../../support/download';

type Login = Awaited<ReturnType<typeof userWithToken>>;
let t: TestApp;
let clerk: Login;
let otherClerk: Login;
let member: Login;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The item list of the 屋上緑化見本園 sample (seeds/cases.json), plus the two flags. */
const ITEMS = {
  columns: [
    { key: 'id', label: 'ID', groupLabel: '電子申請に係る項目' },
    { key: 'email', label: '電子メールアドレス', groupLabel: '電子申請に係る項目' },
    { key: 'address', label: '住所', groupLabel: '現行（紙による申請）と同じ申請項目' },
    { key: 'name', label: '氏名', groupLabel: '現行（紙による申請）と同じ申請項目' },
    { key: 'health', label: '病歴', groupLabel: '現行（紙による申請）と同じ申請項目', sensitive: true },
    { key: 'mynumber', label: '個人番号', groupLabel: '現行（紙による申請）と同じ申請項目', myNumber: true },
  ],
  rows: [
    {
      departmentBusiness: '道とみどりの課/屋上等緑化の推進',
      procedureName: '屋上緑化見本園見学申込',
      cells: { id: 'required', email: 'required', address: 'optional', name: 'required' },
      otherItems: '申請者区分',
      note: '',
    },
    {
      departmentBusiness: '道とみどりの課/屋上等緑化の推進',
      procedureName: '緑化助成の申請',
      cells: { name: 'required', health: 'optional', mynumber: 'required' },
      otherItems: '',
      note: '郵送でも受け付ける',
    },
  ],
};

async function exportItems(caseId: string, auth: { Authorization: string }): Promise<Buffer> {
  const res = await downloadBinary(t.http, `/api/cases/${caseId}/items.xlsx`, auth).expect(200);
  expect(res.headers['content-type']).toBe(XLSX);
  return res.body as Buffer;
}

function importItems(caseId: string, auth: { Authorization: string }, file: Buffer, name = 'items.xlsx') {
  return request(t.http).post(`/api/cases/${caseId}/items.xlsx`).set(auth).attach('file', file, name);
}

/** The item list as a clerk sees it, without the rows' database ids. */
async function itemsOf(caseId: string) {
  const res = await request(t.http).get(`/api/cases/${caseId}`).set(clerk.auth).expect(200);
  return {
    version: res.body.version as number,
    columns: res.body.items.columns,
    rows: res.body.items.rows.map(({ id: _id, ...r }: { id: string }) => r),
  };
}

async function edit(file: Buffer, change: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  change(wb.getWorksheet('項目一覧')!);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  t = await startTestApp();
  await seedCaseCatalog(t.ds);
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
  otherClerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
  member = await userWithToken(t.http, t.ds, { role: 'member' });
});
afterAll(() => t.close());

describe('item list in Excel', () => {
  it('is laid out like the paper: groups over item names, ◎/○ per procedure, flags', async () => {
    const c = await createCase(t.http, clerk.auth, { title: '屋上緑化見本園の見学申込', items: ITEMS });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportItems(c.id, clerk.auth)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('項目一覧')!;
    expect(ws.getCell('A2').text).toBe('担当課/業務名');
    expect(ws.getCell('B2').text).toBe('申請手続名');
    expect(ws.getCell('C1').text).toBe('電子申請に係る項目');
    expect(ws.getCell('C2').text).toBe('ID');
    // Each group heads its items in one merged cell.
    expect(ws.getCell('D1').isMerged && ws.getCell('D1').master.address).toBe('C1');
    expect(ws.getCell('H1').master.address).toBe('E1');
    expect(ws.getCell('E1').text).toBe('現行（紙による申請）と同じ申請項目');
    expect(ws.getCell('E2').text).toBe('住所');
    expect(ws.getCell('G3').text).toBe('該当'); // 病歴: 要配慮個人情報
    expect(ws.getCell('H4').text).toBe('該当'); // 個人番号: マイナンバー
    expect(ws.getCell('I2').text).toBe('その他個人に関する情報項目');
    expect(ws.getCell('B6').text).toBe('屋上緑化見本園見学申込');
    expect([ws.getCell('C6').text, ws.getCell('E6').text, ws.getCell('G6').text]).toEqual(['◎', '○', '']);

    const view = await request(t.http)
      .get(`/cases/${c.id}`)
      .set('Cookie', `shingikai_session=${clerk.token}`)
      .expect(200);
    expect(view.text).toContain(`href="/api/cases/${c.id}/items.xlsx"`);
  });

  it('round trip: an exported file imported into another case gives the same item list', async () => {
    const source = await createCase(t.http, clerk.auth, { title: '見本園（元）', items: ITEMS });
    const target = await createCase(t.http, clerk.auth, { title: '見本園（取り込み先）' });
    const file = await exportItems(source.id, clerk.auth);
    const res = await importItems(target.id, clerk.auth, file).expect(200);
    const after = await itemsOf(target.id);
    expect(res.body.version).toBe(after.version);
    const expected = await itemsOf(source.id);
    expect(after.columns).toEqual(expected.columns);
    expect(after.rows).toEqual(expected.rows);
    expect(after.columns.find((col: { key: string }) => col.key === 'health')).toMatchObject({
      sensitive: true,
      myNumber: false,
    });
  });

  it('an edited file replaces the list: a new mark and a new row', async () => {
    const c = await createCase(t.http, clerk.auth, { title: '見本園（編集）', items: ITEMS });
    const file = await edit(await exportItems(c.id, clerk.auth), (ws) => {
      ws.getCell('F6').value = '○';
      ws.getRow(8).values = ['道とみどりの課', '見学の取消', '◎'];
    });
    await importItems(c.id, clerk.auth, file).expect(200);
    const after = await itemsOf(c.id);
    expect(after.rows[0].cells).toMatchObject({ name: 'optional' });
    expect(after.rows[2]).toMatchObject({ procedureName: '見学の取消', cells: { id: 'required' } });
  });

  it('a broken file names every bad cell and changes nothing', async () => {
    const c = await createCase(t.http, clerk.auth, { title: '見本園（誤り）', items: ITEMS });
    const before = await itemsOf(c.id);
    const file = await edit(await exportItems(c.id, clerk.auth), (ws) => {
      ws.getCell('D6').value = '×'; // unknown mark
      ws.getCell('E2').value = null; // item without a name
      ws.getCell('C3').value = 'はい'; // bad flag
      ws.getCell('B7').value = null; // procedure without a name
    });
    const res = await importItems(c.id, clerk.auth, file).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('ITEM_LIST_INVALID');
    expect(res.body.detail).toContain('4 件の誤り');
    const cells = res.body.cells as { sheet: string; row: number; column: string; message: string }[];
    expect(cells.map((e) => `${e.sheet}!${e.column}${e.row}`).sort()).toEqual(
      ['項目一覧!B7', '項目一覧!C3', '項目一覧!D6', '項目一覧!E2'].sort(),
    );
    expect(cells.find((e) => e.column === 'D')!.message).toContain('「×」は使えません');
    expect(cells.find((e) => e.column === 'E')!.message).toContain('項目名がありません');
    expect(cells.find((e) => e.column === 'C')!.message).toContain('「はい」は使えません');
    expect(await itemsOf(c.id)).toEqual(before);
  });

  it('a file that is not an xlsx is refused by its content, whatever its name', async () => {
    const c = await createCase(t.http, clerk.auth, { title: '見本園（別の形式）', items: ITEMS });
    const res = await importItems(c.id, clerk.auth, Buffer.from('件名,氏名\r\n'), 'items.xlsx').expect(415);
    expect(res.body.code).toBe('ITEM_LIST_NOT_XLSX');
    const none = await request(t.http).post(`/api/cases/${c.id}/items.xlsx`).set(clerk.auth).field('x', '1');
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('ITEM_LIST_FILE_MISSING');
  });

  it('only the department’s clerk imports; members may not', async () => {
    const c = await createCase(t.http, clerk.auth, { title: '見本園（権限）', items: ITEMS });
    const file = await exportItems(c.id, clerk.auth);
    await importItems(c.id, member.auth, file).expect(403);
    const other = await importItems(c.id, otherClerk.auth, file);
    expect([403, 404]).toContain(other.status);
    await request(t.http).get(`/api/cases/${c.id}/items.xlsx`).set(otherClerk.auth).expect(other.status);
    await request(t.http).get(`/api/cases/${c.id}/items.xlsx`).expect(401);
  });
});

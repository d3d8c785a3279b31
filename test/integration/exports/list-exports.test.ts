import ExcelJS from 'exceljs';
import request from 'supertest';
import { createCase, seedCaseCatalog } from '../../support/case-fixtures';
import { makeDepartment, userWithToken, type Actor } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { downloadBinary } from '../../support/download';
import { parseCsv } from '../../../src/history/csv';

let t: TestApp;
let clerkA: Actor;
let clerkB: Actor;
let member: Actor;
let secretariat: Actor;
let admin: Actor;

/** A CSV export's rows (after its BOM), read by the app's own RFC 4180 reader (the history import's). */
const csvRows = (body: Buffer): string[][] => parseCsv(body.toString('utf8').slice(1)).rows;

function download(path: string, auth: { Authorization: string }) {
  return downloadBinary(t.http, path, auth);
}

beforeAll(async () => {
  t = await startTestApp();
  await seedCaseCatalog(t.ds);
  const deptA = await makeDepartment(t.ds, { name: '道とみどりの課' });
  const deptB = await makeDepartment(t.ds, { name: '区民活動支援課' });
  clerkA = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: deptA.id });
  clerkB = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: deptB.id });
  member = await userWithToken(t.http, t.ds, { role: 'member' });
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
  admin = await userWithToken(t.http, t.ds, { role: 'admin' });
  await createCase(t.http, clerkA.auth, { title: '屋上緑化見本園の見学申込, "電子申請"' });
  await createCase(t.http, clerkA.auth, { title: '公園の占用許可申請\n（改行入り）' });
  await createCase(t.http, clerkA.auth, { title: '街路樹の剪定要望受付' });
  await createCase(t.http, clerkB.auth, { title: '区民活動支援サイトの登録' });
});
afterAll(() => t.close());

describe('case list export', () => {
  it('CSV opens with the BOM and reads back as the list screen rows, only the clerk’s department', async () => {
    const res = await download('/api/cases/export.csv?sort=title', clerkA.auth).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('事案一覧_')}`,
    );
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(body);
    expect(rows[0]).toEqual(['受付番号', '件名', '手続', '状態', '担当課', '根拠条項', '作成日', '更新日時']);

    const list = await request(t.http).get('/api/cases?sort=title').set(clerkA.auth).expect(200);
    expect(rows.slice(1).map((r) => r[1])).toEqual(list.body.items.map((c: { title: string }) => c.title));
    expect(rows.slice(1).map((r) => r[3])).toEqual(
      list.body.items.map((c: { statusLabel: string }) => c.statusLabel),
    );
    expect(rows.slice(1).every((r) => r[4] === '道とみどりの課')).toBe(true);
    expect(rows.some((r) => r[1] === '区民活動支援サイトの登録')).toBe(false);
    expect(rows[1][6]).toMatch(/^令和\d+年\d+月\d+日$/);
  });

  it('the list filters apply to the export', async () => {
    const res = await download(`/api/cases/export.csv?q=${encodeURIComponent('街路樹')}`, clerkA.auth).expect(
      200,
    );
    const rows = csvRows(res.body as Buffer);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['街路樹の剪定要望受付']);
  });

  it('xlsx opens in exceljs and holds the same rows as the CSV', async () => {
    const csv = await download('/api/cases/export.csv?sort=title', clerkA.auth).expect(200);
    const xlsx = await download('/api/cases/export.xlsx?sort=title', clerkA.auth).expect(200);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    const ws = wb.getWorksheet('事案一覧')!;
    const sheetRows: string[][] = [];
    ws.eachRow((row) => {
      sheetRows.push(Array.from({ length: 8 }, (_, i) => row.getCell(i + 1).text));
    });
    expect(sheetRows).toEqual(csvRows(csv.body as Buffer));
    expect(sheetRows).toHaveLength(4);
  });

  it('a download is on the audit log', async () => {
    await download('/api/cases/export.xlsx', clerkB.auth).expect(200);
    const audit = await request(t.http)
      .get('/api/admin/audit?action=download&targetType=case')
      .set(admin.auth)
      .expect(200);
    expect(
      audit.body.items.some(
        (a: { actorName: string; detail: { path: string } }) =>
          a.actorName === clerkB.user.username && a.detail.path === '/api/cases/export.xlsx',
      ),
    ).toBe(true);
  });

  it('the list screen links the export with its current filters', async () => {
    const screen = await request(t.http)
      .get(`/cases?q=${encodeURIComponent('街路樹')}&sort=title&page=1`)
      .set('Cookie', `shingikai_session=${clerkA.token}`)
      .expect(200);
    const href = /href="(\/api\/cases\/export\.csv[^"]*)"/
      .exec(screen.text)?.[1]
      .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/&amp;/g, '&');
    expect(href).toBeDefined();
    expect(href).not.toContain('page=');
    const res = await download(href!, clerkA.auth).expect(200);
    const rows = csvRows(res.body as Buffer);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['街路樹の剪定要望受付']);

    const memberScreen = await request(t.http)
      .get('/cases')
      .set('Cookie', `shingikai_session=${member.token}`)
      .expect(200);
    expect(memberScreen.text).not.toContain('/api/cases/export');
  });

  it('members and anonymous callers get no export', async () => {
    await request(t.http).get('/api/cases/export.csv').set(member.auth).expect(403);
    await request(t.http).get('/api/cases/export.xlsx').expect(401);
  });

  it('a bad filter is a problem+json, not a file', async () => {
    const res = await request(t.http)
      .get('/api/cases/export.csv?procedure=other')
      .set(clerkA.auth)
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('other list exports', () => {
  it('the audit log exports for the administrator only', async () => {
    const res = await download('/api/admin/audit/export.csv', admin.auth).expect(200);
    const rows = csvRows(res.body as Buffer);
    expect(rows[0][0]).toBe('日時');
    expect(rows.some((r) => r[8] === '/api/cases/export.xlsx' && r[3] === 'download')).toBe(true);
    await request(t.http).get('/api/admin/audit/export.csv').set(member.auth).expect(403);
    await request(t.http).get('/api/admin/audit/export.xlsx').set(clerkA.auth).expect(403);
    await request(t.http).get('/api/admin/audit/export.csv').expect(401);
  });

  it('the KPI figures export for the secretariat', async () => {
    const res = await download('/api/kpi/export.xlsx', secretariat.auth).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const ws = wb.getWorksheet('主要指標')!;
    expect(ws.getRow(1).values).toEqual([undefined, '指標', '区分', '値']);
    const kpi = await request(t.http).get('/api/kpi').set(secretariat.auth).expect(200);
    const queue = ws.getRows(2, ws.rowCount - 1)!.find((r) => r.getCell(1).text === '受付待ち');
    expect(queue?.getCell(3).value).toBe(kpi.body.intakeQueue);
    await request(t.http).get('/api/kpi/export.csv').set(member.auth).expect(403);
    await request(t.http).get('/api/kpi/export.csv').set(clerkA.auth).expect(403);
  });

  it('the conditions list exports with its headers', async () => {
    const res = await download('/api/conditions/export.csv', secretariat.auth).expect(200);
    const rows = csvRows(res.body as Buffer);
    expect(rows[0]).toContain('付帯意見・条件');
    await request(t.http).get('/api/conditions/export.csv').set(member.auth).expect(403);
  });
});

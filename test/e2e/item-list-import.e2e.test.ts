import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import request from 'supertest';
import { createCase, seedCaseCatalog } from '../support/case-fixtures';
import { clickButton, closeBoth, fill, startBrowserApp } from '../support/browser';
import { makeUser, userWithToken } from '../support/factories';
import { type TestApp } from '../support/test-app';

let t: TestApp;
let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'item-import-'));

beforeAll(async () => {
  ({ t, browser } = await startBrowserApp());
  await seedCaseCatalog(t.ds);
}, 120_000);
afterAll(() => closeBoth(browser, t));

async function workbook(build: (ws: ExcelJS.Worksheet) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('項目一覧');
  ws.getRow(1).values = ['区分', '', '電子申請に係る項目', '電子申請に係る項目'];
  ws.getRow(2).values = ['担当課/業務名', '申請手続名', '氏名', '住所', 'その他個人に関する情報項目', '備考'];
  ws.getRow(5).values = ['列キー', '', 'name', 'address'];
  ws.getRow(6).values = ['道とみどりの課', '見本園見学申込', '◎', '○', '申請者区分', ''];
  build(ws);
  const path = join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

async function upload(page: Page, path: string) {
  const input = (await page.$('#items-file')) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(path);
  await page.click('[data-action="import-items"]');
}

describe('item list import in the case editor', () => {
  it('a broken file lists its bad cells; a good file replaces the grid', async () => {
    const clerk = await makeUser(t.ds, { role: 'clerk' });
    const owner = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: clerk.departmentId });
    const c = await createCase(t.http, owner.auth, { title: '項目一覧の取り込み' });

    const page = await (await browser.createBrowserContext()).newPage();
    await page.goto(`${t.baseUrl}/login`, { waitUntil: 'domcontentloaded' });
    await fill(page, '#username', clerk.username);
    await fill(page, '#password', clerk.password);
    await clickButton(page, 'ログイン');
    await page.goto(`${t.baseUrl}/cases/${c.id}/edit#tab-items`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#case-form[data-ready]', { timeout: 30_000 });
    expect(await page.$eval('[data-testid="items-export"]', (a) => a.getAttribute('href'))).toBe(
      `/api/cases/${c.id}/items.xlsx`,
    );

    await upload(
      page,
      await workbook((ws) => {
        ws.getCell('D6').value = '×';
      }),
    );
    await page.waitForSelector('#items-import-errors:not([hidden])', { timeout: 15_000 });
    const errors = await page.$eval('#items-import-errors', (el) => (el as HTMLElement).innerText);
    expect(errors).toContain('項目一覧!D6');
    expect(errors).toContain('「×」は使えません');
    const unchanged = await request(t.http).get(`/api/cases/${c.id}`).set(owner.auth).expect(200);
    expect(unchanged.body.items.rows).toHaveLength(0);

    await upload(page, await workbook(() => undefined));
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="item-grid"] tbody tr').length === 1,
      { timeout: 30_000 },
    );
    expect(await page.$eval('input[aria-label="申請手続名"]', (el) => (el as HTMLInputElement).value)).toBe(
      '見本園見学申込',
    );
    const after = await request(t.http).get(`/api/cases/${c.id}`).set(owner.auth).expect(200);
    expect(after.body.items.columns.map((col: { label: string }) => col.label)).toEqual(['氏名', '住所']);
    expect(after.body.items.rows[0].cells).toEqual({ name: 'required', address: 'optional' });
  }, 90_000);
});

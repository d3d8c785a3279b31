import type { Browser } from 'puppeteer-core';
import { createCase, seedCaseCatalog } from '../support/case-fixtures';
import { clickButton, closeBoth, fill, startBrowserApp } from '../support/browser';
import { makeUser, userWithToken } from '../support/factories';
import { type TestApp } from '../support/test-app';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  ({ t, browser } = await startBrowserApp());
  await seedCaseCatalog(t.ds);
}, 120_000);
afterAll(() => closeBoth(browser, t));

/** Minutes since midnight of `d` on the clock of Japan. */
function japanMinutes(d: Date): number {
  const [h, m] = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Tokyo',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(d)
    .split(':')
    .map(Number);
  return h * 60 + m;
}

describe('times on screen are Japan time', () => {
  it('the case editor tells the autosave time in Japan time on a browser set to UTC', async () => {
    const clerk = await makeUser(t.ds, { role: 'clerk' });
    const owner = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: clerk.departmentId });
    const c = await createCase(t.http, owner.auth, { title: '自動保存の時刻' });

    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    // The renderer's Chromium on a server runs in UTC: the screen must not follow it.
    await page.emulateTimezone('UTC');
    await page.goto(`${t.baseUrl}/login`, { waitUntil: 'domcontentloaded' });
    await fill(page, '#username', clerk.username);
    await fill(page, '#password', clerk.password);
    await clickButton(page, 'ログイン');
    await page.goto(`${t.baseUrl}/cases/${c.id}/edit`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#case-form[data-ready]', { timeout: 30_000 });

    const before = new Date();
    await fill(page, '#f-title', '自動保存の時刻（改）');
    await page.waitForSelector('[data-testid="save-status"][data-state="ok"]', { timeout: 30_000 });
    const after = new Date();
    const status = await page.$eval('[data-testid="save-status"]', (el) => el.textContent ?? '');

    const shown = /保存しました\s*(\d{1,2}):(\d{2})/.exec(status);
    expect(shown).not.toBeNull();
    const minutes = Number(shown![1]) * 60 + Number(shown![2]);
    expect([japanMinutes(before), japanMinutes(after)]).toContain(minutes);
    await context.close();
  }, 90_000);
});

import type { Browser, Page } from 'puppeteer-core';
import { makeDepartment, makeUser } from '../support/factories';
import { clickButton, closeBoth, fill, startBrowserApp, textOf } from '../support/browser';
import { type TestApp } from '../support/test-app';

let t: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ t, browser } = await startBrowserApp());
}, 120_000);
afterAll(() => closeBoth(browser, t));
beforeEach(async () => {
  const context = await browser.createBrowserContext();
  page = await context.newPage();
});

async function loginThroughUi(username: string, password: string) {
  await page.goto(`${t.baseUrl}/`, { waitUntil: 'domcontentloaded' });
  expect(new URL(page.url()).pathname).toBe('/login');
  await fill(page, '#username', username);
  await fill(page, '#password', password);
  await clickButton(page, 'ログイン');
}

describe('logging in through the UI', () => {
  it('a clerk changes the initial password, sees the dashboard, logs out', async () => {
    const dept = await makeDepartment(t.ds, { name: '道とみどりの課' });
    const clerk = await makeUser(t.ds, {
      role: 'clerk',
      username: 'midori',
      displayName: '緑川 葉子',
      departmentId: dept.id,
      mustChangePassword: true,
    });

    await loginThroughUi('midori', 'wrong-password-1');
    expect(await textOf(page, '.alert-error')).toContain('ユーザー名またはパスワードが正しくありません');

    await fill(page, '#password', clerk.password);
    await clickButton(page, 'ログイン');
    expect(new URL(page.url()).pathname).toBe('/password');
    expect(await textOf(page, 'main')).toContain('初期パスワード');

    // Nothing else is reachable before the change.
    await page.goto(`${t.baseUrl}/`, { waitUntil: 'domcontentloaded' });
    expect(new URL(page.url()).pathname).toBe('/password');

    await fill(page, '#currentPassword', clerk.password);
    await fill(page, '#newPassword', 'short');
    await fill(page, '#confirmPassword', 'short');
    await clickButton(page, '変更する');
    expect(await textOf(page, '#newPassword-error')).toContain('12 文字以上にしてください');

    await fill(page, '#currentPassword', clerk.password);
    await fill(page, '#newPassword', 'Kaede-new-pass-2026');
    await fill(page, '#confirmPassword', 'Kaede-new-pass-2026');
    await clickButton(page, '変更する');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await textOf(page, 'h1')).toBe('ダッシュボード');
    expect(await textOf(page, '[data-testid="user-name"]')).toBe('緑川 葉子');
    expect(await textOf(page, '[data-testid="user-role"]')).toBe('担当課職員');
    expect(await textOf(page, '[data-testid="user-department"]')).toBe('道とみどりの課');
    expect(await textOf(page, 'main')).toContain('所属課の事案');

    const cookies = await page.browserContext().cookies();
    const session = cookies.find((c) => c.name === 'shingikai_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');

    await clickButton(page, 'ログアウト');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.goto(`${t.baseUrl}/`, { waitUntil: 'domcontentloaded' });
    expect(new URL(page.url()).pathname).toBe('/login');

    // Second login shows the previous login time in 和暦.
    await fill(page, '#username', 'midori');
    await fill(page, '#password', 'Kaede-new-pass-2026');
    await clickButton(page, 'ログイン');
    expect(await textOf(page, '[data-testid="previous-login"]')).toMatch(
      /前回のログイン: 令和\d+年\d+月\d+日 \d+時\d{2}分/,
    );
  });

  it('an admin registers a user and sees the temporary password once', async () => {
    const admin = await makeUser(t.ds, { role: 'admin', username: 'kanri' });
    await loginThroughUi('kanri', admin.password);
    await page.goto(`${t.baseUrl}/admin/users`, { waitUntil: 'domcontentloaded' });
    expect(await textOf(page, 'h1')).toBe('利用者管理');
    await fill(page, '#username', 'iin-tanaka');
    await fill(page, '#displayName', '田中 一郎');
    await page.select('#role', 'member');
    await clickButton(page, '登録する');
    expect(await textOf(page, '[data-testid="created-user"]')).toContain('iin-tanaka');
    expect((await textOf(page, '[data-testid="temporary-password"]')).length).toBeGreaterThanOrEqual(12);

    // A clerk without a department is refused with a message beside the field.
    await fill(page, '#username', 'no-dept');
    await fill(page, '#displayName', '所属 なし');
    await page.select('#role', 'clerk');
    await clickButton(page, '登録する');
    expect(await textOf(page, '#departmentId-error')).toContain('所属課');
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM app_user WHERE username = 'no-dept'`);
    expect(n).toBe(0);
  });
});

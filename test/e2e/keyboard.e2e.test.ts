import type { Browser, Page } from 'puppeteer-core';
import { closeBoth, launchBrowser, textOf } from '../support/browser';
import { circulateSampleMinutes, startSampleApp } from '../support/sample-app';
import type { TestApp } from '../support/test-app';

/**
 * Keyboard only (Tab, Shift+Tab, arrows, Space, Enter; no mouse): a clerk answers the case wizard
 * and creates the case, a member confirms the minutes sent to them. Every stop of the focus must
 * be visibly marked, and focus must be able to leave every page region (no trap).
 */

const NAV = { waitUntil: 'domcontentloaded', timeout: 30_000 } as const;
const MAX_TABS = 120;

let t: TestApp;
let browser: Browser;
let meetingId: string;

beforeAll(async () => {
  ({ t } = await startSampleApp({ listen: true }));
  meetingId = await circulateSampleMinutes(t, [['honda', '本田 耕一']]);
  browser = await launchBrowser();
}, 180_000);
afterAll(() => closeBoth(browser, t));

interface Focused {
  tag: string;
  description: string;
  matches: boolean;
  outline: string;
  visible: boolean;
}

/** What has the focus, and whether it is visibly marked (an outline of at least 2px, or a ring). */
async function focused(page: Page, selector: string): Promise<Focused | null> {
  return page.evaluate((sel) => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const outline = `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
    const ring = s.outlineStyle !== 'none' && s.outlineStyle !== 'auto' && parseFloat(s.outlineWidth) >= 2;
    return {
      tag: el.tagName.toLowerCase(),
      description: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}[name=${el.getAttribute('name') ?? ''}] ${(
        el.innerText ||
        el.getAttribute('aria-label') ||
        (el as HTMLInputElement).value ||
        ''
      ).slice(0, 30)}`,
      matches: el.matches(sel),
      outline,
      visible: ring || s.boxShadow !== 'none',
    };
  }, selector);
}

/** Presses Tab (or Shift+Tab) until the focus is on `selector`; every element passed must show its focus. */
async function tabTo(page: Page, selector: string, opts: { back?: boolean } = {}): Promise<void> {
  const passed: string[] = [];
  for (let i = 0; i < MAX_TABS; i++) {
    if (opts.back) {
      await page.keyboard.down('Shift');
      await page.keyboard.press('Tab');
      await page.keyboard.up('Shift');
    } else await page.keyboard.press('Tab');
    const f = await focused(page, selector);
    if (!f) continue;
    passed.push(f.description);
    expect({ focus: f.description, outline: f.outline, visible: f.visible }).toEqual({
      focus: f.description,
      outline: f.outline,
      visible: true,
    });
    if (f.matches) return;
  }
  throw new Error(`${selector} not reached with the keyboard; focus went through: ${passed.join(' → ')}`);
}

/** Tabs on from wherever the focus is until it wraps to the page's first control: nothing traps it. */
async function tabsOutOfPage(page: Page): Promise<void> {
  const first = await page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('a[href], button, input, select, textarea');
    return el ? el.outerHTML.slice(0, 80) : null;
  });
  expect(first).not.toBeNull();
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80) ?? null);
    if (at === first) return;
  }
  throw new Error(`focus never came back to ${first}: trapped`);
}

async function pressAndWait(page: Page, key: 'Enter' | 'Space'): Promise<void> {
  await Promise.all([page.waitForNavigation(NAV), page.keyboard.press(key)]);
}

async function loginWithKeyboard(username: string, password: string): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.setDefaultTimeout(20_000);
  // `load`: the first Tab checks the focus ring, which needs the stylesheet (later pages have it cached).
  await page.goto(`${t.baseUrl}/login`, { ...NAV, waitUntil: 'load' });
  await tabTo(page, '#username');
  await page.keyboard.type(username);
  await tabTo(page, '#password');
  await page.keyboard.type(password);
  await pressAndWait(page, 'Enter');
  expect(new URL(page.url()).pathname).toBe('/');
  return page;
}

describe('keyboard only', () => {
  it('a clerk answers the case wizard and creates the case', async () => {
    const page = await loginWithKeyboard('clerk-midori', 'Midori-2026-init');
    await tabTo(page, 'a[href="/cases"]');
    await pressAndWait(page, 'Enter');
    await tabTo(page, 'a[href="/cases/new"]');
    await pressAndWait(page, 'Enter');
    expect(await textOf(page, 'h1')).toBe('事案の作成');

    // A radio group is one tab stop; the arrow keys choose within it.
    await tabTo(page, 'input[name="processing"]');
    await page.keyboard.press('ArrowLeft');
    await tabTo(page, 'input[name="outsourcing"]');
    await page.keyboard.press('ArrowLeft');
    await tabTo(page, 'input[name="outsourcingSubtypes"]');
    await page.keyboard.press('Space');
    // Back up to the connection question and answer it too.
    await tabTo(page, 'input[name="externalConnection"]', { back: true });
    await page.keyboard.press('ArrowLeft');
    await tabTo(page, '#connectionForm');
    await page.keyboard.press('ArrowDown');
    const answers = await page.$eval('form[data-testid="wizard"]', (f) =>
      Object.fromEntries(new FormData(f as HTMLFormElement) as unknown as [string, string][]),
    );
    expect(answers).toMatchObject({ processing: 'yes', externalConnection: 'yes', outsourcing: 'yes' });
    expect(answers.connectionForm).not.toBe('');
    expect(answers.outsourcingSubtypes).toBeTruthy();
    await tabTo(page, 'form[data-testid="wizard"] button[type="submit"]');
    await pressAndWait(page, 'Enter');
    expect(await textOf(page, '[data-testid="assessment"]')).toContain('【諮問】');

    await tabTo(page, '#title');
    await page.keyboard.type('キーボードだけで作成した事案');
    await tabTo(page, 'form[action="/cases/new"] button[type="submit"]');
    await pressAndWait(page, 'Space');
    const id = /^\/cases\/([0-9a-f-]{36})\/edit$/.exec(new URL(page.url()).pathname)?.[1];
    expect(id).toBeDefined();
    await page.waitForSelector('#case-form[data-ready]');
    expect(await page.$eval('#f-title', (e) => (e as HTMLTextAreaElement).value)).toBe(
      'キーボードだけで作成した事案',
    );
    const [row] = await t.ds.query(`SELECT title, status FROM case_file WHERE id = $1`, [id]);
    expect(row).toEqual({ title: 'キーボードだけで作成した事案', status: 'draft' });
    await tabsOutOfPage(page);
  });

  it('a member opens the minutes sent for confirmation and confirms them', async () => {
    const page = await loginWithKeyboard('honda', 'Test-password-2026');
    await tabTo(page, 'a[href="/minutes"]');
    await pressAndWait(page, 'Enter');
    expect(await textOf(page, '[data-testid="minutes-list"]')).toContain('確認待ち');
    await tabTo(page, `a[href="/minutes/${meetingId}/confirm"]`);
    await pressAndWait(page, 'Enter');
    expect(await textOf(page, '[data-testid="my-status"]')).toBe('確認待ち');
    await tabsOutOfPage(page);
    await tabTo(page, 'button.primary');
    expect(await textOf(page, 'button.primary')).toBe('内容を確認しました');
    await pressAndWait(page, 'Enter');
    expect(await textOf(page, '[data-testid="notice"]')).toContain('確認済みとしました');
    expect(await textOf(page, '[data-testid="my-status"]')).toBe('確認済み');
    const [row] = await t.ds.query(
      `SELECT c.status FROM minutes_confirmation c JOIN minutes m ON m.id = c.minutes_id
        WHERE m.meeting_id = $1 AND c.member_name = '本田 耕一'`,
      [meetingId],
    );
    expect(row.status).toBe('confirmed');
  });
});

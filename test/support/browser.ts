import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../../src/documents/renderer/chromium-pdf-renderer';
import { resolveChromiumBinary } from '../../src/documents/renderer/chromium-binary';
import { startTestApp, type TestApp } from './test-app';

/** A headless Chromium from the npm package (no apt, no download), for UI end-to-end tests. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = await resolveChromiumBinary(
    join(tmpdir(), 'shingikai-browser-cache'),
    process.env.CHROME_PATH ?? null,
  );
  return puppeteer.launch({ executablePath, headless: 'shell', args: [...CHROMIUM_ARGS] });
}

/** A test app listening on a port and a headless Chromium, for an end-to-end file. */
export async function startBrowserApp(): Promise<{ t: TestApp; browser: Browser }> {
  const t = await startTestApp({ listen: true });
  return { t, browser: await launchBrowser() };
}

/** Closes an end-to-end file's browser, then its app (either is missing when the setup failed first). */
export async function closeBoth(browser: Browser | undefined, app: TestApp | undefined): Promise<void> {
  await browser?.close();
  await app?.close();
}

/** Replaces the value of a form field. */
export async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.click(selector, { count: 3 });
  await page.type(selector, value);
}

/** Clicks the button whose whole text is `text` and waits for the page it leads to. */
export async function clickButton(page: Page, text: string): Promise<void> {
  const button = await page.waitForSelector(`::-p-xpath(//button[normalize-space()="${text}"])`, {
    timeout: 5000,
  });
  if (!button) throw new Error(`no button ${text}`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), button.click()]);
}

export async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => (el as HTMLElement).innerText);
}

/**
 * Logs in through the login page in a fresh browser context (its own cookies); returns the page.
 * `prepare` sets the page up first (viewport, timeouts, dialog answers).
 */
export async function loginInBrowser(
  browser: Browser,
  baseUrl: string,
  username: string,
  password: string,
  prepare?: (page: Page) => Promise<void> | void,
): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await prepare?.(page);
  await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' });
  await fill(page, '#username', username);
  await fill(page, '#password', password);
  await clickButton(page, 'ログイン');
  return page;
}

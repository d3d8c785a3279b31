import type { Browser, Page } from 'puppeteer-core';
import { clickButton, fill, launchBrowser } from '../../support/browser';
import { makeUser } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

/** A real Chromium enforces the Content-Security-Policy: the UI and Swagger UI must work under it. */
let t: TestApp;
let browser: Browser;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  browser = await launchBrowser();
  page = await (await browser.createBrowserContext()).newPage();
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  });
  await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
        `${location.pathname}: ${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it('the admin screens and Swagger UI run without a single CSP violation', async () => {
  const admin = await makeUser(t.ds, { role: 'admin' });
  await page.goto(`${t.baseUrl}/login`, { waitUntil: 'load' });
  await fill(page, '#username', admin.username);
  await fill(page, '#password', admin.password);
  await clickButton(page, 'ログイン');
  expect(new URL(page.url()).pathname).toBe('/');
  // The stylesheet from /assets applied (a blocked sheet would leave the default font size).
  const styled = await page.$eval('link[rel=stylesheet]', (l) => (l as HTMLLinkElement).sheet !== null);
  expect(styled).toBe(true);
  for (const path of ['/admin/users', '/admin/departments', '/admin/audit', '/password']) {
    await page.goto(`${t.baseUrl}${path}`, { waitUntil: 'load' });
    expect(new URL(page.url()).pathname).toBe(path);
  }

  await page.goto(`${t.baseUrl}/api/docs/`, { waitUntil: 'load' });
  await page.waitForSelector('.opblock', { timeout: 15_000 });
  // Swagger UI renders the operations as they scroll into view: scroll until the login operation shows.
  const found = await page.waitForFunction(
    () => {
      window.scrollBy(0, 1000);
      return Array.from(document.querySelectorAll('.opblock-summary-path')).some(
        (e) => e.textContent === '/api/auth/login',
      );
    },
    { timeout: 15_000, polling: 100 },
  );
  expect(await found.jsonValue()).toBe(true);
  expect(violations).toEqual([]);
});

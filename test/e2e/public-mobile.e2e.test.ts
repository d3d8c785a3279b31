import type { Browser, Page } from 'puppeteer-core';
import { violations } from '../support/axe';
import { closeBoth, launchBrowser } from '../support/browser';
import { startSampleApp } from '../support/sample-app';
import type { TestApp } from '../support/test-app';

/**
 * The public portal on a phone (issue 19: "works at 360 px wide"): at a 360 px wide viewport no page
 * scrolls sideways, nothing visible sticks out past the screen's edge (wide tables scroll inside
 * their own box), the search form fits, and axe-core finds no serious or critical violation.
 */
const NAV = { waitUntil: 'domcontentloaded', timeout: 30_000 } as const;
const WIDTH = 360;

let t: TestApp;
let browser: Browser;
let page: Page;
const paths: string[] = [];

beforeAll(async () => {
  ({ t } = await startSampleApp({ listen: true }));
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewport({ width: WIDTH, height: 740, isMobile: true, hasTouch: true });
  const [{ id: meeting }] = await t.ds.query(
    `SELECT meeting_id AS id FROM minutes WHERE state = 'published' LIMIT 1`,
  );
  const [{ id: reply }] = await t.ds.query(`SELECT id FROM reply WHERE issued_at IS NOT NULL LIMIT 1`);
  const slug = 'shinjuku';
  paths.push(
    `/public/${slug}`,
    `/public/${slug}/search?q=${encodeURIComponent('水道')}&role=${encodeURIComponent('委員')}`,
    `/public/${slug}/search?q=${encodeURIComponent('水道')}&from=x`,
    `/public/${slug}/minutes/${meeting}`,
    `/public/${slug}/replies`,
    `/public/${slug}/replies/${reply}`,
    `/public/${slug}/file-register`,
  );
}, 180_000);
afterAll(() => closeBoth(browser, t));

/** Visible elements whose box reaches past the viewport's right edge, outside any box that scrolls sideways. */
function sticking(): Promise<string[]> {
  return page.evaluate((width: number) => {
    const scrolls = (e: Element | null): boolean => {
      for (let p = e?.parentElement ?? null; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    const out: string[] = [];
    for (const e of Array.from(document.body.querySelectorAll('*'))) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === 'hidden') continue;
      if (r.right > width + 0.5 && !scrolls(e))
        out.push(
          `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ')[0] : ''} → ${Math.round(r.right)} px: ${(e.textContent ?? '').trim().slice(0, 30)}`,
        );
    }
    return out.slice(0, 10);
  }, WIDTH);
}

describe(`the public portal at ${WIDTH} px wide`, () => {
  it('no page scrolls sideways and nothing sticks out past the edge', async () => {
    const found: { path: string; pageWidth: number; sticking: string[] }[] = [];
    for (const path of paths) {
      const res = await page.goto(`${t.baseUrl}${path}`, NAV);
      expect({ path, ok: [200, 304, 400].includes(res?.status() ?? 0) }).toEqual({ path, ok: true });
      const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      found.push({ path, pageWidth, sticking: await sticking() });
    }
    expect(found).toEqual(paths.map((path) => ({ path, pageWidth: WIDTH, sticking: [] })));
  });

  it('the search form fits the screen, and the page passes axe-core at this width', async () => {
    await page.goto(`${t.baseUrl}${paths[1]}`, NAV);
    const fields = await page.$$eval('form input, form select, form button', (els) =>
      els
        .map((e) => e.getBoundingClientRect())
        .filter((r) => r.width > 0)
        .map((r) => ({ left: Math.round(r.left), right: Math.round(r.right) })),
    );
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) expect(f.left >= 0 && f.right <= WIDTH).toBe(true);
    for (const path of paths) {
      await page.goto(`${t.baseUrl}${path}`, NAV);
      expect({ path, violations: await violations(page) }).toEqual({ path, violations: [] });
    }
  });
});

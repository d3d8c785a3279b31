import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import request from 'supertest';
import { DEFAULT_ITEM_COLUMNS, OUTSOURCING_SUBTYPES, type SectionKind } from '../../src/cases/case-kinds';
import { caseCatalogSeed } from '../../src/cases/case-seed';
import { sampleCatalogue } from '../../src/council/setup/catalogues';
import { sectionFieldSpecs } from '../../src/cases/web/editor-fields';
import { foundationSeed, loadSampleDataIfEmpty } from '../../src/seeds/sample-data';
import { clickButton, closeBoth, launchBrowser, loginInBrowser, textOf } from '../support/browser';
import { login } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Clerks rebuild the two Shinjuku case documents (shared/domain/documents/shinjuku-*.txt) from
 * scratch in Chromium: the wizard, then every editor tab. The API, the read-only view and the HTML
 * preview must give back what was typed. The facts typed are those of the sample cases in
 * seeds/cases.json, which hold the documents' facts.
 */

type Cell = 'required' | 'optional';
interface SeedSection {
  kind: SectionKind;
  basis: string;
  itemKeys: string[];
  clauseSet?: string;
  [field: string]: unknown;
}
interface SeedCase {
  title: string;
  confidentialityLevel: number;
  contact: Record<string, string>;
  overview: Record<string, string>;
  items: {
    columns: { key: string; label: string; groupLabel: string }[];
    rows: {
      departmentBusiness: string;
      procedureName: string;
      cells: Record<string, Cell>;
      otherItems: string;
      note: string;
    }[];
  };
  sections: SeedSection[];
  securityMeasuresIntro?: string;
  securityMeasures: string[];
}
const seeds = JSON.parse(readFileSync(join(process.cwd(), 'seeds', 'cases.json'), 'utf8'))
  .cases as SeedCase[];
const rooftop = seeds.find((c) => c.title.includes('屋上緑化見本園'))!;
const activitySite = seeds.find((c) => c.title.includes('新宿区民活動支援サイト'))!;
const clauseSetNames = new Map<string, string>(
  (sampleCatalogue(join(process.cwd(), 'seeds')).clauseSets ?? []).map(
    (s: { code: string; name: string }) => [s.code, s.name],
  ),
);

/** Editor fields of a sheet (the page's own list, so a new field is typed too), minus those without a seed value. */
function sheetFields(s: SeedSection) {
  return sectionFieldSpecs(s.kind, [...OUTSOURCING_SUBTYPES]).filter((f) => {
    const v = valueAt(s, f.path);
    return v !== undefined && !(f.type === 'checkbox' && v === false);
  });
}
function valueAt(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      obj,
    );
}
const domId = (path: string) => `#f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
/** Whitespace and line breaks are layout, not content. */
const flat = (s: string) => s.replace(/\s+/g, '');

let t: TestApp;
let browser: Browser;
let pdfPath: string;
let pdfBytes: Buffer;

/** A one-page PDF with a valid cross-reference table (what a scanner or Word would produce, only smaller). */
function smallPdf(): Buffer {
  const stream = 'BT /F1 18 Tf 72 770 Td (LGWAN network diagram) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const NAV = { waitUntil: 'domcontentloaded', timeout: 30_000 } as const;

/** Replaces a field's text the way an IME commit or a paste does: one input event for the whole text. */
async function enter(p: Page, selector: string, value: string): Promise<void> {
  const el = (await p.waitForSelector(selector, { visible: true, timeout: 10_000 })) as ElementHandle<
    HTMLInputElement | HTMLTextAreaElement
  >;
  await el.focus();
  await el.evaluate((e) => e.select());
  if (value === '') await p.keyboard.press('Backspace');
  else await p.keyboard.sendCharacter(value);
  expect({ selector, value: await el.evaluate((e) => e.value) }).toEqual({ selector, value });
}

async function openTab(p: Page, id: string): Promise<void> {
  await p.click(`[data-tab="${id}"]`);
  await p.waitForSelector(`#${id}:not([hidden])`, { timeout: 10_000 });
}

/** Waits until the editor has sent every change and the server accepted it. */
async function saved(p: Page): Promise<void> {
  await p.waitForSelector('[data-testid="save-status"][data-state="ok"]', { timeout: 30_000 });
}

/**
 * Clicks an editor button that saves and shows the page again. Some also change the URL's #tab,
 * which is a navigation of its own, so wait for a new document whose editor script is running.
 */
async function clickAndReload(p: Page, selector: string): Promise<void> {
  await p.evaluate(() => {
    (window as { replaced?: boolean }).replaced = true;
  });
  await p.click(selector);
  await p.waitForFunction(
    () => !(window as { replaced?: boolean }).replaced && !!document.querySelector('#case-form[data-ready]'),
    { timeout: 30_000 },
  );
}

const loginAs = (username: string, password: string) =>
  loginInBrowser(browser, t.baseUrl, username, password, async (page) => {
    await page.setViewport({ width: 1280, height: 900 });
    page.setDefaultTimeout(20_000);
    page.setDefaultNavigationTimeout(30_000);
  });

/** Answers the wizard (yes for the listed questions) and returns the assessment text. */
async function answerWizard(
  page: Page,
  answers: { processing: boolean; connectionForm: string | null; outsourcing: string[] },
): Promise<string> {
  await page.goto(`${t.baseUrl}/cases/new`, NAV);
  await page.click(`input[name="processing"][value="${answers.processing ? 'yes' : 'no'}"]`);
  await page.click(`input[name="externalConnection"][value="${answers.connectionForm ? 'yes' : 'no'}"]`);
  if (answers.connectionForm) await page.select('#connectionForm', answers.connectionForm);
  await page.click(`input[name="outsourcing"][value="${answers.outsourcing.length ? 'yes' : 'no'}"]`);
  for (const s of answers.outsourcing) await page.click(`input[name="outsourcingSubtypes"][value="${s}"]`);
  for (const q of ['purposeExtension', 'sensitiveData', 'myNumber'])
    await page.click(`input[name="${q}"][value="no"]`);
  await clickButton(page, '判定する');
  return textOf(page, '[data-testid="assessment"]');
}

/** The bases of one group (【諮問】, 【事前報告】) in the assessment text. */
function group(assessment: string, heading: string): string {
  const start = assessment.indexOf(heading);
  if (start < 0) return '';
  const rest = assessment.slice(start + heading.length);
  const end = rest.search(/【|記入する別紙/);
  return end < 0 ? rest : rest.slice(0, end);
}

async function createFromWizard(page: Page, title: string): Promise<string> {
  await enter(page, '#title', title);
  await clickButton(page, 'この内容で事案を作成');
  const m = /^\/cases\/([0-9a-f-]{36})\/edit$/.exec(new URL(page.url()).pathname);
  expect(m).not.toBeNull();
  return m![1];
}

async function fillOverview(page: Page, c: SeedCase): Promise<void> {
  await openTab(page, 'tab-overview');
  expect(await page.$eval('#f-title', (e) => (e as HTMLTextAreaElement).value)).toBe(c.title);
  await page.select('#f-confidentialityLevel', String(c.confidentialityLevel));
  for (const [k, v] of Object.entries(c.contact)) await enter(page, `#f-contact-${k}`, v);
  for (const [k, v] of Object.entries(c.overview)) await enter(page, `#f-overview-${k}`, v);
  await saved(page);
}

/**
 * Builds 付属資料1: relabels the default columns, adds the others, one row per procedure with ◎/○.
 * Returns the column keys the editor gave, by the seed's key.
 */
async function buildItemGrid(page: Page, c: SeedCase): Promise<Map<string, string>> {
  const defaults = new Set(DEFAULT_ITEM_COLUMNS.map((col) => col.key));
  await openTab(page, 'tab-items');
  for (const col of c.items.columns.filter((x) => !defaults.has(x.key))) {
    await enter(page, '#new-column-label', col.label);
    await clickAndReload(page, '[data-action="add-column"]');
    await openTab(page, 'tab-items');
  }
  const keys = new Map<string, string>();
  for (const [i, col] of c.items.columns.entries()) {
    const key = await page.$eval(
      `[data-path="items.columns.${i}.key"]`,
      (e) => (e as HTMLInputElement).value,
    );
    if (defaults.has(col.key)) expect(key).toBe(col.key);
    keys.set(col.key, key);
    await enter(page, `[data-path="items.columns.${i}.label"]`, col.label);
    await enter(page, `[data-path="items.columns.${i}.groupLabel"]`, col.groupLabel);
  }
  await saved(page);
  for (const [r, row] of c.items.rows.entries()) {
    await clickAndReload(page, '[data-action="add-row"]');
    await openTab(page, 'tab-items');
    const prefix = `items.rows.${r}.`;
    await enter(page, `[data-path="${prefix}departmentBusiness"]`, row.departmentBusiness);
    await enter(page, `[data-path="${prefix}procedureName"]`, row.procedureName);
    for (const [seedKey, value] of Object.entries(row.cells)) {
      const cell = `[data-cell-path="${prefix}cells"][data-cell-key="${keys.get(seedKey)}"]`;
      await page.click(cell);
      if (value === 'optional') await page.click(cell);
      expect({ cell, mark: await textOf(page, cell) }).toEqual({
        cell,
        mark: value === 'required' ? '◎' : '○',
      });
    }
    await enter(page, `[data-path="${prefix}otherItems"]`, row.otherItems);
    await enter(page, `[data-path="${prefix}note"]`, row.note);
    await saved(page);
  }
  return keys;
}

/** Types every field of sheet `i` from the seed sheet. */
async function fillSheet(page: Page, i: number, s: SeedSection, keys: Map<string, string>): Promise<void> {
  await openTab(page, `tab-section-${i}`);
  for (const f of sheetFields(s)) {
    const sel = domId(`sections.${i}.${f.path}`);
    const v = valueAt(s, f.path);
    if (f.type === 'select') await page.select(sel, String(v));
    else if (f.type === 'checkbox') await page.click(sel);
    else await enter(page, sel, f.type === 'lines' ? (v as string[]).join('\n') : String(v));
  }
  for (const key of s.itemKeys)
    await page.click(`#tab-section-${i} input[data-path="sections.${i}.itemKeys"][value="${keys.get(key)}"]`);
  await saved(page);
}

async function fillMeasures(page: Page, c: SeedCase): Promise<void> {
  await openTab(page, 'tab-measures');
  if (c.securityMeasuresIntro) {
    await enter(page, '#f-securityMeasuresIntro', c.securityMeasuresIntro);
    await saved(page);
  }
  for (const [i, m] of c.securityMeasures.entries()) {
    await clickAndReload(page, '[data-action="add-measure"]');
    await openTab(page, 'tab-measures');
    await enter(page, `[data-path="securityMeasures.${i}"]`, m);
  }
  await saved(page);
}

async function chooseClauseSet(page: Page, i: number, code: string): Promise<void> {
  await openTab(page, 'tab-clauses');
  const name = clauseSetNames.get(code)!;
  const value = await page.$$eval(
    `${domId(`sections.${i}.clauseSetVersionId`)} option`,
    (opts, n) => opts.find((o) => o.textContent!.startsWith(n))?.getAttribute('value') ?? '',
    name,
  );
  expect(value).not.toBe('');
  await page.select(domId(`sections.${i}.clauseSetVersionId`), value);
  await saved(page);
}

async function apiCase(username: string, password: string, id: string) {
  const token = await login(t.http, username, password);
  const res = await request(t.http).get(`/api/cases/${id}`).set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** The parts of GET /api/cases/:id this test reads. */
interface CaseBody {
  title: string;
  confidentialityLevel: number;
  contact: Record<string, string>;
  overview: Record<string, string>;
  items: { columns: unknown[]; rows: unknown[] };
  sections: { kind: string; fields: Record<string, unknown>; clauseChoice: { clauses: unknown[] } | null }[];
  securityMeasuresIntro: string;
  securityMeasures: string[];
}

/** Compares the case read through the API field by field with the seed the clerk typed. */
function expectSameAsTyped(c: CaseBody, seed: SeedCase, keys: Map<string, string>) {
  expect(c.title).toBe(seed.title);
  expect(c.confidentialityLevel).toBe(seed.confidentialityLevel);
  expect(c.contact).toEqual(seed.contact);
  expect(c.overview).toEqual({ background: '', ...seed.overview });
  expect(c.items.columns).toEqual(
    seed.items.columns.map((col) => ({ ...col, key: keys.get(col.key), sensitive: false, myNumber: false })),
  );
  expect(c.items.rows).toEqual(
    seed.items.rows.map((r) =>
      expect.objectContaining({
        ...r,
        // Blank cells are left out.
        cells: Object.fromEntries(Object.entries(r.cells).map(([k, v]) => [keys.get(k), v])),
      }),
    ),
  );
  expect(c.sections.map((s: { kind: string }) => s.kind)).toEqual(seed.sections.map((s) => s.kind));
  for (const [i, s] of seed.sections.entries()) {
    const fields = c.sections[i].fields;
    for (const f of sheetFields(s))
      expect({ sheet: i, field: f.path, value: valueAt(fields, f.path) }).toEqual({
        sheet: i,
        field: f.path,
        value: valueAt(s, f.path),
      });
    // A set: the editor keeps the grid's column order.
    expect({ sheet: i, itemKeys: [...(fields.itemKeys as string[])].sort() }).toEqual({
      sheet: i,
      itemKeys: s.itemKeys.map((k) => keys.get(k)).sort(),
    });
    if (s.clauseSet) {
      expect(c.sections[i].clauseChoice).toMatchObject({
        name: clauseSetNames.get(s.clauseSet),
        versionNumber: 1,
      });
      expect(c.sections[i].clauseChoice!.clauses.length).toBeGreaterThan(0);
    }
  }
  expect(c.securityMeasuresIntro).toBe(seed.securityMeasuresIntro ?? '');
  expect(c.securityMeasures).toEqual(seed.securityMeasures);
}

/** The read-only view and the HTML preview show every typed text of the seed. */
async function expectShownEverywhere(page: Page, id: string, seed: SeedCase): Promise<string> {
  await page.goto(`${t.baseUrl}/cases/${id}`, NAV);
  const view = await textOf(page, '[data-testid="case-document"]');
  const previewPage = await page.browserContext().newPage();
  await previewPage.goto(`${t.baseUrl}/cases/${id}/document`, NAV);
  const printed = await previewPage.$eval('body', (e) => (e as HTMLElement).innerText);
  await previewPage.close();
  const expected = [
    seed.title,
    ...Object.values(seed.contact),
    ...Object.values(seed.overview),
    ...seed.sections.flatMap((s) =>
      sheetFields(s)
        .filter((f) => f.type === 'text' || f.type === 'textarea' || f.type === 'lines')
        .flatMap((f) => {
          const v = valueAt(s, f.path);
          return Array.isArray(v) ? (v as string[]) : [String(v)];
        }),
    ),
    ...seed.items.columns.map((col) => col.label),
    ...seed.items.rows.flatMap((r) => [r.departmentBusiness, r.procedureName, r.otherItems, r.note]),
    ...(seed.securityMeasuresIntro ? [seed.securityMeasuresIntro] : []),
    ...seed.securityMeasures,
    ...seed.sections.filter((s) => s.clauseSet).map((s) => clauseSetNames.get(s.clauseSet!)!),
  ].filter(Boolean);
  for (const [where, text] of [
    ['view', flat(view)],
    ['preview', flat(printed)],
  ] as const)
    for (const s of expected)
      expect({ where, s, shown: text.includes(flat(s)) }).toEqual({ where, s, shown: true });
  // The ◎/○ of 付属資料1, row by row, in the order of the columns.
  const rows = await page.$$eval('[data-testid="case-document"] table.item-grid tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td.cell')].map((td) => (td as HTMLElement).innerText.trim())),
  );
  expect(rows).toEqual(
    seed.items.rows.map((r) =>
      seed.items.columns.map((col) => ({ required: '◎', optional: '○' })[r.cells[col.key] as Cell] ?? ''),
    ),
  );
  return view;
}

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  // The catalog and the departments only: the clerks build the cases.
  await loadSampleDataIfEmpty(t.ds, t.config.seedsDir, [foundationSeed, caseCatalogSeed]);
  await t.ds.query(`UPDATE app_user SET must_change_password = false`);
  pdfBytes = smallPdf();
  pdfPath = join(mkdtempSync(join(tmpdir(), 'case-wizard-')), '資料2_電子申請ネットワーク関連図.pdf');
  writeFileSync(pdfPath, pdfBytes);
  browser = await launchBrowser();
}, 120_000);
afterAll(() => closeBoth(browser, t));

describe('a clerk of 道とみどりの課 builds the rooftop-greening e-application case', () => {
  let page: Page;
  let caseId: string;
  let keys: Map<string, string>;
  const [connection, outsourcing] = rooftop.sections;

  it('the wizard proposes 諮問 第17条第1項第4号 and 事前報告 第14条第1項; the draft is created', async () => {
    page = await loginAs('clerk-midori', 'Midori-2026-init');
    expect(await textOf(page, '[data-testid="user-department"]')).toBe('道とみどりの課');
    // A new e-application: no processing system of the ward's own, a connection to the joint centre
    // over LGWAN, the centre's operation outsourced (computer processing).
    const assessment = await answerWizard(page, {
      processing: false,
      connectionForm: 'lgwan',
      outsourcing: ['computerProcessing'],
    });
    expect(flat(group(assessment, '【諮問】'))).toBe(flat('◇第17条第1項第4号（電子計算機の外部結合）'));
    expect(flat(group(assessment, '【事前報告】'))).toContain(flat('◇第14条第1項（'));
    expect(assessment).not.toContain('【報告】');
    caseId = await createFromWizard(page, rooftop.title);
    expect(await textOf(page, 'nav.tabs')).toMatch(/別紙1 電子計算機の外部結合[\s\S]*別紙2 委託/);
    expect(connection.kind).toBe('externalConnection');
    expect(outsourcing.kind).toBe('outsourcing');
  }, 60_000);

  it('fills the overview and the contact; the bases are the proposed ones', async () => {
    await fillOverview(page, rooftop);
    await openTab(page, 'tab-bases');
    const checked = await page.$$eval('#tab-bases input[data-path="legalBasisIds"]:checked', (els) =>
      els.map((e) => (e.closest('label') as HTMLElement).innerText.trim()),
    );
    expect(checked).toHaveLength(2);
    expect(checked[0]).toMatch(/^第17条第1項第4号（電子計算機の外部結合） 諮問/);
    expect(checked[1]).toMatch(/^第14条第1項（個人情報の電子計算機処理の委託等） 事前報告/);
  }, 60_000);

  it('builds 付属資料1 with ◎/○, fills both sheets, the measures, 資料2 and the clause set', async () => {
    keys = await buildItemGrid(page, rooftop);
    await fillSheet(page, 0, connection, keys);
    await fillSheet(page, 1, outsourcing, keys);
    await fillMeasures(page, rooftop);

    await openTab(page, 'tab-attachments');
    await enter(page, '#att-label', '資料2');
    await enter(page, '#att-title', '電子申請ネットワーク関連図');
    const input = (await page.$('#att-file')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(pdfPath);
    await clickAndReload(page, '[data-action="upload"]');
    expect(await textOf(page, '#tab-attachments')).toContain('電子申請ネットワーク関連図');

    await chooseClauseSet(page, 1, outsourcing.clauseSet!);
    await page.reload(NAV);
    await openTab(page, 'tab-clauses');
    const clauses = await page.$eval('#tab-clauses', (e) => e.textContent!);
    expect(clauses).toContain(`${clauseSetNames.get(outsourcing.clauseSet!)} 第1版の条項`);
    expect(clauses).toContain('（秘密の保持）');
    expect(clauses).toContain('（損害の賠償）');
    await openTab(page, 'tab-check');
    expect(await textOf(page, '#tab-check')).toContain('提出に必要な項目はすべて入力されています');
  }, 120_000);

  it('the API gives back every field as typed', async () => {
    const c = await apiCase('clerk-midori', 'Midori-2026-init', caseId);
    expectSameAsTyped(c, rooftop, keys);
    expect(c.departmentName).toBe('道とみどりの課');
    expect(c.procedure).toBe('consultation');
    expect(c.basisGroups.consultation.map((b: { article: string }) => b.article)).toEqual([
      '第17条第1項第4号',
    ]);
    expect(c.basisGroups.priorReport.map((b: { article: string }) => b.article)).toEqual(['第14条第1項']);
    expect(c.attachments).toHaveLength(1);
    expect(c.attachments[0]).toMatchObject({
      materialLabel: '資料2',
      title: '電子申請ネットワーク関連図',
      fileName: '資料2_電子申請ネットワーク関連図.pdf',
      mediaType: 'application/pdf',
      sizeBytes: pdfBytes.length,
    });
  });

  it('the read-only view and the HTML preview show it', async () => {
    const view = await expectShownEverywhere(page, caseId, rooftop);
    expect(view).toMatch(/【諮問】\s*◇第17条第1項第4号/);
    expect(view).toMatch(/【事前報告】\s*◇第14条第1項/);
    expect(view).toContain('資料2 電子申請ネットワーク関連図');
  }, 60_000);

  it('a second tab saving a stale version gets the 409 message and keeps its text', async () => {
    await page.goto(`${t.baseUrl}/cases/${caseId}/edit#tab-overview`, NAV);
    const second = await page.browserContext().newPage();
    await second.setViewport({ width: 1280, height: 900 });
    await second.goto(`${t.baseUrl}/cases/${caseId}/edit#tab-overview`, NAV);

    await enter(page, '#f-contact-extension', '4664');
    await saved(page);

    const stale = '区民及び事業者（見本園の見学希望者）';
    await enter(second, '#f-overview-targetPersons', stale);
    await second.waitForSelector('[data-testid="conflict"]:not([hidden])', { timeout: 30_000 });
    expect(await textOf(second, '[data-testid="conflict"]')).toContain(
      'あなたの入力はこの画面に残っています',
    );
    expect(await textOf(second, '#conflict-message')).toContain(
      '他の利用者（緑川 葉子）によって更新されています',
    );
    expect(await second.$eval('#f-overview-targetPersons', (e) => (e as HTMLTextAreaElement).value)).toBe(
      stale,
    );
    expect(await second.$eval('[data-testid="save-status"]', (e) => e.getAttribute('data-state'))).toBe(
      'error',
    );

    const c = await apiCase('clerk-midori', 'Midori-2026-init', caseId);
    expect(c.contact.extension).toBe('4664');
    expect(c.overview.targetPersons).toBe(rooftop.overview.targetPersons);
    await second.close();
  }, 60_000);
});

describe('a clerk of 地域調整課 builds the citizen-activity-site case', () => {
  let page: Page;
  let caseId: string;
  let keys: Map<string, string>;

  it('the wizard proposes 諮問 第16条第1項本文 and 第17条第1項第4号, 事前報告 第14条第1項', async () => {
    page = await loginAs('clerk-chiiki', 'Chiiki-2026-init');
    // A site built on a leased package (new processing), open on the Internet, its server and its
    // operation outsourced.
    const assessment = await answerWizard(page, {
      processing: true,
      connectionForm: 'internet',
      outsourcing: ['computerProcessing'],
    });
    const consultation = flat(group(assessment, '【諮問】'));
    expect(consultation).toContain(flat('◇第16条第1項本文（電子計算機による個人情報の処理開発、変更）'));
    expect(consultation).toContain(flat('◇第17条第1項第4号（電子計算機の外部結合）'));
    expect(flat(group(assessment, '【事前報告】'))).toContain(flat('◇第14条第1項（'));
    caseId = await createFromWizard(page, activitySite.title);
    // The paper's order of sheets: processing development first, then external connection, outsourcing.
    expect(await textOf(page, 'nav.tabs')).toMatch(
      /別紙1 電子計算機処理の開発・変更[\s\S]*別紙2 電子計算機の外部結合[\s\S]*別紙3 委託/,
    );
  }, 60_000);

  it('adds the second outsourcing sheet and fills every part', async () => {
    // The paper has two outsourcing sheets under 第14条第1項 (server maintenance, site operation).
    await openTab(page, 'tab-bases');
    const outsourcingBasis = await page.$$eval(
      '#add-section-basis option',
      (opts) => opts.find((o) => o.getAttribute('data-kind') === 'outsourcing')!.value,
    );
    await page.select('#add-section-basis', outsourcingBasis);
    await clickAndReload(page, '[data-action="add-section"]');
    const tabs = await page.$$eval('nav.tabs [data-tab^="tab-section-"]', (bs) =>
      bs.map((b) => (b as HTMLElement).innerText),
    );
    expect(tabs).toHaveLength(4);

    await fillOverview(page, activitySite);
    keys = await buildItemGrid(page, activitySite);
    // The sheets come in the wizard's order; each seed sheet fills the next sheet of its kind.
    const kinds = await page.$$eval('#case-form input[type="hidden"][data-path$=".kind"]', (els) =>
      els.map((e) => (e as HTMLInputElement).value),
    );
    const order = activitySite.sections.map((s, i) => {
      const nth = activitySite.sections.slice(0, i).filter((x) => x.kind === s.kind).length;
      return kinds.map((k, j) => ({ k, j })).filter(({ k }) => k === s.kind)[nth].j;
    });
    expect(order).toEqual([0, 1, 2, 3]);
    for (const [i, s] of activitySite.sections.entries()) {
      await fillSheet(page, order[i], s, keys);
      if (s.clauseSet) await chooseClauseSet(page, order[i], s.clauseSet);
    }
    await fillMeasures(page, activitySite);
    await openTab(page, 'tab-check');
    await page.reload(NAV);
    await openTab(page, 'tab-check');
    expect(await textOf(page, '#tab-check')).toContain('提出に必要な項目はすべて入力されています');

    const c = await apiCase('clerk-chiiki', 'Chiiki-2026-init', caseId);
    // Compare in the paper's order of sheets.
    const inPaperOrder = { ...c, sections: order.map((j) => c.sections[j]) };
    expectSameAsTyped(inPaperOrder, activitySite, keys);
    expect(c.basisGroups.consultation.map((b: { article: string }) => b.article)).toEqual([
      '第16条第1項本文',
      '第17条第1項第4号',
    ]);
    expect(c.basisGroups.priorReport.map((b: { article: string }) => b.article)).toEqual(['第14条第1項']);

    await expectShownEverywhere(page, caseId, activitySite);
  }, 150_000);

  it('the clerk moves a sheet up and down; the numbering (別紙N) follows', async () => {
    await page.goto(`${t.baseUrl}/cases/${caseId}/edit#tab-bases`, NAV);
    await page.waitForSelector('#case-form[data-ready]');
    await clickAndReload(page, '#tab-bases [data-action="move-section"][data-index="0"][data-step="1"]');
    expect(await textOf(page, 'nav.tabs')).toMatch(
      /別紙1 電子計算機の外部結合[\s\S]*別紙2 電子計算機処理の開発・変更/,
    );
    const moved = await apiCase('clerk-chiiki', 'Chiiki-2026-init', caseId);
    expect(moved.sections.map((s: { kind: string }) => s.kind)).toEqual([
      'externalConnection',
      'processing',
      'outsourcing',
      'outsourcing',
    ]);
    // back again from the sheet's own tab, which stays open on the moved sheet
    await openTab(page, 'tab-section-1');
    await clickAndReload(page, '#tab-section-1 [data-action="move-section"][data-step="-1"]');
    expect(await page.$eval('#tab-section-0', (el) => (el as HTMLElement).hidden)).toBe(false);
    expect(await textOf(page, 'nav.tabs')).toMatch(
      /別紙1 電子計算機処理の開発・変更[\s\S]*別紙2 電子計算機の外部結合/,
    );
  }, 60_000);
});

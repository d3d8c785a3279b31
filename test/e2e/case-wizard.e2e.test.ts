import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import request from 'supertest';
import { caseCatalogSeed } from '../../src/cases/case-seed';
import { foundationSeed, loadSampleDataIfEmpty } from '../../src/seeds/sample-data';
import { clickButton, fill, launchBrowser, textOf } from '../support/browser';
import { login } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A clerk of 道とみどりの課 rebuilds the Shinjuku rooftop-greening e-application case
 * (shared/domain/documents/shinjuku-rooftop-greening-eapplication.txt) from scratch in Chromium:
 * wizard, then every editor tab; the API, the read-only view and the HTML preview must give back
 * what was typed. The facts are those of the sample case in seeds/cases.json.
 */

interface SeedSection {
  kind: string;
  [field: string]: unknown;
}
const rooftop = JSON.parse(readFileSync(join(process.cwd(), 'seeds', 'cases.json'), 'utf8')).cases[0] as {
  title: string;
  confidentialityLevel: number;
  contact: Record<string, string>;
  overview: Record<string, string>;
  items: {
    columns: { key: string; label: string; groupLabel: string }[];
    rows: {
      departmentBusiness: string;
      procedureName: string;
      cells: Record<string, 'required' | 'optional'>;
      otherItems: string;
      note: string;
    }[];
  };
  sections: SeedSection[];
  securityMeasuresIntro: string;
  securityMeasures: string[];
};
const connection = rooftop.sections.find((s) => s.kind === 'externalConnection')!;
const outsourcing = rooftop.sections.find((s) => s.kind === 'outsourcing')!;
const vendor = outsourcing.vendor as Record<string, string | string[]>;

const CONNECTION_TEXT_FIELDS = [
  'sheetTitle',
  'holdingDepartment',
  'businessName',
  'connectedItems',
  'partner',
  'reason',
  'connectionDetail',
  'start',
  'period',
  'protectionMeasures',
] as const;
const OUTSOURCING_TEXT_FIELDS = [
  'sheetTitle',
  'holdingDepartment',
  'businessName',
  'handledItems',
  'reason',
  'scope',
  'start',
  'term',
  'municipalityMeasures',
  'vendorMeasures',
] as const;

let t: TestApp;
let browser: Browser;
let page: Page;
let caseId: string;
let pdfPath: string;
let pdfBytes: Buffer;

/** A one-page PDF with a valid cross-reference table (what a scanner or Word would produce, only smaller). */
function smallPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = 'BT /F1 18 Tf 72 770 Td (LGWAN network diagram) Tj ET';
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
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
  expect(await el.evaluate((e) => e.value)).toBe(value);
}

async function openTab(p: Page, id: string): Promise<void> {
  await p.click(`[data-tab="${id}"]`);
  await p.waitForSelector(`#${id}:not([hidden])`, { timeout: 10_000 });
}

/** Waits until the editor has sent every change and the server accepted it. */
async function saved(p: Page): Promise<void> {
  await p.waitForSelector('[data-testid="save-status"][data-state="ok"]', { timeout: 30_000 });
}

/** Clicks an editor button that saves and shows the page again. */
async function clickAndReload(p: Page, selector: string): Promise<void> {
  await Promise.all([p.waitForNavigation(NAV), p.click(selector)]);
  await p.waitForSelector('#case-form', { timeout: 10_000 });
}

async function apiCase(id: string) {
  const token = await login(t.http, 'clerk-midori', 'Midori-2026-init');
  const res = await request(t.http).get(`/api/cases/${id}`).set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  return res.body;
}

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  // The catalog and the departments only: the clerk builds the case.
  await loadSampleDataIfEmpty(t.ds, t.config.seedsDir, [foundationSeed, caseCatalogSeed]);
  await t.ds.query(`UPDATE app_user SET must_change_password = false`);
  pdfBytes = smallPdf();
  pdfPath = join(mkdtempSync(join(tmpdir(), 'case-wizard-')), '資料2_電子申請ネットワーク関連図.pdf');
  writeFileSync(pdfPath, pdfBytes);
  browser = await launchBrowser();
  const context = await browser.createBrowserContext();
  page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.setDefaultTimeout(20_000);
  page.setDefaultNavigationTimeout(30_000);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('a clerk builds the rooftop-greening case in the browser', () => {
  it('answers the wizard, gets 諮問 第17条第1項第4号 and 事前報告 第14条第1項, creates the draft', async () => {
    await page.goto(`${t.baseUrl}/login`, NAV);
    await fill(page, '#username', 'clerk-midori');
    await fill(page, '#password', 'Midori-2026-init');
    await clickButton(page, 'ログイン');
    expect(await textOf(page, '[data-testid="user-department"]')).toBe('道とみどりの課');

    await page.goto(`${t.baseUrl}/cases/new`, NAV);
    // A new e-application: no new processing system of the ward's own, but a connection to the
    // joint centre over LGWAN and the centre's operation outsourced (computer processing).
    await page.click('input[name="processing"][value="no"]');
    await page.click('input[name="externalConnection"][value="yes"]');
    await page.select('#connectionForm', 'lgwan');
    await page.click('input[name="outsourcing"][value="yes"]');
    await page.click('input[name="outsourcingSubtypes"][value="computerProcessing"]');
    await page.click('input[name="purposeExtension"][value="no"]');
    await page.click('input[name="sensitiveData"][value="no"]');
    await page.click('input[name="myNumber"][value="no"]');
    await clickButton(page, '判定する');

    const assessment = await textOf(page, '[data-testid="assessment"]');
    const consultation = assessment.indexOf('【諮問】');
    const priorReport = assessment.indexOf('【事前報告】');
    expect(consultation).toBeGreaterThanOrEqual(0);
    expect(priorReport).toBeGreaterThan(consultation);
    expect(assessment.slice(consultation, priorReport)).toContain(
      '◇第17条第1項第4号（電子計算機の外部結合）',
    );
    expect(assessment.slice(priorReport)).toContain('◇第14条第1項（個人情報の電子計算機処理の委託等）');
    expect(assessment).not.toContain('第16条第1項本文');
    expect(assessment).not.toContain('【報告】');
    expect(assessment).toMatch(/電子計算機の外部結合[\s\S]*委託/);

    await enter(page, '#title', rooftop.title);
    await clickButton(page, 'この内容で事案を作成');
    const m = /^\/cases\/([0-9a-f-]{36})\/edit$/.exec(new URL(page.url()).pathname);
    expect(m).not.toBeNull();
    caseId = m![1];
    expect(await textOf(page, 'nav.tabs')).toMatch(/別紙1 電子計算機の外部結合[\s\S]*別紙2 委託/);
  }, 60_000);

  it('fills the overview, the contact and the legal bases', async () => {
    await openTab(page, 'tab-overview');
    expect(await page.$eval('#f-title', (e) => (e as HTMLTextAreaElement).value)).toBe(rooftop.title);
    await page.select('#f-confidentialityLevel', String(rooftop.confidentialityLevel));
    for (const k of ['sectionName', 'contactName', 'extension'])
      await enter(page, `#f-contact-${k}`, rooftop.contact[k]);
    for (const k of [
      'businessName',
      'businessDepartment',
      'purpose',
      'targetPersons',
      'businessContent',
      'background',
    ])
      await enter(page, `#f-overview-${k}`, rooftop.overview[k]);
    await saved(page);

    await openTab(page, 'tab-bases');
    const checked = await page.$$eval('#tab-bases input[data-path="legalBasisIds"]:checked', (els) =>
      els.map((e) => (e.closest('label') as HTMLElement).innerText.trim()),
    );
    expect(checked).toHaveLength(2);
    expect(checked[0]).toContain('第17条第1項第4号（電子計算機の外部結合）');
    expect(checked[0]).toContain('諮問');
    expect(checked[1]).toContain('第14条第1項（個人情報の電子計算機処理の委託等）');
    expect(checked[1]).toContain('事前報告');
  }, 60_000);

  it('builds the item list of 付属資料1 with ◎/○', async () => {
    await openTab(page, 'tab-items');
    // The paper calls the column 電子メールアドレス.
    const emailIndex = rooftop.items.columns.findIndex((c) => c.key === 'email');
    await enter(
      page,
      `[data-path="items.columns.${emailIndex}.label"]`,
      rooftop.items.columns[emailIndex].label,
    );
    await saved(page);
    await clickAndReload(page, '[data-action="add-row"]');
    await openTab(page, 'tab-items');
    const row = rooftop.items.rows[0];
    await enter(page, '[data-path="items.rows.0.departmentBusiness"]', row.departmentBusiness);
    await enter(page, '[data-path="items.rows.0.procedureName"]', row.procedureName);
    for (const [key, value] of Object.entries(row.cells)) {
      const cell = `[data-cell-path="items.rows.0.cells"][data-cell-key="${key}"]`;
      await page.click(cell);
      if (value === 'optional') await page.click(cell);
      expect(await textOf(page, cell)).toBe(value === 'required' ? '◎' : '○');
    }
    await enter(page, '[data-path="items.rows.0.otherItems"]', row.otherItems);
    await saved(page);
  }, 60_000);

  it('fills every field of both sheets', async () => {
    await openTab(page, 'tab-section-0');
    for (const f of CONNECTION_TEXT_FIELDS) await enter(page, `#f-sections-0-${f}`, connection[f] as string);
    await page.select('#f-sections-0-connectionForm', connection.connectionForm as string);
    for (const key of connection.itemKeys as string[])
      await page.click(`#tab-section-0 input[data-path="sections.0.itemKeys"][value="${key}"]`);
    await saved(page);

    await openTab(page, 'tab-section-1');
    await page.select('#f-sections-1-subtype', outsourcing.subtype as string);
    await enter(page, '#f-sections-1-vendor-name', vendor.name as string);
    await enter(page, '#f-sections-1-vendor-leadCompany', vendor.leadCompany as string);
    await enter(
      page,
      '#f-sections-1-vendor-memberCompanies',
      (vendor.memberCompanies as string[]).join('\n'),
    );
    await enter(page, '#f-sections-1-vendor-certifications', (vendor.certifications as string[]).join('\n'));
    for (const f of OUTSOURCING_TEXT_FIELDS)
      await enter(page, `#f-sections-1-${f}`, outsourcing[f] as string);
    for (const key of outsourcing.itemKeys as string[])
      await page.click(`#tab-section-1 input[data-path="sections.1.itemKeys"][value="${key}"]`);
    expect(
      await page.$eval('#f-sections-1-reOutsourcing-planned', (e) => (e as HTMLInputElement).checked),
    ).toBe(false);
    await saved(page);
  }, 60_000);

  it('lists the seven security measures', async () => {
    await openTab(page, 'tab-measures');
    await enter(page, '#f-securityMeasuresIntro', rooftop.securityMeasuresIntro);
    await saved(page);
    for (let i = 0; i < rooftop.securityMeasures.length; i++) {
      await clickAndReload(page, '[data-action="add-measure"]');
      await openTab(page, 'tab-measures');
      await enter(page, `[data-path="securityMeasures.${i}"]`, rooftop.securityMeasures[i]);
    }
    await saved(page);
  }, 90_000);

  it('uploads 資料2 and chooses the clause set', async () => {
    await openTab(page, 'tab-attachments');
    await enter(page, '#att-label', '資料2');
    await enter(page, '#att-title', '電子申請ネットワーク関連図');
    const input = (await page.$('#att-file')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(pdfPath);
    await clickAndReload(page, '[data-action="upload"]');
    expect(await textOf(page, '#tab-attachments')).toContain('電子申請ネットワーク関連図');

    await openTab(page, 'tab-clauses');
    const setName = '個人情報を取り扱う業務委託契約の特記事項';
    const value = await page.$$eval(
      '#f-sections-1-clauseSetVersionId option',
      (opts, name) => opts.find((o) => o.textContent!.startsWith(name))?.getAttribute('value') ?? '',
      setName,
    );
    expect(value).not.toBe('');
    await page.select('#f-sections-1-clauseSetVersionId', value);
    await saved(page);
    await page.reload(NAV);
    await openTab(page, 'tab-clauses');
    const clauses = await page.$eval('#tab-clauses', (e) => (e as HTMLElement).textContent!);
    expect(clauses).toContain(`${setName} 第1版の条項`);
    expect(clauses).toContain('（秘密の保持）');
    expect(clauses).toContain('（損害の賠償）');

    await openTab(page, 'tab-check');
    expect(await textOf(page, '#tab-check')).toContain('提出に必要な項目はすべて入力されています');
  }, 60_000);

  it('the API gives back every field as typed', async () => {
    const c = await apiCase(caseId);
    expect(c.title).toBe(rooftop.title);
    expect(c.departmentName).toBe('道とみどりの課');
    expect(c.confidentialityLevel).toBe(rooftop.confidentialityLevel);
    expect(c.procedure).toBe('consultation');
    expect(c.contact).toEqual(rooftop.contact);
    expect(c.overview).toMatchObject(rooftop.overview);
    expect(c.basisGroups.consultation.map((b: { article: string }) => b.article)).toEqual([
      '第17条第1項第4号',
    ]);
    expect(c.basisGroups.priorReport.map((b: { article: string }) => b.article)).toEqual(['第14条第1項']);

    expect(c.items.columns.map((col: { key: string; label: string; groupLabel: string }) => col)).toEqual(
      rooftop.items.columns.map((col) => expect.objectContaining(col)),
    );
    expect(c.items.rows).toHaveLength(1);
    expect(c.items.rows[0]).toMatchObject({ ...rooftop.items.rows[0] });

    expect(c.sections.map((s: { kind: string }) => s.kind)).toEqual(['externalConnection', 'outsourcing']);
    const [conn, out] = c.sections as {
      fields: Record<string, unknown>;
      clauseChoice: Record<string, unknown>;
    }[];
    for (const f of [...CONNECTION_TEXT_FIELDS, 'connectionForm', 'itemKeys'])
      expect({ [f]: conn.fields[f] }).toEqual({ [f]: connection[f] });
    expect(conn.fields.externallyShownItems ?? '').toBe('');
    for (const f of [...OUTSOURCING_TEXT_FIELDS, 'subtype', 'itemKeys'])
      expect({ [f]: out.fields[f] }).toEqual({ [f]: outsourcing[f] });
    expect(out.fields.vendor).toMatchObject(vendor);
    expect((out.fields.reOutsourcing as { planned: boolean }).planned).toBe(false);
    expect(out.clauseChoice).toMatchObject({
      name: '個人情報を取り扱う業務委託契約の特記事項',
      versionNumber: 1,
    });
    expect((out.clauseChoice.clauses as unknown[]).length).toBe(13);

    expect(c.securityMeasuresIntro).toBe(rooftop.securityMeasuresIntro);
    expect(c.securityMeasures).toEqual(rooftop.securityMeasures);
    expect(c.attachments).toHaveLength(1);
    expect(c.attachments[0]).toMatchObject({
      materialLabel: '資料2',
      title: '電子申請ネットワーク関連図',
      fileName: '資料2_電子申請ネットワーク関連図.pdf',
      mediaType: 'application/pdf',
      sizeBytes: pdfBytes.length,
    });
  });

  it('the read-only view and the HTML preview show the case', async () => {
    await page.goto(`${t.baseUrl}/cases/${caseId}`, NAV);
    const view = await textOf(page, '[data-testid="case-document"]');
    // The preview opens in a new tab of the same session.
    const previewPage = await page.browserContext().newPage();
    await previewPage.goto(`${t.baseUrl}/cases/${caseId}/document`, NAV);
    const printed = await previewPage.$eval('body', (e) => (e as HTMLElement).innerText);
    await previewPage.close();
    for (const [where, text] of [
      ['view', view],
      ['preview', printed],
    ] as const) {
      const expected = [
        rooftop.title,
        '【諮問】',
        '第17条第1項第4号',
        '【事前報告】',
        '第14条第1項',
        rooftop.contact.sectionName,
        rooftop.contact.contactName,
        rooftop.contact.extension,
        ...Object.values(rooftop.overview),
        ...CONNECTION_TEXT_FIELDS.map((f) => connection[f] as string),
        ...OUTSOURCING_TEXT_FIELDS.map((f) => outsourcing[f] as string),
        vendor.leadCompany as string,
        ...(vendor.memberCompanies as string[]),
        '電子メールアドレス',
        rooftop.items.rows[0].procedureName,
        rooftop.items.rows[0].otherItems,
        rooftop.securityMeasuresIntro,
        ...rooftop.securityMeasures,
        '（秘密の保持）',
      ];
      // Whitespace and line breaks are layout, not content.
      const flat = text.replace(/\s+/g, '');
      for (const s of expected)
        expect({ where, s, shown: flat.includes(s.replace(/\s+/g, '')) }).toEqual({ where, s, shown: true });
    }
    // The row of 付属資料1 reads ◎ ◎ ◎ ○ ◎ ◎ in the view's grid.
    const cells = await page.$$eval(
      '[data-testid="case-document"] table.item-grid tbody tr:first-child td.cell',
      (tds) => tds.map((td) => (td as HTMLElement).innerText.trim()),
    );
    expect(cells).toEqual(['◎', '◎', '◎', '○', '◎', '◎']);
    expect(view).toContain('資料2 電子申請ネットワーク関連図');
  }, 60_000);

  it('a second tab saving a stale version gets the 409 message and keeps its text', async () => {
    const first = page;
    await first.goto(`${t.baseUrl}/cases/${caseId}/edit#tab-overview`, NAV);
    const second = await page.browserContext().newPage();
    await second.goto(`${t.baseUrl}/cases/${caseId}/edit#tab-overview`, NAV);

    await enter(first, '#f-contact-extension', '4664');
    await saved(first);

    const stale = '区民及び事業者（見本園の見学希望者）';
    await enter(second, '#f-overview-targetPersons', stale);
    await second.waitForSelector('[data-testid="conflict"]:not([hidden])', { timeout: 30_000 });
    expect(await textOf(second, '[data-testid="conflict"]')).toContain(
      'あなたの入力はこの画面に残っています',
    );
    expect(await textOf(second, '#conflict-message')).toContain('緑川 葉子');
    expect(await second.$eval('#f-overview-targetPersons', (e) => (e as HTMLTextAreaElement).value)).toBe(
      stale,
    );
    expect(await second.$eval('[data-testid="save-status"]', (e) => e.getAttribute('data-state'))).toBe(
      'error',
    );

    const c = await apiCase(caseId);
    expect(c.contact.extension).toBe('4664');
    expect(c.overview.targetPersons).toBe(rooftop.overview.targetPersons);
    await second.close();
  }, 60_000);
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import request from 'supertest';
import { Meeting } from '../../src/meetings/meeting.entity';
import { FIRST_COUNCIL_STEPS, loadSampleDataIfEmpty } from '../../src/seeds/sample-data';
import { violations, type Violation } from '../support/axe';
import { clickButton, closeBoth, fill, launchBrowser } from '../support/browser';
import { makePlatformAdmin } from '../support/councils';
import { login, makeUser } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Every screen template, as each role that sees it, passes axe-core's WCAG 2.1 A/AA rules with no
 * serious or critical violation (JIS X 8341-3:2016 level AA is WCAG 2.0 AA).
 */

const NAV = { waitUntil: 'domcontentloaded', timeout: 30_000 } as const;
type Role = 'anonymous' | 'admin' | 'secretariat' | 'clerk' | 'clerkEigyo' | 'chair' | 'member' | 'platform';
const PASSWORDS: Record<Exclude<Role, 'anonymous'>, [string, string]> = {
  admin: ['admin', 'Kanrisha-2026-init'],
  secretariat: ['secretariat', 'Jimukyoku-2026-init'],
  clerk: ['clerk-midori', 'Midori-2026-init'],
  clerkEigyo: ['clerk-eigyo', 'Eigyo-2026-init'],
  chair: ['chair', 'Kaicho-2026-init'],
  member: ['honda', 'Test-password-2026'],
  platform: ['platform-ops', 'Test-password-2026'],
};

let t: TestApp;
let browser: Browser;
const pages = new Map<Role, Page>();
const ids: Record<string, string> = {};

async function pageFor(role: Role): Promise<Page> {
  const existing = pages.get(role);
  if (existing) return existing;
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.setDefaultTimeout(20_000);
  if (role !== 'anonymous') {
    await page.goto(`${t.baseUrl}/login`, NAV);
    await fill(page, '#username', PASSWORDS[role][0]);
    await fill(page, '#password', PASSWORDS[role][1]);
    await clickButton(page, 'ログイン');
    // The platform administrator lands on its councils screen, everyone else on their home.
    expect(new URL(page.url()).pathname).toBe(role === 'platform' ? '/platform/councils' : '/');
  }
  pages.set(role, page);
  return page;
}

/** Checks the page (and its first dialog, opened); returns the id of the dialog checked, if any. */
async function check(role: Role, path: string, expectStatus = 200): Promise<string | null> {
  const page = await pageFor(role);
  const response = await page.goto(`${t.baseUrl}${path}`, NAV);
  // A page seen before may come back as 304 Not Modified (ETag): the same page.
  const status = response?.status() === 304 ? 200 : response?.status();
  expect({ path, status }).toEqual({ path, status: expectStatus });
  expect({ path, violations: await violations(page) }).toEqual({ path, violations: [] });
  // A page's dialog (send back, correct an outcome) is checked open, as its user meets it.
  const opener = await page.$('button[data-dialog]');
  if (opener) {
    const dialog = await opener.evaluate((b) => b.getAttribute('data-dialog')!);
    await opener.click();
    await page.waitForSelector(`dialog#${dialog}[open]`);
    expect({ path, dialog, violations: await violations(page) }).toEqual({ path, dialog, violations: [] });
    await page.keyboard.press('Escape');
    return dialog;
  }
  return null;
}

/** The first-run setup screen exists only before a council does: checked before the sample data. */
const setupViolations: { path: string; status: number | undefined; violations: Violation[] }[] = [];

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  browser = await launchBrowser();
  {
    const page = await pageFor('anonymous');
    const response = await page.goto(`${t.baseUrl}/setup`, NAV);
    setupViolations.push({ path: '/setup', status: response?.status(), violations: await violations(page) });
    // The form sent empty: every field shows its message.
    await clickButton(page, '登録する');
    setupViolations.push({
      path: '/setup (sent empty)',
      status: 200,
      violations: await violations(page),
    });
    await page.close();
    pages.delete('anonymous');
  }
  // The first sample council alone: the pages of a one-council deployment (the list of councils is checked below).
  expect(await loadSampleDataIfEmpty(t.ds, t.config.seedsDir, FIRST_COUNCIL_STEPS)).toBe(true);
  await makePlatformAdmin(t.appDs, PASSWORDS.platform[0], '運用担当', PASSWORDS.platform[1]);
  await t.ds.query(`UPDATE app_user SET must_change_password = false`);
  const meeting = await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 });
  ids.meeting = meeting.id;
  ids.nextMeeting = (await t.ds.getRepository(Meeting).findOneByOrFail({ number: 71 })).id;
  const one = async (sql: string): Promise<string> => {
    const rows: { id: string }[] = await t.ds.query(sql);
    expect(rows.length).toBeGreaterThan(0);
    return rows[0].id;
  };
  ids.publishedMeeting = await one(`SELECT meeting_id AS id FROM minutes WHERE state = 'published' LIMIT 1`);
  ids.case = await one(`SELECT id FROM case_file ORDER BY created_at LIMIT 1`);
  ids.reply = await one(`SELECT id FROM reply LIMIT 1`);
  ids.condition = await one(`SELECT id FROM case_condition LIMIT 1`);
  ids.incident = await one(`SELECT id FROM incident WHERE preliminary_reported_on IS NOT NULL LIMIT 1`);
  ids.clauseSet = await one(`SELECT id FROM clause_set LIMIT 1`);
  ids.registerEntry = await one(`SELECT id FROM register_entry WHERE name = '屋上等緑化助成申請者ファイル'`);
  ids.registerEntryByCase = await one(
    `SELECT entry_id AS id FROM register_entry_version WHERE case_id IS NOT NULL ORDER BY changed_at LIMIT 1`,
  );
  ids.registerProposal = await one(`SELECT id FROM register_proposal WHERE state = 'pending' LIMIT 1`);
  ids.impactAssessment = await one(`SELECT case_id AS id FROM impact_assessment LIMIT 1`);
}, 180_000);
afterAll(() => closeBoth(browser, t));

describe('axe-core: no serious or critical WCAG 2.1 A/AA violation', () => {
  describe('without logging in', () => {
    it.each(['/login', '/public', '/public/shinjuku/file-register', '/public/shinjuku/replies'])(
      '%s',
      (path) => check('anonymous', path),
    );
    it('the first-run setup screen (empty, and sent empty)', () => {
      expect(setupViolations).toEqual([
        { path: '/setup', status: 200, violations: [] },
        { path: '/setup (sent empty)', status: 200, violations: [] },
      ]);
    });
    it('the public minutes of a meeting', () =>
      check('anonymous', `/public/shinjuku/minutes/${ids.publishedMeeting}`));
    it('a published reply (the first one the portal lists)', async () => {
      const page = await pageFor('anonymous');
      await page.goto(`${t.baseUrl}/public/shinjuku`, NAV);
      const href = await page.$eval('a[href^="/public/shinjuku/replies/"]', (a) => a.getAttribute('href')!);
      await check('anonymous', href);
    });
    it('the public search with hits, filters and highlights', () =>
      check('anonymous', '/public/shinjuku/search?q=%E6%B0%B4%E9%81%93&role=%E5%A7%94%E5%93%A1'));
    it('the public search refusing a period it cannot read', () =>
      check('anonymous', '/public/shinjuku/search?q=%E6%B0%B4%E9%81%93&from=x', 400));
    it('the list of councils (more than one council)', async () => {
      await t.ds.query(
        `INSERT INTO municipality (id, name, council_name, implementing_body, slug) VALUES (2, '別市', '別市審議会', '別市長', 'other')`,
      );
      try {
        await check('anonymous', '/public');
      } finally {
        await t.ds.query(`DELETE FROM municipality WHERE id = 2`);
      }
    });
    it('the login page showing a failed login', async () => {
      const page = await pageFor('anonymous');
      await page.goto(`${t.baseUrl}/login`, NAV);
      await fill(page, '#username', 'admin');
      await fill(page, '#password', 'wrong-password-1');
      await clickButton(page, 'ログイン');
      expect(await page.$('.alert-error')).not.toBeNull();
      expect(await violations(page)).toEqual([]);
    });
    it('the 404 page', () => check('anonymous', '/public/replies/00000000-0000-4000-8000-000000000000', 404));
  });

  describe('admin', () => {
    it.each([
      '/',
      '/admin/users',
      '/admin/departments',
      '/admin/audit',
      '/admin/audit/verify',
      '/admin/legal-bases',
      '/admin/clause-sets',
      '/settings/numbering',
      '/statistics',
    ])('%s', (path) => check('admin', path));
    it('/password', () => check('admin', '/password'));
    it('/platform/councils (platform administrator)', () => check('platform', '/platform/councils'));
    it('/platform/councils/:id (platform administrator)', () => check('platform', '/platform/councils/1'));
    it('/platform/councils/:id, suspend sent without a reason (field errors)', async () => {
      const page = await pageFor('platform');
      await page.goto(`${t.baseUrl}/platform/councils/1`, NAV);
      await clickButton(page, '利用停止する');
      expect({ violations: await violations(page) }).toEqual({ violations: [] });
    });
    it('/platform/councils sent empty (field errors)', async () => {
      const page = await pageFor('platform');
      await page.goto(`${t.baseUrl}/platform/councils`, NAV);
      await clickButton(page, '登録する');
      expect({ violations: await violations(page) }).toEqual({ violations: [] });
    });
    it('the user form showing field errors', async () => {
      const page = await pageFor('admin');
      await page.goto(`${t.baseUrl}/admin/users`, NAV);
      await fill(page, '#username', 'no-dept');
      await fill(page, '#displayName', '所属 なし');
      await page.select('#role', 'clerk');
      await clickButton(page, '登録する');
      expect(await page.$('#departmentId-error')).not.toBeNull();
      expect(await violations(page)).toEqual([]);
    });
    it('/admin/clause-sets/:id', () => check('admin', `/admin/clause-sets/${ids.clauseSet}`));
  });

  describe('secretariat', () => {
    it.each([
      '/',
      '/cases',
      '/meetings',
      '/replies',
      '/conditions',
      '/intake',
      '/notifications',
      '/minutes',
      '/settings/redaction',
      '/settings/public-synonyms',
      '/bin',
      // From the sample's first replies (fiscal 2017): every chart drawn with data.
      '/statistics?from=2017&to=2026',
      '/council/members',
      '/incidents',
      '/incidents/new',
      '/impact-assessments',
    ])('%s', (path) => check('secretariat', path));
    it.each([
      ['case view', () => `/cases/${ids.case}`],
      ['case versions', () => `/cases/${ids.case}/versions`],
      ['case workflow', () => `/cases/${ids.case}/workflow`],
      ['meeting (agenda)', () => `/meetings/${ids.meeting}`],
      ['deliberation', () => `/meetings/${ids.meeting}/deliberation`],
      ['advance questions', () => `/meetings/${ids.meeting}/questions`],
      ['published minutes editor', () => `/minutes/${ids.publishedMeeting}`],
      ['reply', () => `/replies/${ids.reply}`],
      ['condition', () => `/conditions/${ids.condition}`],
      ['incident (duty, 確報 overdue)', () => `/incidents/${ids.incident}`],
      ['incident editor', () => `/incidents/${ids.incident}/edit`],
      ['file register', () => '/file-register'],
      ['file register entry caused by a case', () => `/file-register/${ids.registerEntryByCase}`],
      ['file register proposal (read only)', () => `/file-register/proposals/${ids.registerProposal}`],
      ['impact assessment review (checklist, findings)', () => `/impact-assessments/${ids.impactAssessment}`],
    ])('%s', (_name, path) => check('secretariat', path()));
    it('the document preview', () => check('secretariat', `/cases/${ids.case}/document`));
    it('a missing page (404)', () => check('secretariat', '/no-such-page', 404));
  });

  describe('clerk', () => {
    it.each([
      '/',
      '/cases',
      '/cases/new',
      '/notifications',
      '/meetings',
      '/replies',
      '/conditions',
      '/impact-assessments/new',
    ])('%s', (path) => check('clerk', path));
    it('a page the clerk may not see (403)', () => check('clerk', '/admin/users', 403));
    it.each([
      ['file register', () => '/file-register'],
      ['file register entry', () => `/file-register/${ids.registerEntry}`],
      ['file register entry form', () => `/file-register/${ids.registerEntry}/edit`],
    ])('%s', (_name, path) => check('clerk', path()));
    it('the new file register entry form showing field errors', async () => {
      const page = await pageFor('clerk');
      await page.goto(`${t.baseUrl}/file-register/new`, NAV);
      expect(await violations(page)).toEqual([]);
      await clickButton(page, '登録する（作成中）');
      expect(await page.$('#name-error')).not.toBeNull();
      expect(await violations(page)).toEqual([]);
    });
    it("the department's clerk confirming a proposal", () =>
      check('clerkEigyo', `/file-register/proposals/${ids.registerProposal}`));
    it('the wizard result, the new case editor, its view and versions', async () => {
      const page = await pageFor('clerk');
      await page.goto(`${t.baseUrl}/cases/new`, NAV);
      await page.click('input[name="processing"][value="yes"]');
      await page.click('input[name="externalConnection"][value="no"]');
      await page.click('input[name="outsourcing"][value="no"]');
      for (const q of ['purposeExtension', 'sensitiveData', 'myNumber'])
        await page.click(`input[name="${q}"][value="no"]`);
      await clickButton(page, '判定する');
      expect({ page: 'wizard result', violations: await violations(page) }).toEqual({
        page: 'wizard result',
        violations: [],
      });
      await fill(page, '#title', 'アクセシビリティ確認用の事案');
      await clickButton(page, 'この内容で事案を作成');
      const id = /^\/cases\/([0-9a-f-]{36})\/edit$/.exec(new URL(page.url()).pathname)?.[1];
      expect(id).toBeDefined();
      await page.waitForSelector('#case-form[data-ready]');
      const tabs = await page.$$eval('[data-tab]', (els) => els.map((e) => e.getAttribute('data-tab')!));
      for (const tab of tabs) {
        await page.click(`[data-tab="${tab}"]`);
        await page.waitForSelector(`#${tab}:not([hidden])`);
        expect({ tab, violations: await violations(page) }).toEqual({ tab, violations: [] });
      }
      await check('clerk', `/cases/${id}`);
      await check('clerk', `/cases/${id}/versions`);
      await check('clerk', `/cases/${id}/workflow`);
    });
  });

  describe('intake', () => {
    it('intake with a case waiting, its send-back dialog open', async () => {
      // The clerk's new draft in the queue, as if submitted.
      const [{ id }]: { id: string }[] = await t.ds.query(
        `SELECT id FROM case_file WHERE status = 'draft' ORDER BY created_at LIMIT 1`,
      );
      await t.ds.query(`UPDATE case_file SET status = 'submitted' WHERE id = $1`, [id]);
      expect(await check('secretariat', '/intake')).toBe(`sendback-${id}`);
    });
  });

  describe('the next meeting, planned and then held', () => {
    it('planned: agenda, questions, intake (secretariat) and agenda (clerk)', async () => {
      await check('secretariat', `/meetings/${ids.nextMeeting}`);
      await check('secretariat', `/meetings/${ids.nextMeeting}/questions`);
      await check('clerk', `/meetings/${ids.nextMeeting}`);
    });
    it('held: the deliberation record (secretariat and chair)', async () => {
      const secretariat = {
        Authorization: `Bearer ${await login(t.http, 'secretariat', 'Jimukyoku-2026-init')}`,
      };
      for (const action of ['convene', 'hold'])
        await request(t.http)
          .post(`/api/meetings/${ids.nextMeeting}/state/${action}`)
          .set(secretariat)
          .send({})
          .expect((r) => expect({ action, status: r.status }).toEqual({ action, status: 200 }));
      await check('secretariat', `/meetings/${ids.nextMeeting}`);
      await check('secretariat', `/meetings/${ids.nextMeeting}/deliberation`);
      await check('chair', `/meetings/${ids.nextMeeting}/deliberation`);
    });
  });

  describe('members', () => {
    beforeAll(async () => {
      // Minutes sent to a member for confirmation (as in minutes-confirm.e2e.test.ts).
      await t.ds.query(`DELETE FROM minutes WHERE meeting_id = $1`, [ids.meeting]);
      const honda = await makeUser(t.ds, { role: 'member', username: 'honda', displayName: '本田 耕一' });
      await t.ds.query(`UPDATE council_member SET user_id = $1 WHERE name = '本田 耕一'`, [honda.id]);
      const secretariat = {
        Authorization: `Bearer ${await login(t.http, 'secretariat', 'Jimukyoku-2026-init')}`,
      };
      await request(t.http)
        .post(`/api/minutes/${ids.meeting}/generate`)
        .set(secretariat)
        .send({})
        .expect(200);
      const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
      await request(t.http)
        .post(`/api/minutes/${ids.meeting}/actions/circulate`)
        .set(secretariat)
        .send({ deadline })
        .expect(200);
    }, 60_000);

    it.each(['/', '/minutes', '/meetings', '/replies', '/conditions', '/notifications'])('chair %s', (path) =>
      check('chair', path),
    );
    it.each(['/', '/minutes'])('member %s', (path) => check('member', path));
    it('secretariat: minutes editor during the confirmation round', () =>
      check('secretariat', `/minutes/${ids.meeting}`));
    it('member: minutes confirmation', () => check('member', `/minutes/${ids.meeting}/confirm`));
    it('member: advance questions', () => check('member', `/meetings/${ids.meeting}/questions`));
  });
});

/** The screen each template renders, as checked above: a new template must get a check here. */
const TEMPLATES_CHECKED: Record<string, string> = {
  'admin/audit': '/admin/audit',
  'admin/audit-verify': '/admin/audit/verify',
  'admin/clause-set': '/admin/clause-sets/:id',
  'admin/clause-sets': '/admin/clause-sets',
  'admin/departments': '/admin/departments',
  'admin/legal-bases': '/admin/legal-bases',
  'admin/users': '/admin/users (and with field errors)',
  'bin/index': '/bin',
  'cases/edit': 'every editor tab of the new case',
  'file-register/edit': '/file-register/new (empty and with field errors), /file-register/:id/edit',
  'file-register/list': '/file-register (secretariat and clerk)',
  'file-register/proposal': '/file-register/proposals/:id (secretariat read only, the department confirming)',
  'file-register/view': '/file-register/:id',
  'cases/list': '/cases',
  'cases/new': '/cases/new',
  'cases/new-result': 'the wizard result',
  'cases/versions': '/cases/:id/versions',
  'cases/view': '/cases/:id',
  'council/case-workflow': '/cases/:id/workflow',
  'council/condition': '/conditions/:id',
  'council/conditions': '/conditions',
  'council/deliberation': '/meetings/:id/deliberation (closed and held)',
  'council/intake': '/intake (empty, and with a case and its dialog)',
  'council/meeting': '/meetings/:id (closed, planned, held)',
  'council/meetings': '/meetings',
  'council/notifications': '/notifications',
  'council/numbering-settings': '/settings/numbering',
  'council/questions': '/meetings/:id/questions',
  'council/replies': '/replies',
  'council/roster': '/council/members',
  'council/reply': '/replies/:id',
  dashboard: '/ as each role',
  'incidents/detail': '/incidents/:id',
  'incidents/form': '/incidents/new and /incidents/:id/edit',
  'incidents/list': '/incidents',
  error: '403 and 404 pages',
  'impact-assessments/list': '/impact-assessments',
  'impact-assessments/new': '/impact-assessments/new',
  'impact-assessments/view': '/impact-assessments/:id',
  login: '/login (and a failed login)',
  'minutes/confirm': '/minutes/:id/confirm',
  'minutes/editor': '/minutes/:id (published and circulated)',
  'minutes/list': '/minutes',
  'minutes/redaction-settings': '/settings/redaction',
  password: '/password',
  'public/file-register': '/public/:slug/file-register',
  'public/councils': '/public (two councils)',
  'public/index': '/public/:slug (and /public with one council)',
  'public/minutes': '/public/:slug/minutes/:id',
  'public/reply': '/public/:slug/replies/:id',
  'public/replies': '/public/:slug/replies',
  'platform/councils': '/platform/councils (platform administrator; and sent empty)',
  'platform/council': '/platform/councils/:id (platform administrator; and suspend sent without a reason)',
  'public/search': '/public/:slug/search (hits, and a period it cannot read)',
  'public/synonyms': '/settings/public-synonyms',
  setup: '/setup (before the sample data; empty and sent empty)',
  'statistics/index': '/statistics (secretariat and admin)',
};

describe('coverage', () => {
  it('every screen template under templates/views has a check above', () => {
    const root = join(process.cwd(), 'templates', 'views');
    const templates = (readdirSync(root, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.hbs') && !/^(partials|layouts)[\\/]/.test(f))
      .map((f) => f.replace(/\\/g, '/').replace(/\.hbs$/, ''))
      .sort();
    expect(templates).toEqual(Object.keys(TEMPLATES_CHECKED).sort());
  });
});

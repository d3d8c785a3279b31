import type { Browser, Page } from 'puppeteer-core';
import request from 'supertest';
import { Meeting } from '../../src/meetings/meeting.entity';
import { clickButton, closeBoth, fill, launchBrowser, loginInBrowser, textOf } from '../support/browser';
import { login } from '../support/factories';
import { startSampleApp } from '../support/sample-app';
import type { TestApp } from '../support/test-app';

/**
 * From the roster to the minutes, in Chromium on the sample data: the administrator adds a member to
 * the roster and creates the member's account on the roster screen; the new member changes the
 * initial password, reads the 71st meeting's packet, posts an advance question and, once the
 * secretariat has held and closed the meeting and circulated its minutes, confirms them online.
 */
let t: TestApp;
let browser: Browser;
let meetingId: string;
let secretariat: { Authorization: string };
const NAME = '新井 恵';

beforeAll(async () => {
  ({ t } = await startSampleApp({ listen: true }));
  meetingId = (await t.ds.getRepository(Meeting).findOneByOrFail({ number: 71 })).id;
  secretariat = { Authorization: `Bearer ${await login(t.http, 'secretariat', 'Jimukyoku-2026-init')}` };
  browser = await launchBrowser();
}, 120_000);
afterAll(() => closeBoth(browser, t));

const loginAs = (username: string, password: string) =>
  loginInBrowser(browser, t.baseUrl, username, password);
const go = (page: Page, path: string) => page.goto(`${t.baseUrl}${path}`, { waitUntil: 'domcontentloaded' });
/** A date field takes its value as YYYY-MM-DD whatever the browser's display format. */
const setDate = (page: Page, selector: string, value: string) =>
  page.$eval(selector, (el, v) => ((el as HTMLInputElement).value = v), value);
/** Clicks a button in the roster row of the member and waits for the next page. */
async function clickInRow(page: Page, text: string): Promise<void> {
  const button = await page.waitForSelector(
    `::-p-xpath(//tr[@data-member="${NAME}"]//button[normalize-space()="${text}"])`,
  );
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), button!.click()]);
}
const api = (method: 'post' | 'put', path: string, body: object = {}) =>
  request(t.http)[method](path).set(secretariat).send(body);

describe('a new roster member, from the administrator to the confirmed minutes', () => {
  it('is added with an account, reads the packet, asks in advance and confirms the minutes', async () => {
    // The administrator adds the member on the roster screen (reached from the menu).
    const admin = await loginAs('admin', 'Kanrisha-2026-init');
    await Promise.all([
      admin.waitForNavigation({ waitUntil: 'domcontentloaded' }),
      admin.click('nav a[href="/council/members"]'),
    ]);
    await fill(admin, '#name', NAME);
    await admin.select('#title', 'member');
    await fill(admin, '#affiliation', '公募委員');
    await setDate(admin, '#termStart', '2026-04-01');
    await setDate(admin, '#termEnd', '2028-03-31');
    await clickButton(admin, '名簿に追加する');
    expect(await textOf(admin, '[data-testid="notice"]')).toContain(`${NAME}委員を名簿に追加しました`);
    const row = `tr[data-member="${NAME}"]`;
    expect(await textOf(admin, `${row} [data-testid="account"]`)).toBe('アカウントなし');

    // …and creates the account, whose one-time password the page shows once.
    await admin.click(`${row} summary`);
    await fill(admin, `${row} input[name="username"]`, 'arai');
    await clickInRow(admin, 'アカウントを作成する');
    expect(await textOf(admin, '[data-testid="created-account"]')).toContain('アカウント「arai」を作成し');
    const temporary = await textOf(admin, '[data-testid="temporary-password"]');
    expect(await textOf(admin, `${row} [data-testid="account"]`)).toBe('arai（委員）');

    // The secretariat expects the new member at the 71st meeting and convenes it.
    const [{ id: memberId }] = await t.ds.query(`SELECT id FROM council_member WHERE name = $1`, [NAME]);
    await api('put', `/api/meetings/${meetingId}/attendance`, {
      councilMemberId: memberId,
      attendance: 'present',
    }).expect(204);
    await api('post', `/api/meetings/${meetingId}/state/convene`).expect(200);

    // The member logs in with the one-time password and must change it first.
    const member = await loginAs('arai', temporary);
    expect(new URL(member.url()).pathname).toBe('/password');
    await fill(member, '#currentPassword', temporary);
    await fill(member, '#newPassword', 'Kaigiroku-kakunin-2026');
    await fill(member, '#confirmPassword', 'Kaigiroku-kakunin-2026');
    await clickButton(member, '変更する');
    expect(new URL(member.url()).pathname).toBe('/');

    // The packet of the meeting the member attends.
    await go(member, `/meetings/${meetingId}`);
    const packetHref = await member.$eval('a[href$="/packet.pdf"]', (a) => (a as HTMLAnchorElement).href);
    const packet = await member.evaluate(async (href) => {
      const res = await fetch(href);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        head: String.fromCharCode(...bytes.slice(0, 5)),
      };
    }, packetHref);
    expect(packet).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });

    // An advance question.
    await go(member, `/meetings/${meetingId}/questions`);
    await member.type('#qtext', '電子申請で取得するメールアドレスの保存期間を教えてください。');
    await clickButton(member, '送る');
    expect(await textOf(member, 'main')).toContain(
      `${NAME} 委員: 電子申請で取得するメールアドレスの保存期間`,
    );

    // The meeting is held and closed; its minutes go round the members who attended.
    await api('post', `/api/meetings/${meetingId}/state/hold`).expect(200);
    const items: { id: string }[] = await t.ds.query(`SELECT id FROM agenda_item WHERE meeting_id = $1`, [
      meetingId,
    ]);
    for (const item of items)
      await api('post', `/api/meetings/${meetingId}/agenda/${item.id}/outcome`, {
        outcome: 'continued',
      }).expect((res) => expect([res.status, res.body.code]).toEqual([200, undefined]));
    await api('post', `/api/meetings/${meetingId}/state/close`).expect(200);
    await api('post', `/api/minutes/${meetingId}/generate`).expect(200);
    await api('post', `/api/minutes/${meetingId}/actions/circulate`, { deadline: '2099-12-31' }).expect(200);

    // The member confirms them online.
    await go(member, '/minutes');
    expect(await textOf(member, '[data-testid="minutes-list"]')).toContain('確認待ち');
    await go(member, `/minutes/${meetingId}/confirm`);
    expect(await textOf(member, '[data-testid="minutes-lines"]')).toContain(NAME);
    expect(await textOf(member, '[data-testid="my-status"]')).toBe('確認待ち');
    await clickButton(member, '内容を確認しました');
    expect(await textOf(member, '[data-testid="my-status"]')).toBe('確認済み');

    const [answer] = await t.ds.query(
      `SELECT c.status, c.channel, u.username FROM minutes_confirmation c JOIN app_user u ON u.id = c.user_id
        WHERE c.member_name = $1`,
      [NAME],
    );
    expect(answer).toEqual({ status: 'confirmed', channel: 'online', username: 'arai' });
  }, 90_000);
});

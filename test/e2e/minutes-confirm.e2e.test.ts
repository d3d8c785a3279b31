import type { Browser } from 'puppeteer-core';
import { clickButton, closeBoth, fill, launchBrowser, loginInBrowser, textOf } from '../support/browser';
import { DEFAULT_PASSWORD } from '../support/factories';
import { circulateSampleMinutes, startSampleApp } from '../support/sample-app';
import type { TestApp } from '../support/test-app';

let t: TestApp;
let browser: Browser;
let meetingId: string;

beforeAll(async () => {
  ({ t } = await startSampleApp({ listen: true }));
  meetingId = await circulateSampleMinutes(t, [
    ['honda', '本田 耕一'],
    ['katagiri', '片桐 晃'],
  ]);
  browser = await launchBrowser();
}, 120_000);
afterAll(() => closeBoth(browser, t));

const loginAs = (username: string) => loginInBrowser(browser, t.baseUrl, username, DEFAULT_PASSWORD);

describe('the confirmation round in the browser, as two members', () => {
  it('one member returns a correction of a line, the other confirms', async () => {
    const honda = await loginAs('honda');
    await honda.goto(`${t.baseUrl}/minutes`, { waitUntil: 'domcontentloaded' });
    expect(await textOf(honda, '[data-testid="minutes-list"]')).toContain('確認待ち');
    await Promise.all([
      honda.waitForNavigation({ waitUntil: 'domcontentloaded' }),
      honda.click('a[href$="/confirm"]'),
    ]);
    expect(await textOf(honda, '[data-testid="minutes-lines"]')).toContain('第70回');
    await fill(honda, '#line_1', '6');
    await fill(
      honda,
      '#proposed_1',
      '(2) 委員 本田 耕一、片桐 晃、椎野 禎章、乃美 香津子、堀 基泰、丸山 秀和、宮崎 英典（敬称略）',
    );
    await fill(honda, '#comment_1', '敬称の扱いを揃えてください');
    await clickButton(honda, '修正を依頼する');
    expect(await textOf(honda, '[data-testid="notice"]')).toContain('修正依頼を送りました');
    expect(await textOf(honda, '[data-testid="my-status"]')).toBe('修正依頼あり');

    const katagiri = await loginAs('katagiri');
    await katagiri.goto(`${t.baseUrl}/minutes/${meetingId}/confirm`, { waitUntil: 'domcontentloaded' });
    expect(await textOf(katagiri, '[data-testid="my-status"]')).toBe('確認待ち');
    await clickButton(katagiri, '内容を確認しました');
    expect(await textOf(katagiri, '[data-testid="notice"]')).toContain('確認済みとしました');
    expect(await textOf(katagiri, '[data-testid="my-status"]')).toBe('確認済み');
    // No second answer.
    expect(await katagiri.$('::-p-xpath(//button[normalize-space()="内容を確認しました"])')).toBeNull();

    const rows: { member_name: string; status: string }[] = await t.ds.query(
      `SELECT member_name, status FROM minutes_confirmation WHERE status <> 'pending' ORDER BY member_name`,
    );
    expect(rows).toEqual([
      { member_name: '本田 耕一', status: 'corrected' },
      { member_name: '片桐 晃', status: 'confirmed' },
    ]);
    const [c] = await t.ds.query(`SELECT line_key, comment FROM minutes_correction`);
    expect(c).toEqual({ line_key: 'attendance:members', comment: '敬称の扱いを揃えてください' });
  }, 60_000);
});

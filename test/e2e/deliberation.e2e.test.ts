import type { Browser, Page } from 'puppeteer-core';
import request from 'supertest';
import { Meeting } from '../../src/meetings/meeting.entity';
import { clickButton, closeBoth, fill, launchBrowser, loginInBrowser, textOf } from '../support/browser';
import { login } from '../support/factories';
import { startSampleApp } from '../support/sample-app';
import type { TestApp } from '../support/test-app';

/**
 * The secretariat records the 71st meeting in Chromium on the sample data: convene, attendance,
 * hold, Q&A by quick entry, outcomes (one corrected through the dialog), the reply issued; then
 * the department's clerk sees the notification and the decided case.
 */
let t: TestApp;
let browser: Browser;
let meetingId: string;
const S1 = '屋上等緑化の推進業務における屋上緑化見本園見学申込手続きに係る電子申請サービスの導入について';
const S2 = '「(仮称)新宿区民活動支援サイト」構築及び管理運営委託について';
const REPORT = '個人情報保護制度の運用状況（令和8年度上半期）';
const OPINION = '電子申請で取得したメールアドレスは見学会の連絡以外に利用しないこと。';

beforeAll(async () => {
  ({ t } = await startSampleApp({ listen: true }));
  meetingId = (await t.ds.getRepository(Meeting).findOneByOrFail({ number: 71 })).id;
  browser = await launchBrowser();
}, 120_000);
afterAll(() => closeBoth(browser, t));

const loginAs = (username: string, password: string) =>
  // Irreversible steps ask window.confirm; the user answers OK.
  loginInBrowser(browser, t.baseUrl, username, password, (page) => {
    page.on('dialog', (d) => void d.accept());
  });
const go = (page: Page, path: string) => page.goto(`${t.baseUrl}${path}`, { waitUntil: 'domcontentloaded' });
async function follow(page: Page, selector: string): Promise<void> {
  const link = await page.waitForSelector(selector);
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), link!.click()]);
}
async function itemId(title: string): Promise<string> {
  const [row] = await t.ds.query(`SELECT id FROM agenda_item WHERE meeting_id = $1 AND title = $2`, [
    meetingId,
    title,
  ]);
  return row.id;
}
/** One line of quick entry: speaker role, name, text, Ctrl+Enter. */
async function say(page: Page, role: string, name: string, text: string): Promise<void> {
  await page.click(`input[name="speakerRole"][value="${role}"]`);
  await fill(page, '#speakerName', name);
  await page.type('#text', text);
  await page.keyboard.down('Control');
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'domcontentloaded' }),
    page.keyboard.press('Enter'),
  ]);
  await page.keyboard.up('Control');
  expect(await textOf(page, '[data-testid="notice"]')).toContain('発言を記録しました');
}

describe('the secretariat records a decision, the department sees it', () => {
  it('from convening the 71st meeting to the clerk reading the issued reply', async () => {
    const page = await loginAs('secretariat', 'Jimukyoku-2026-init');
    await go(page, `/meetings/${meetingId}`);
    expect(await textOf(page, '[data-testid="meeting-state"]')).toBe('予定');

    // A secretariat report joins the agenda while it can still change.
    await fill(page, '#reportTitle', REPORT);
    await clickButton(page, '報告事項に追加');
    expect(await textOf(page, '[data-testid="agenda-report"]')).toContain(REPORT);

    await clickButton(page, '招集');
    expect(await textOf(page, '[data-testid="meeting-state"]')).toBe('招集済み');

    // Attendance: members not yet confirmed are marked present until the quorum is met.
    for (
      let i = 0;
      i < 12 && !(await textOf(page, '[data-testid="quorum"]')).includes('定足数を満たしています');
      i++
    ) {
      const button = await page.$(
        '::-p-xpath(//tr[td[2][normalize-space()="未確認"]]//button[normalize-space()="出席"])',
      );
      if (!button) break;
      await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), button.click()]);
    }
    expect(await textOf(page, '[data-testid="quorum"]')).toContain('定足数を満たしています');

    await clickButton(page, '開会');
    expect(await textOf(page, '[data-testid="meeting-state"]')).toBe('開催');

    // Deliberation of 諮問事項ア.
    await follow(page, '[data-testid="to-deliberation"]');
    expect(await textOf(page, '[data-testid="item-heading"]')).toContain(S1);
    await say(
      page,
      'explainer',
      '道とみどりの課長',
      '見学申込を電子申請でも受け付けます。取得する項目は氏名、電話番号、メールアドレスです。',
    );
    await say(page, 'member', '片桐委員', 'メールアドレスは何に使いますか。');
    await say(page, 'explainer', '道とみどりの課長', '見学日の変更など、申込者への連絡にのみ使います。');
    expect(await textOf(page, '[data-testid="entries"]')).toMatch(
      /説明員（道とみどりの課長）[\s\S]*委員（片桐委員） メールアドレスは何に使いますか。[\s\S]*連絡にのみ使います/,
    );

    await fill(page, '#explainedBy', '道とみどりの課長');
    await page.select('#outcomeSelect', 'approvedWithOpinion');
    await page.select('#voteMethod', 'showOfHands');
    await fill(page, '#votesFor', '6');
    await fill(page, '#votesAgainst', '0');
    await fill(page, '#abstentions', '1');
    await page.type('#supplementaryOpinions', OPINION);
    await clickButton(page, '結果を記録');
    expect(await textOf(page, '[data-testid="notice"]')).toContain('審議結果を記録しました');
    expect(await textOf(page, '[data-testid="outcome"]')).toBe('付帯意見を付して承認（挙手 賛成 6 棄権 1）');
    expect(await textOf(page, '#outcome')).toContain(OPINION);

    // イ: the wrong outcome is clicked, then corrected through the dialog with a reason.
    await go(page, `/meetings/${meetingId}/deliberation?item=${await itemId(S2)}`);
    await page.select('#outcomeSelect', 'rejected');
    await page.select('#voteMethod', 'noObjection');
    await clickButton(page, '結果を記録');
    expect(await textOf(page, '[data-testid="outcome"]')).toContain('不承認');
    await page.click('::-p-xpath(//button[normalize-space()="審議結果を訂正する"])');
    await page.waitForSelector('#correction-dialog[open]', { visible: true });
    await page.select('#c_outcome', 'approved');
    await page.type('#c_reason', '「承認」のところ誤って「不承認」を選んだため');
    await clickButton(page, '訂正を記録');
    expect(await textOf(page, '[data-testid="notice"]')).toContain('審議結果を訂正しました');
    expect(await textOf(page, '[data-testid="outcome"]')).toBe('承認（異議なし）');
    expect(await textOf(page, '[data-testid="corrections"]')).toContain(
      '「不承認」→「承認」 理由: 「承認」のところ誤って「不承認」を選んだため',
    );

    // 報告事項ア: noted.
    await go(page, `/meetings/${meetingId}/deliberation?item=${await itemId(REPORT)}`);
    await page.select('#outcomeSelect', 'noted');
    await clickButton(page, '結果を記録');
    expect(await textOf(page, '[data-testid="outcome"]')).toBe('報告了承');

    // The meeting page shows every outcome.
    await go(page, `/meetings/${meetingId}`);
    expect(await textOf(page, '[data-testid="agenda-consultation"]')).toMatch(
      /付帯意見を付して承認[\s\S]*承認/,
    );
    expect(await textOf(page, '[data-testid="agenda-report"]')).toContain('報告了承');

    // The reply (答申) of ア: edit, then issue.
    await go(page, `/meetings/${meetingId}/deliberation?item=${await itemId(S1)}`);
    await follow(page, '::-p-xpath(//a[normalize-space()="答申を編集・発出する"])');
    expect(await textOf(page, '[data-testid="reply-state"]')).toBe('案');
    await page.type('#rbody', '\n説明員の説明により、申込者への連絡に限って利用することを確認しました。');
    await clickButton(page, '保存');
    expect(await textOf(page, '[data-testid="notice"]')).toContain('答申案を保存しました');
    await clickButton(page, '発出する');
    expect(await textOf(page, '[data-testid="notice"]')).toContain('答申を発出しました');
    expect(await textOf(page, '[data-testid="reply-state"]')).toBe('発出済み');
    const numberLabel = (await textOf(page, 'h1')).replace('発出済み', '').trim();
    expect(numberLabel).toMatch(/^答申第\d+号$/);
    expect(await textOf(page, '[data-testid="reply-document"]')).toContain('申込者への連絡に限って利用する');

    // The API agrees: number, case state, the condition made from the opinion.
    const auth = { Authorization: `Bearer ${await login(t.http, 'secretariat', 'Jimukyoku-2026-init')}` };
    const [s1] = await t.ds.query(`SELECT case_id AS "caseId" FROM agenda_item WHERE id = $1`, [
      await itemId(S1),
    ]);
    const replies = (await request(t.http).get('/api/replies').set(auth).expect(200)).body;
    const reply = replies.find((r: { caseId: string }) => r.caseId === s1.caseId);
    expect(reply).toMatchObject({
      state: 'issued',
      numberLabel,
      outcome: 'approvedWithOpinion',
      supplementaryOpinions: [OPINION],
      numbering: 'fiscalYear',
    });
    const workflow = (await request(t.http).get(`/api/workflow/cases/${s1.caseId}`).set(auth).expect(200))
      .body;
    expect(workflow.status).toBe('conditionsOpen');
    const conditions = await t.ds.query(`SELECT text, state FROM case_condition WHERE case_id = $1`, [
      s1.caseId,
    ]);
    expect(conditions).toEqual([{ text: OPINION, state: 'open' }]);

    // Issued: the outcome can no longer be corrected, on the screen or through the API.
    await go(page, `/meetings/${meetingId}/deliberation?item=${await itemId(S1)}`);
    expect(await page.$('::-p-xpath(//button[normalize-space()="審議結果を訂正する"])')).toBeNull();
    expect(await textOf(page, '#outcome')).toContain('審議結果は訂正できません');
    const frozen = await request(t.http)
      .post(`/api/meetings/${meetingId}/agenda/${await itemId(S1)}/outcome/correction`)
      .set(auth)
      .send({ outcome: 'approved', voteMethod: 'noObjection', reason: '誤り' });
    expect([frozen.status, frozen.body.code]).toEqual([409, 'DELIBERATION_OUTCOME_FROZEN']);

    // The department's clerk.
    const clerk = await loginAs('clerk-midori', 'Midori-2026-init');
    await go(clerk, '/notifications');
    expect(await textOf(clerk, '[data-testid="notifications"]')).toContain(
      `${numberLabel}が発出されました: ${S1}`,
    );
    await follow(clerk, `::-p-xpath(//a[contains(., "${numberLabel}が発出されました")])`);
    expect(await textOf(clerk, 'h1')).toContain(numberLabel);
    expect(await textOf(clerk, '[data-testid="reply-document"]')).toContain(OPINION);
    await go(clerk, `/cases/${s1.caseId}/workflow`);
    expect(await textOf(clerk, '[data-testid="case-status"]')).toBe('付帯意見対応中');
    expect(await textOf(clerk, 'body')).toContain('審議結果の記録');
    await go(clerk, '/conditions');
    expect(await textOf(clerk, 'body')).toContain(OPINION);
  }, 180_000);
});

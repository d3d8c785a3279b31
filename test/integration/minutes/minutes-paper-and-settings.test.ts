import request from 'supertest';
import { Meeting } from '../../../src/meetings/meeting.entity';
import { Minutes, MinutesConfirmation, MinutesRedactionSetting } from '../../../src/minutes/minutes.entity';
import { userWithToken } from '../../support/factories';
import { startSampleApp } from '../../support/sample-app';
import type { TestApp } from '../../support/test-app';
import { makeCouncilMember } from '../../support/workflow-factories';
import { todayInJapan } from '../../../src/common/format/today';
import { generateAndCirculate } from '../../support/minutes-fixtures';
import { formPost, getAs } from '../../support/http';

type Auth = { Authorization: string };
let t: TestApp;
let secretariat: Auth;
let secretariatCookie: string;
let secretariatName: string;
let member: Auth;
let memberCookie: string;
let meetingId: string;
/** Attending members without an account (they answer by post). */
let postal: { id: string; name: string }[];
let outsiderId: string;

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const form = (path: string, cookie: string) => formPost(t.http, path, cookie);
const api = (path: string) => `/api/minutes/${meetingId}${path}`;

async function confirmationOf(councilMemberId: string): Promise<MinutesConfirmation> {
  const m = await t.ds.getRepository(Minutes).findOneByOrFail({ meetingId });
  return t.ds
    .getRepository(MinutesConfirmation)
    .findOneByOrFail({ minutesId: m.id, round: m.round, councilMemberId });
}

/** Everything a refused request must leave untouched. */
async function snapshot(): Promise<string> {
  const [rows, audit] = await Promise.all([
    t.ds.query(
      `SELECT c.*, (SELECT json_agg(x ORDER BY x.created_at) FROM minutes_correction x) AS corrections,
              mi.version, mi.state
         FROM minutes_confirmation c JOIN minutes mi ON mi.id = c.minutes_id ORDER BY c.id`,
    ),
    t.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'minutes.paper.%'`),
  ]);
  return JSON.stringify({ rows, audit });
}

beforeAll(async () => {
  const sample = await startSampleApp();
  ({ t, secretariat } = sample);
  secretariatCookie = `shingikai_session=${sample.token}`;
  [{ display_name: secretariatName }] = await t.ds.query(
    `SELECT display_name FROM app_user WHERE username = 'secretariat'`,
  );
  const h = await userWithToken(t.http, t.ds, { role: 'member', displayName: '本田 耕一' });
  await t.ds.query(`UPDATE council_member SET user_id = $1 WHERE name = '本田 耕一'`, [h.user.id]);
  member = h.auth;
  memberCookie = `shingikai_session=${h.token}`;
  outsiderId = (await makeCouncilMember(t.ds, { name: '欠席 委員' })).id;

  meetingId = (await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 })).id;
  await t.ds.query(`DELETE FROM minutes WHERE meeting_id = $1`, [meetingId]);
  await generateAndCirculate(t.http, secretariat, meetingId, addDays(todayInJapan(), 10));
  const confirmations = (await request(t.http).get(api('/confirmations')).set(secretariat).expect(200)).body;
  postal = confirmations
    .filter((c: { hasAccount: boolean }) => !c.hasAccount)
    .map((c: { councilMemberId: string; memberName: string }) => ({
      id: c.councilMemberId,
      name: c.memberName,
    }));
  expect(postal.length).toBeGreaterThanOrEqual(4);
}, 120_000);
afterAll(() => t.close());

describe('answers received by post, through the API', () => {
  it('records 確認済み（郵送） with the day received and who entered it, shown like online answers, audited', async () => {
    const today = todayInJapan();
    const res = await request(t.http)
      .post(api('/paper-answers'))
      .set(secretariat)
      .send({ councilMemberId: postal[0].id, result: 'confirmed', receivedOn: today })
      .expect(200);
    expect(res.body).toMatchObject({
      memberName: postal[0].name,
      status: 'confirmed',
      statusLabel: '確認済み',
      channel: 'paper',
      receivedOn: today,
      recordedByName: secretariatName,
    });
    const listed = (await request(t.http).get(api('/confirmations')).set(secretariat).expect(200)).body;
    expect(listed.find((c: { councilMemberId: string }) => c.councilMemberId === postal[0].id)).toEqual(
      res.body,
    );
    const row = await confirmationOf(postal[0].id);
    expect(row.recordedById).not.toBeNull();
    const [audit] = await t.ds.query(
      `SELECT actor_name, detail FROM audit_log WHERE action = 'minutes.paper.confirm' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.actor_name).toBe('secretariat');
    expect(audit.detail).toMatchObject({
      member: postal[0].name,
      channel: 'paper',
      receivedOn: today,
      round: 1,
    });
  });

  it('records 修正依頼あり with the corrections as text, to be decided before the minutes are confirmed', async () => {
    const receivedOn = todayInJapan();
    await request(t.http)
      .post(api('/paper-answers'))
      .set(secretariat)
      .send({
        councilMemberId: postal[1].id,
        result: 'corrected',
        receivedOn,
        corrections: '12ページの「県営水道」は「県水道」の誤りです。',
      })
      .expect(200);
    expect(await confirmationOf(postal[1].id)).toMatchObject({ status: 'corrected', channel: 'paper' });
    const corrections = (await request(t.http).get(api('/corrections')).set(secretariat).expect(200)).body;
    expect(corrections).toEqual([
      expect.objectContaining({
        lineKey: null,
        comment: '12ページの「県営水道」は「県水道」の誤りです。',
        status: 'open',
      }),
    ]);
    const [audit] = await t.ds.query(
      `SELECT detail FROM audit_log WHERE action = 'minutes.paper.correct' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.detail).toMatchObject({ member: postal[1].name, text: expect.stringContaining('県水道') });
  });

  it('refuses a member who did not attend, a second answer, bad dates and empty corrections, changing nothing', async () => {
    const before = await snapshot();
    const send = (body: Record<string, unknown>) =>
      request(t.http).post(api('/paper-answers')).set(secretariat).send(body);
    const today = todayInJapan();

    const outsider = await send({ councilMemberId: outsiderId, result: 'confirmed', receivedOn: today });
    expect([outsider.status, outsider.body.code]).toEqual([400, 'MINUTES_PAPER_NOT_ATTENDEE']);
    expect(outsider.headers['content-type']).toContain('application/problem+json');
    expect(outsider.body.detail).toContain('出席した委員ではない');

    const twice = await send({ councilMemberId: postal[0].id, result: 'corrected', receivedOn: today });
    expect([twice.status, twice.body.code]).toEqual([409, 'MINUTES_ALREADY_ANSWERED']);
    expect(twice.body.detail).toContain(`${postal[0].name}委員の回答は既に記録されています`);

    const future = await send({
      councilMemberId: postal[2].id,
      result: 'confirmed',
      receivedOn: addDays(today, 1),
    });
    expect([future.status, future.body.code]).toEqual([400, 'MINUTES_RECEIVED_ON_OUT_OF_RANGE']);
    expect(future.body.errors).toEqual([
      { field: 'receivedOn', messages: [expect.stringContaining('まで')] },
    ]);

    const empty = await send({ councilMemberId: postal[2].id, result: 'corrected', receivedOn: today });
    expect([empty.status, empty.body.code]).toEqual([400, 'MINUTES_CORRECTIONS_EMPTY']);

    const malformed = await send({ councilMemberId: 'x', result: 'ok', receivedOn: '2026/11/01' });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'councilMemberId',
      'receivedOn',
      'result',
    ]);

    await send({}).expect(400);
    await request(t.http)
      .post(api('/paper-answers'))
      .set(member)
      .send({ councilMemberId: postal[2].id, result: 'confirmed', receivedOn: today })
      .expect(403);
    expect(await snapshot()).toBe(before);
  });

  it('accepts a letter that arrives after the deadline scan recorded silence', async () => {
    await t.ds.query(
      `UPDATE minutes_confirmation SET status = 'silent', silence_recorded_at = now() WHERE council_member_id = $1`,
      [postal[3].id],
    );
    await request(t.http)
      .post(api('/paper-answers'))
      .set(secretariat)
      .send({ councilMemberId: postal[3].id, result: 'confirmed', receivedOn: todayInJapan() })
      .expect(200);
    expect(await confirmationOf(postal[3].id)).toMatchObject({
      status: 'confirmed',
      channel: 'paper',
      silenceRecordedAt: null,
    });
  });
});

describe('the confirmation-round screen', () => {
  it('shows paper answers in the status and offers the form for members still to answer', async () => {
    const page = await getAs(t.http, `/minutes/${meetingId}`, secretariatCookie).expect(200);
    const row = new RegExp(`data-member="${postal[0].id}">[\\s\\S]*?</tr>`).exec(page.text)![0];
    expect(row).toContain('確認済み（郵送）');
    expect(row).toContain(`（${secretariatName} が入力）`);
    expect(page.text).toContain('data-testid="paper-answer-form"');
    const options = /<select id="paper-member"[\s\S]*?<\/select>/.exec(page.text)![0];
    expect(options).toContain(postal[2].name);
    expect(options).not.toContain(postal[0].name);
    expect(page.text).toContain('（郵送・書面の修正依頼）');
  });

  it('re-renders a refused answer with the message beside the field and the text kept', async () => {
    const before = await snapshot();
    const res = await form(`/minutes/${meetingId}/paper-answers`, secretariatCookie)
      .send({
        councilMemberId: postal[2].id,
        result: 'corrected',
        receivedOn: addDays(todayInJapan(), 3),
        corrections: '第3段落の発言者は委員長です。',
      })
      .expect(400);
    expect(res.text).toMatch(/id="paper-received-error"[^>]*>[\s\S]*?までの日付を入力してください/);
    expect(res.text).toContain('>第3段落の発言者は委員長です。</textarea>');
    expect(res.text).toMatch(new RegExp(`<option value="${postal[2].id}" selected>`));
    const missing = await form(`/minutes/${meetingId}/paper-answers`, secretariatCookie)
      .send({ result: 'confirmed', receivedOn: todayInJapan() })
      .expect(400);
    expect(missing.text).toMatch(/id="paper-member-error"[^>]*><li>委員を選んでください/);
    expect(await snapshot()).toBe(before);
  });

  it('records an answer from the form and returns to the status with a message', async () => {
    const res = await form(`/minutes/${meetingId}/paper-answers`, secretariatCookie)
      .send({ councilMemberId: postal[2].id, result: 'confirmed', receivedOn: todayInJapan() })
      .expect(303);
    expect(decodeURIComponent(res.headers.location)).toBe(
      `/minutes/${meetingId}?notice=${postal[2].name}委員の回答（確認済み（郵送））を記録しました。#confirmations`,
    );
    expect(await confirmationOf(postal[2].id)).toMatchObject({ status: 'confirmed', channel: 'paper' });
  });

  it('refuses answers once the round is closed, through the API and the form', async () => {
    await t.ds.query(`UPDATE minutes_correction SET status = 'rejected'`);
    await t.ds.query(`UPDATE minutes SET deadline = $1 WHERE meeting_id = $2`, [
      addDays(todayInJapan(), -1),
      meetingId,
    ]);
    await request(t.http).post(api('/actions/confirm')).set(secretariat).send({}).expect(200);
    const before = await snapshot();
    const res = await request(t.http)
      .post(api('/paper-answers'))
      .set(secretariat)
      .send({ councilMemberId: postal[0].id, result: 'confirmed', receivedOn: todayInJapan() })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'MINUTES_NOT_CIRCULATING' });
    expect(res.body.detail).toContain('「確定」のため、郵送・書面の回答は記録できません');
    const page = await form(`/minutes/${meetingId}/paper-answers`, secretariatCookie)
      .send({ councilMemberId: postal[0].id, result: 'confirmed', receivedOn: todayInJapan() })
      .expect(409);
    expect(page.text).toContain('郵送・書面の回答は記録できません');
    expect(page.text).not.toContain('data-testid="paper-answer-form"');
    expect(await snapshot()).toBe(before);
  });
});

describe('the redaction setting screen', () => {
  const setting = () => t.ds.getRepository(MinutesRedactionSetting).findOneByOrFail({ id: 1 });
  /** Posts the setting form as the secretariat, the version as the page sends it (a string). */
  const saveSetting = (fields: {
    explainerNames: string;
    secretariatNames: string;
    allowList: string;
    version: number;
  }) => form('/settings/redaction', secretariatCookie).send({ ...fields, version: String(fields.version) });

  it('is in the menu and on the minutes pages, and shows the allow-list one entry per line', async () => {
    await t.ds.query(
      `UPDATE minutes_redaction_setting SET allow_list = '[{"name":"佐藤 花子","role":"傍聴者"},{"name":"山田 一郎","role":"参考人"}]'`,
    );
    const list = await getAs(t.http, '/minutes', secretariatCookie).expect(200);
    expect(list.text).toContain('href="/settings/redaction"');
    const page = await getAs(t.http, '/settings/redaction', secretariatCookie).expect(200);
    expect(page.text).toContain('aria-current="page">公開時の氏名の扱い');
    expect(page.text).toContain('>佐藤 花子：傍聴者\n山田 一郎：参考人</textarea>');
    expect(page.text).toMatch(/name="explainerNames" value="title" checked/);
    expect(page.text).toMatch(/name="secretariatNames" value="show" checked/);
    await getAs(t.http, '/settings/redaction', memberCookie).expect(403);
  });

  it('saves the options and the list, audited like the API', async () => {
    const { version } = await setting();
    const res = await saveSetting({
      explainerNames: 'show',
      secretariatNames: 'title',
      allowList: '佐藤 花子：傍聴者\r\n\r\n鈴木 次郎：参考人\r\n',
      version,
    }).expect(303);
    expect(decodeURIComponent(res.headers.location)).toContain('公開時の氏名の扱いを保存しました。');
    expect(await setting()).toMatchObject({
      explainerNames: 'show',
      secretariatNames: 'title',
      allowList: [
        { name: '佐藤 花子', role: '傍聴者' },
        { name: '鈴木 次郎', role: '参考人' },
      ],
      version: version + 1,
    });
    const [audit] = await t.ds.query(
      `SELECT actor_name, detail FROM audit_log WHERE target_type = 'minutes_redaction_setting'
        ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toMatchObject({ actor_name: 'secretariat', detail: { explainerNames: 'show' } });
  });

  it('refuses a stale version with 409 beside the list, keeping the text typed', async () => {
    const saved = await setting();
    const res = await saveSetting({
      explainerNames: 'title',
      secretariatNames: 'show',
      allowList: '古い画面で入力：傍聴者',
      version: saved.version - 1,
    }).expect(409);
    expect(res.text).toMatch(/id="allowList-error"[^>]*><li>公開時の氏名の扱いは他の利用者/);
    expect(res.text).toContain('>古い画面で入力：傍聴者</textarea>');
    expect(res.text).toContain('data-testid="redaction-saved"');
    expect(res.text).toContain('鈴木 次郎：参考人');
    expect(await setting()).toEqual(saved);
  });

  it('shows Japanese messages beside the field for a malformed list or option', async () => {
    const saved = await setting();
    const res = await saveSetting({
      explainerNames: 'hide',
      secretariatNames: 'show',
      allowList: '佐藤 花子\n鈴木：参考人\n鈴木：傍聴者',
      version: saved.version,
    }).expect(400);
    expect(res.text).toMatch(/id="allowList-error"[^>]*><li>1行目: 「氏名：役割」の形で入力してください/);
    expect(res.text).toContain('<li>3行目: 「鈴木」は2行目にもあります</li>');
    expect(res.text).toMatch(/id="explainerNames-error"[^>]*><li>説明員の氏名の扱いを選んでください/);
    expect(res.text).toContain('>佐藤 花子\n鈴木：参考人\n鈴木：傍聴者</textarea>');
    expect(await setting()).toEqual(saved);
  });
});

describe('the error page', () => {
  it('shows the signed-in user with the role label, like every other page', async () => {
    const res = await getAs(
      t.http,
      '/minutes/00000000-0000-4000-8000-000000000000',
      secretariatCookie,
    ).expect(404);
    expect(res.text).toContain('data-testid="error-detail"');
    expect(res.text).toContain('data-testid="user-role">事務局</span>');
    expect(res.text).toContain('href="/minutes" aria-current="page"');
    const forbidden = await getAs(t.http, '/settings/redaction', memberCookie).expect(403);
    expect(forbidden.text).toContain('data-testid="user-role">委員</span>');
  });
});

import request from 'supertest';
import { Meeting } from '../../../src/meetings/meeting.entity';
import { Minutes } from '../../../src/minutes/minutes.entity';
import type { MinutesLine } from '../../../src/minutes/minutes-lines';
import { MinutesScanScheduler } from '../../../src/minutes/minutes-scan.scheduler';
import { userWithToken } from '../../support/factories';
import { makeCouncilMember } from '../../support/workflow-factories';
import {
  acceptCorrection,
  MINUTES_SECTIONS,
  SAMPLE_MEETING_INTERNAL_ONLY,
} from '../../support/minutes-fixtures';
import { startSampleApp } from '../../support/sample-app';
import type { TestApp } from '../../support/test-app';
import { todayInJapan } from '../../../src/common/format/today';

type Auth = { Authorization: string };
let t: TestApp;
let secretariat: Auth;
let chair: Auth;
let honda: Auth;
let outsider: Auth;
let meetingId: string;

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Strings that exist only in the internal record of the sample meeting. */
const INTERNAL_ONLY = [
  ...SAMPLE_MEETING_INTERNAL_ONLY,
  // a member's correction comment and the reason to take minutes back
  '発言の趣旨が違います',
];

beforeAll(async () => {
  ({ t, secretariat } = await startSampleApp());
  const meeting = await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 });
  meetingId = meeting.id;
  // Start the sample meeting's minutes over; item エ was held in closed session.
  await t.ds.query(`DELETE FROM minutes WHERE meeting_id = $1`, [meetingId]);
  await t.ds.query(
    `UPDATE agenda_item SET closed_session = true WHERE meeting_id = $1 AND title LIKE '総合行政ネットワーク%'`,
    [meetingId],
  );
  const c = await userWithToken(t.http, t.ds, { role: 'chair', displayName: '小室 充孝' });
  const h = await userWithToken(t.http, t.ds, { role: 'member', displayName: '本田 耕一' });
  const o = await userWithToken(t.http, t.ds, { role: 'member', displayName: '欠席 委員' });
  await t.ds.query(`UPDATE council_member SET user_id = $1 WHERE name = '小室 充孝'`, [c.user.id]);
  await t.ds.query(`UPDATE council_member SET user_id = $1 WHERE name = '本田 耕一'`, [h.user.id]);
  await makeCouncilMember(t.ds, { name: '欠席 委員', userId: o.user.id });
  chair = c.auth;
  honda = h.auth;
  outsider = o.auth;
}, 120_000);
afterAll(() => t.close());

const api = (path: string) => `/api/minutes/${meetingId}${path}`;
/** The code of the 409 that refuses a minutes action (confirm, publish) as the secretariat. */
const refusedAction = async (action: string): Promise<string> =>
  (
    await request(t.http)
      .post(api(`/actions/${action}`))
      .set(secretariat)
      .send({})
      .expect(409)
  ).body.code;
async function current(): Promise<Minutes> {
  return t.ds.getRepository(Minutes).findOneByOrFail({ meetingId });
}

describe('minutes of the Odawara 70th meeting, from drafting to the public portal', () => {
  let keyOfHondaQuestion: string;

  it('generates the draft from the record in the structure of the document', async () => {
    const res = await request(t.http).post(api('/generate')).set(secretariat).send({}).expect(200);
    expect(res.body).toMatchObject({ state: 'drafting', stateLabel: '作成中', page: 1 });
    const lines = (await current()).lines;
    expect(lines.filter((l) => l.kind === 'section').map((l) => l.text)).toEqual(MINUTES_SECTIONS);
    expect(lines.filter((l) => l.kind === 'stage').map((l) => l.text)).toEqual(
      expect.arrayContaining([
        '< 下水道総務課説明員入室 清水課長が資料1に基づき説明 >',
        '< 営業課説明員入室 渡邊総務係長が資料2及び3に基づき説明 >',
        '<質疑応答終了 説明員退室>',
        '(資料5から7に基づき説明)',
      ]),
    );
    const outcomes = lines
      .filter((l) => /ことといたします|取下げがあったものと認めます/.test(l.text))
      .map((l) => l.text);
    expect(outcomes).toEqual([
      'それでは、諮問事項アは承認することといたします。',
      '全員賛成と認めます。よって、諮問事項イは付帯意見を付して承認することといたします。',
      '全員賛成と認めます。よって、諮問事項ウは承認することといたします。',
      'それでは、諮問事項エについては、取下げがあったものと認めます。',
    ]);
    expect(lines.filter((l) => l.closed).length).toBeGreaterThan(5);
    keyOfHondaQuestion = lines.find((l) => l.text === '県営水道の区域でも手続は同じなのか。')!.key;
  });

  it('refuses publishing before confirmation, and changes nothing', async () => {
    const before = await current();
    const res = await request(t.http).post(api('/actions/publish')).set(secretariat).send({}).expect(409);
    expect(res.body.code).toBe('WORKFLOW_TRANSITION_NOT_ALLOWED');
    const after = await current();
    expect(after.state).toBe('drafting');
    expect(after.version).toBe(before.version);
  });

  it('keeps a hand edit when regenerating, and refuses a stale version', async () => {
    const m = await current();
    const key = m.lines.find((l) => l.key.endsWith(':explanation'))!.key;
    await request(t.http)
      .patch(api(`/lines/${encodeURIComponent(key)}`))
      .set(secretariat)
      .send({
        text: '説明員 下水道使用料の徴収漏れ防止のため、給水設備台帳の情報を利用したい旨の説明があった。',
        version: m.version,
      })
      .expect(200);
    await request(t.http)
      .patch(api(`/lines/${encodeURIComponent(key)}`))
      .set(secretariat)
      .send({ text: '古い版からの保存', version: m.version })
      .expect(409);
    await request(t.http).post(api('/generate')).set(secretariat).send({}).expect(200);
    const line = (await current()).lines.find((l) => l.key === key)!;
    expect(line).toMatchObject({ source: 'edited' });
    expect(line.text).toContain('給水設備台帳の情報を利用したい');
  });

  it('refuses to circulate minutes of a meeting without attending members', async () => {
    const empty = await t.ds.getRepository(Meeting).save(
      t.ds.getRepository(Meeting).create({
        number: 99,
        startsAt: new Date('2026-01-10T14:00:00+09:00'),
        endsAt: null,
        place: '会議室',
        state: 'held',
        otherNotes: null,
      }),
    );
    await request(t.http).post(`/api/minutes/${empty.id}/generate`).set(secretariat).send({}).expect(200);
    const res = await request(t.http)
      .post(`/api/minutes/${empty.id}/actions/circulate`)
      .set(secretariat)
      .send({ deadline: addDays(todayInJapan(), 7) })
      .expect(409);
    expect(res.body.code).toBe('MINUTES_NO_ATTENDEES');
    const m = await t.ds.getRepository(Minutes).findOneByOrFail({ meetingId: empty.id });
    expect(m).toMatchObject({ state: 'drafting', round: 0 });
  });

  it('circulates to every attending member with a deadline and notifies those with an account', async () => {
    await request(t.http).post(api('/actions/circulate')).set(secretariat).send({}).expect(400);
    const res = await request(t.http)
      .post(api('/actions/circulate'))
      .set(secretariat)
      .send({ deadline: addDays(todayInJapan(), 10) })
      .expect(200);
    expect(res.body).toMatchObject({ state: 'circulating', round: 1 });
    const confirmations = (await request(t.http).get(api('/confirmations')).set(secretariat).expect(200))
      .body;
    expect(confirmations).toHaveLength(8);
    expect(confirmations.every((c: { status: string }) => c.status === 'pending')).toBe(true);
    const notes = (await request(t.http).get('/api/notifications').set(honda).expect(200)).body;
    expect(notes.some((n: { title: string }) => n.title.includes('第70回会議録（案）の確認のお願い'))).toBe(
      true,
    );
  });

  it('a member who did not attend cannot see or confirm the minutes', async () => {
    expect((await request(t.http).post(api('/member-confirm')).set(outsider).expect(403)).body.code).toBe(
      'MINUTES_NOT_ATTENDED',
    );
    await request(t.http).get(api('/mine')).set(outsider).expect(403);
    await request(t.http).get(api('')).set(outsider).expect(403);
  });

  it('the chair confirms; a member returns a correction; a correction on a missing line is refused', async () => {
    await request(t.http).post(api('/member-confirm')).set(chair).expect(200);
    expect((await request(t.http).post(api('/member-confirm')).set(chair).expect(409)).body.code).toBe(
      'MINUTES_ALREADY_ANSWERED',
    );
    const missing = await request(t.http)
      .post(api('/member-corrections'))
      .set(honda)
      .send({ corrections: [{ lineKey: 'entry:no-such-line', comment: '削除された行' }] })
      .expect(409);
    expect(missing.body.code).toBe('MINUTES_LINE_NOT_FOUND');
    const mine = (await request(t.http).get(api('/mine')).set(honda).expect(200)).body;
    expect(mine.confirmation.status).toBe('pending');
    await request(t.http)
      .post(api('/member-corrections'))
      .set(honda)
      .send({
        corrections: [
          {
            lineKey: keyOfHondaQuestion,
            comment: '発言の趣旨が違います',
            proposedText: '県の水道とも手続きは同じですか。',
          },
        ],
      })
      .expect(200);
  });

  it('cannot be confirmed while members are pending before the deadline', async () => {
    const res = await request(t.http).post(api('/actions/confirm')).set(secretariat).send({}).expect(409);
    expect(res.body.code).toBe('MINUTES_PENDING_ANSWERS');
  });

  it('reminds pending members before the deadline, once, and records silence after it', async () => {
    const service = t.app.get(MinutesScanScheduler);
    const m = await current();
    const nearDeadline = addDays(m.deadline!, -1);
    expect(await service.scanConfirmations(nearDeadline)).toEqual({ reminded: 6, silent: 0 });
    expect(await service.scanConfirmations(nearDeadline)).toEqual({ reminded: 0, silent: 0 });
    expect(await service.scanConfirmations(addDays(m.deadline!, 1))).toEqual({ reminded: 0, silent: 6 });
    const statuses = (await request(t.http).get(api('/confirmations')).set(secretariat).expect(200)).body.map(
      (c: { statusLabel: string }) => c.statusLabel,
    );
    expect(statuses.filter((s: string) => s === '期限までに回答なし')).toHaveLength(6);
  });

  it('the secretariat decides each correction before confirming', async () => {
    expect(await refusedAction('confirm')).toBe('MINUTES_OPEN_CORRECTIONS');
    const screen = await request(t.http).get(`/minutes/${meetingId}`).set(secretariat).expect(200);
    expect(screen.text).toContain('data-testid="confirmations"');
    expect(screen.text).toContain('修正依頼あり');
    expect(screen.text).toContain('発言の趣旨が違います');
    const [c] = (await request(t.http).get(api('/corrections')).set(secretariat).expect(200)).body;
    await acceptCorrection(t.http, secretariat, c.id);
    const line = (await current()).lines.find((l: MinutesLine) => l.key === keyOfHondaQuestion)!;
    expect(line.text).toBe('県の水道とも手続きは同じですか。');
    // The chair confirmed before the change: asked again in the same round.
    await request(t.http).post(api('/member-confirm')).set(chair).expect(200);
    await request(t.http).post(api('/actions/confirm')).set(secretariat).send({}).expect(200);
  });

  it('publishes only after every mask proposal is decided; the internal version is untouched', async () => {
    expect(await refusedAction('publish')).toBe('MINUTES_REDACTION_NOT_PREPARED');
    const masks = (await request(t.http).post(api('/redaction')).set(secretariat).expect(200)).body;
    const proposed = masks.filter((x: { status: string }) => x.status === 'proposed');
    expect(proposed.map((x: { original: string }) => x.original)).toEqual(
      expect.arrayContaining(['清水課長', '福田業務係長', '渡邊総務係長']),
    );
    expect(
      masks
        .filter((x: { status: string }) => x.status === 'allowed')
        .map((x: { allowedAs: string }) => x.allowedAs),
    ).toContain('会長');
    expect(await refusedAction('publish')).toBe('MINUTES_MASKS_UNDECIDED');
    const review = await request(t.http).get(`/minutes/${meetingId}`).set(secretariat).expect(200);
    expect(review.text).toContain('公開版のマスキング確認');
    expect(review.text).toContain('data-testid="masks"');
    expect(review.text.match(/value="accept">マスクする</g)?.length).toBe(proposed.length);
    for (const x of proposed)
      await request(t.http)
        .post(`/api/minutes/masks/${x.id}/decision`)
        .set(secretariat)
        .send({ accept: true })
        .expect(200);
    const internalBefore = JSON.stringify((await current()).lines);
    await request(t.http).post(api('/actions/publish')).set(secretariat).send({}).expect(200);
    const after = await current();
    expect(after.state).toBe('published');
    expect(JSON.stringify(after.lines)).toBe(internalBefore);
    // The scan below is meaningful: every internal-only string is in the internal record.
    for (const secret of INTERNAL_ONLY.slice(0, -1)) expect(internalBefore).toContain(secret);
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE target_type = 'minutes' AND target_id = $1`,
      [after.id],
    );
    expect(n).toBeGreaterThanOrEqual(10 + proposed.length);
  });

  it('the public portal, without login, shows the published minutes and issued replies and nothing internal', async () => {
    const index = await request(t.http).get('/public/shinjuku').expect(200);
    expect(index.text).toContain('第70回 会議録');
    expect(index.text).not.toContain('第71回');
    const pages = [index.text];
    const links = [
      ...index.text.matchAll(/href="(\/public\/shinjuku\/(?:minutes|replies)\/[0-9a-f-]+)"/g),
    ].map((x) => x[1]);
    expect(links.filter((l) => l.includes('/replies/'))).toHaveLength(3);
    for (const link of links) pages.push((await request(t.http).get(link).expect(200)).text);
    const minutesPage = pages.find((p) => p.includes('public-minutes'))!;
    expect(minutesPage).toContain('下水道総務課長');
    expect(minutesPage).toContain('非公開の審議のため');
    expect(minutesPage).toContain('県の水道とも手続きは同じですか。');
    for (const page of pages) for (const secret of INTERNAL_ONLY) expect(page).not.toContain(secret);
    // Search finds text of the public version only.
    expect(
      (await request(t.http).get('/public/shinjuku/search').query({ q: '給水設備台帳' }).expect(200)).text,
    ).toContain('第70回 会議録');
    expect(
      (await request(t.http).get('/public/shinjuku/search').query({ q: '公益上の必要性' }).expect(200)).text,
    ).not.toContain('第70回 会議録');
    // An unpublished meeting's minutes are not found.
    const m71 = await t.ds.getRepository(Meeting).findOneByOrFail({ number: 71 });
    await request(t.http).get(`/public/shinjuku/minutes/${m71.id}`).expect(404);
  });

  it('taking published minutes back to drafting removes them from the portal', async () => {
    await request(t.http)
      .post(api('/actions/backToDrafting'))
      .set(secretariat)
      .send({ comment: '誤記訂正のため' })
      .expect(200);
    await request(t.http).get(`/public/shinjuku/minutes/${meetingId}`).expect(404);
    expect((await request(t.http).get('/public/shinjuku').expect(200)).text).not.toContain('第70回 会議録');
  });
});

describe('a 5,000-line minutes document', () => {
  it('renders one page of lines and edits a line on a late page quickly', async () => {
    const meeting = await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 });
    const lines: MinutesLine[] = Array.from({ length: 5000 }, (_, i) => ({
      key: `manual:${i}`,
      kind: 'text',
      speakerRole: null,
      speakerName: null,
      text: `行${i + 1}の本文`,
      closed: false,
      source: 'manual',
      generatedText: null,
      after: i ? `manual:${i - 1}` : null,
    }));
    await t.ds.query(`UPDATE minutes SET lines = $1::jsonb, state = 'drafting' WHERE meeting_id = $2`, [
      JSON.stringify(lines),
      meeting.id,
    ]);
    const started = Date.now();
    const page = await request(t.http)
      .get(`/api/minutes/${meeting.id}`)
      .query({ page: 48 })
      .set(secretariat)
      .expect(200);
    expect(page.body).toMatchObject({ lineCount: 5000, page: 48, pageCount: 50 });
    expect(page.body.lines).toHaveLength(100);
    expect(page.body.lines[0].text).toBe('行4701の本文');
    await request(t.http)
      .patch(`/api/minutes/${meeting.id}/lines/manual:4799`)
      .set(secretariat)
      .send({ text: '修正した4800行目' })
      .expect(200);
    const html = await request(t.http)
      .get(`/minutes/${meeting.id}`)
      .query({ page: 48 })
      .set(secretariat)
      .expect(200);
    expect(html.text.match(/<textarea name="text"/g)).toHaveLength(100);
    expect(html.text).toContain('修正した4800行目');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('the municipality redaction setting', () => {
  it('is updated with optimistic locking and validated', async () => {
    const s = (await request(t.http).get('/api/minutes/settings/redaction').set(secretariat).expect(200))
      .body;
    expect(s).toMatchObject({ explainerNames: 'title', secretariatNames: 'show', allowList: [] });
    const next = { ...s, explainerNames: 'show', allowList: [{ name: '佐藤 花子', role: '傍聴者' }] };
    const saved = (
      await request(t.http).put('/api/minutes/settings/redaction').set(secretariat).send(next).expect(200)
    ).body;
    expect(saved).toMatchObject({ explainerNames: 'show', version: s.version + 1 });
    await request(t.http).put('/api/minutes/settings/redaction').set(secretariat).send(next).expect(409);
    await request(t.http)
      .put('/api/minutes/settings/redaction')
      .set(secretariat)
      .send({ ...saved, explainerNames: 'hide' })
      .expect(400);
    await request(t.http).put('/api/minutes/settings/redaction').set(honda).send(saved).expect(403);
  });
});

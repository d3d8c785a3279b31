import request from 'supertest';
import { Meeting } from '../../../src/meetings/meeting.entity';
import { Minutes } from '../../../src/minutes/minutes.entity';
import { userWithToken } from '../../support/factories';
import { startSampleApp } from '../../support/sample-app';
import type { TestApp } from '../../support/test-app';
import { todayInJapan } from '../../../src/common/format/today';
import { acceptCorrection, generateAndCirculate } from '../../support/minutes-fixtures';

type Auth = { Authorization: string };
let t: TestApp;
let secretariat: Auth;
let secretariatCookie: string;
let chair: Auth;
let chairCookie: string;
let honda: Auth;
let meetingId: string;
let seeded: {
  corrections: { memberName: string; status: string; proposedText: string; lineKey: string }[];
  lines: { key: string; text: string }[];
  confirmations: { memberName: string; status: string; channel: string }[];
};

beforeAll(async () => {
  const sample = await startSampleApp();
  ({ t, secretariat } = sample);
  secretariatCookie = `shingikai_session=${sample.token}`;
  meetingId = (await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 })).id;
  // The sample data: a postal correction applied while the round was open (read before starting over).
  seeded = {
    corrections: (await request(t.http).get(api('/corrections')).set(secretariat).expect(200)).body,
    lines: (await t.ds.getRepository(Minutes).findOneByOrFail({ meetingId })).lines,
    confirmations: (await request(t.http).get(api('/confirmations')).set(secretariat).expect(200)).body,
  };
  await t.ds.query(`DELETE FROM minutes WHERE meeting_id = $1`, [meetingId]);
  const c = await userWithToken(t.http, t.ds, { role: 'chair', displayName: '小室 充孝' });
  const h = await userWithToken(t.http, t.ds, { role: 'member', displayName: '本田 耕一' });
  for (const [u, name] of [
    [c.user.id, '小室 充孝'],
    [h.user.id, '本田 耕一'],
  ]) {
    await t.ds.query(`UPDATE council_member SET user_id = $1 WHERE name = $2`, [u, name]);
    await t.ds.query(`UPDATE meeting_attendee SET user_id = $1 WHERE name = $2`, [u, name]);
  }
  chair = c.auth;
  chairCookie = `shingikai_session=${c.token}`;
  honda = h.auth;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const api = (path: string) => `/api/minutes/${meetingId}${path}`;
const lineWith = async (text: string) =>
  (await t.ds.getRepository(Minutes).findOneByOrFail({ meetingId })).lines.find((l) => l.text === text)!;

it('the sample data holds a postal correction applied to its line during the round, naming who asked', () => {
  expect(seeded.corrections).toEqual([
    expect.objectContaining({
      memberName: '本田 耕一',
      status: 'accepted',
      proposedText: '県営水道の区域でも手続きは同じなのか。',
    }),
  ]);
  const line = seeded.lines.find((l) => l.key === seeded.corrections[0].lineKey)!;
  expect(line.text).toBe('県営水道の区域でも手続きは同じなのか。');
  expect(seeded.confirmations.find((c) => c.memberName === '本田 耕一')).toMatchObject({
    status: 'corrected',
    channel: 'paper',
  });
});

it('shows a member who had confirmed the tracked change (old struck through, new inserted) and asks again; the asker and the list name who asked; a postal correction is applied the same way', async () => {
  await generateAndCirculate(t.http, secretariat, meetingId, '2099-12-31');
  await request(t.http).post(api('/member-confirm')).set(chair).expect(200);
  // Nothing changed yet: the chair's screen has no 修正箇所.
  expect((await request(t.http).get(api('/mine')).set(chair).expect(200)).body.changes).toEqual([]);

  const before = '県営水道の区域でも手続は同じなのか。';
  const after = '県の水道とも手続きは同じですか。';
  const line = await lineWith(before);
  await request(t.http)
    .post(api('/member-corrections'))
    .set(honda)
    .send({ corrections: [{ lineKey: line.key, comment: '発言の趣旨が違います', proposedText: after }] })
    .expect(200);
  const [c] = (await request(t.http).get(api('/corrections')).set(secretariat).expect(200)).body;
  expect(c.memberName).toBe('本田 耕一');
  await acceptCorrection(t.http, secretariat, c.id);

  // The chair had confirmed the old text: the API and the screen show what changed, and ask again.
  const mine = (await request(t.http).get(api('/mine')).set(chair).expect(200)).body;
  expect(mine.confirmation.status).toBe('pending');
  expect(mine.changes).toHaveLength(1);
  expect(mine.changes[0]).toMatchObject({
    lineKey: line.key,
    textBefore: before,
    textAfter: after,
    askedBy: '本田 耕一',
  });
  expect(mine.changes[0].lineNo).toBeGreaterThan(0);
  const screen = (
    await request(t.http).get(`/minutes/${meetingId}/confirm`).set('Cookie', chairCookie).expect(200)
  ).text;
  expect(screen).toContain('修正箇所');
  expect(screen).toContain(`<del>${before}</del>`);
  expect(screen).toContain(`<ins>${after}</ins>`);
  expect(screen).toContain('本田 耕一委員の修正依頼による');
  expect(screen).toContain('内容を確認しました');

  // The member who asked is not re-opened and has nothing new to see.
  const own = (await request(t.http).get(api('/mine')).set(honda).expect(200)).body;
  expect(own.confirmation.status).toBe('corrected');
  expect(own.changes).toEqual([]);

  // The secretariat's corrections screen names the member who asked.
  const editor = (
    await request(t.http).get(`/minutes/${meetingId}`).set('Cookie', secretariatCookie).expect(200)
  ).text;
  const table = editor.slice(editor.indexOf('data-testid="corrections"'));
  expect(table).toContain('本田 耕一');

  // The chair confirms the changed text: nothing left unseen.
  await request(t.http).post(api('/member-confirm')).set(chair).expect(200);
  expect((await request(t.http).get(api('/mine')).set(chair).expect(200)).body.changes).toEqual([]);

  // A correction received by post: the secretariat names the line and the new text when accepting.
  const confirmations = (await request(t.http).get(api('/confirmations')).set(secretariat).expect(200))
    .body as {
    councilMemberId: string;
    memberName: string;
    hasAccount: boolean;
  }[];
  const postal = confirmations.find((x) => !x.hasAccount)!;
  await request(t.http)
    .post(api('/paper-answers'))
    .set(secretariat)
    .send({
      councilMemberId: postal.councilMemberId,
      result: 'corrected',
      receivedOn: todayInJapan(),
      corrections: '「手続きは同じですか」を「手続きは同じなのですか」に',
    })
    .expect(200);
  const paper = (
    (await request(t.http).get(api('/corrections')).set(secretariat).expect(200)).body as {
      id: string;
      memberName: string;
      lineKey: string | null;
    }[]
  ).find((x) => x.lineKey === null)!;
  expect(paper.memberName).toBe(postal.memberName);
  await request(t.http)
    .post(`/api/minutes/corrections/${paper.id}/decision`)
    .set(secretariat)
    .send({ accept: true, lineKey: 'no-such-line', text: 'x' })
    .expect(409)
    .expect((r) => expect(r.body.code).toBe('MINUTES_LINE_NOT_FOUND'));
  const postalText = '県の水道とも手続きは同じなのですか。';
  await request(t.http)
    .post(`/api/minutes/corrections/${paper.id}/decision`)
    .set(secretariat)
    .send({ accept: true, lineKey: line.key, text: postalText })
    .expect(200);
  expect((await t.ds.getRepository(Minutes).findOneByOrFail({ meetingId })).state).toBe('circulating');
  expect((await lineWith(postalText)).key).toBe(line.key);
  // The chair sees only the change made after the last confirmation, and is asked again.
  const again = (await request(t.http).get(api('/mine')).set(chair).expect(200)).body;
  expect(again.confirmation.status).toBe('pending');
  expect(again.changes).toEqual([
    expect.objectContaining({ textBefore: after, textAfter: postalText, askedBy: postal.memberName }),
  ]);
  // Honda had asked for the first change only: the postal one is new to him, but he is not re-opened.
  const hondaAgain = (await request(t.http).get(api('/mine')).set(honda).expect(200)).body;
  expect(hondaAgain.confirmation.status).toBe('corrected');
});

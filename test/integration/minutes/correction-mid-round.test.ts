import request from 'supertest';
import { Meeting } from '../../../src/meetings/meeting.entity';
import { Minutes } from '../../../src/minutes/minutes.entity';
import { userWithToken } from '../../support/factories';
import { startSampleApp } from '../../support/sample-app';
import type { TestApp } from '../../support/test-app';
import { acceptCorrection, generateAndCirculate } from '../../support/minutes-fixtures';

type Auth = { Authorization: string };
let t: TestApp;
let secretariat: Auth;
let chair: Auth;
let honda: Auth;
let meetingId: string;

beforeAll(async () => {
  ({ t, secretariat } = await startSampleApp());
  meetingId = (await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 })).id;
  await t.ds.query(`DELETE FROM minutes WHERE meeting_id = $1`, [meetingId]);
  const c = await userWithToken(t.http, t.ds, { role: 'chair', displayName: '小室 充孝' });
  const h = await userWithToken(t.http, t.ds, { role: 'member', displayName: '本田 耕一' });
  await t.ds.query(`UPDATE council_member SET user_id = $1 WHERE name = '小室 充孝'`, [c.user.id]);
  await t.ds.query(`UPDATE council_member SET user_id = $1 WHERE name = '本田 耕一'`, [h.user.id]);
  await t.ds.query(`UPDATE meeting_attendee SET user_id = $1 WHERE name = '小室 充孝'`, [c.user.id]);
  await t.ds.query(`UPDATE meeting_attendee SET user_id = $1 WHERE name = '本田 耕一'`, [h.user.id]);
  chair = c.auth;
  honda = h.auth;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const api = (path: string) => `/api/minutes/${meetingId}${path}`;

it('applies an accepted correction during the round, re-opens only a member who had not seen it, and names who asked', async () => {
  await generateAndCirculate(t.http, secretariat, meetingId, '2099-12-31');
  await request(t.http).post(api('/member-confirm')).set(chair).expect(200);
  const lines = (await t.ds.getRepository(Minutes).findOneByOrFail({ meetingId })).lines;
  const key = lines.find((l) => l.text === '県営水道の区域でも手続は同じなのか。')!.key;
  await request(t.http)
    .post(api('/member-corrections'))
    .set(honda)
    .send({
      corrections: [
        { lineKey: key, comment: '発言の趣旨が違います', proposedText: '県の水道とも手続きは同じですか。' },
      ],
    })
    .expect(200);

  const [c] = (await request(t.http).get(api('/corrections')).set(secretariat).expect(200)).body;
  expect(c.memberName).toBe('本田 耕一');
  await acceptCorrection(t.http, secretariat, c.id);

  const after = await t.ds.getRepository(Minutes).findOneByOrFail({ meetingId });
  expect(after.state).toBe('circulating');
  expect(after.round).toBe(1);
  expect(after.lines.find((l) => l.key === key)!.text).toBe('県の水道とも手続きは同じですか。');
  const round = (await request(t.http).get(api('/confirmations')).set(secretariat).expect(200)).body as {
    memberName: string;
    status: string;
  }[];
  const status = Object.fromEntries(round.map((r) => [r.memberName, r.status]));
  expect(status['小室 充孝']).toBe('pending'); // confirmed before the change: asked again
  expect(status['本田 耕一']).toBe('corrected'); // asked for it: nothing new to see
  // the chair can confirm the changed text in the same round
  await request(t.http).post(api('/member-confirm')).set(chair).expect(200);
});

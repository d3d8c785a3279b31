import request from 'supertest';
import { Meeting } from '../../../src/meetings/meeting.entity';
import { userWithToken } from '../../support/factories';
import { startSampleApp } from '../../support/sample-app';
import type { TestApp } from '../../support/test-app';
import { todayInJapan } from '../../../src/common/format/today';
import { formPost } from '../../support/http';

/**
 * The minutes forms go through the same DTOs as their API twins: a value over the API's limit is
 * refused on the screen with the Japanese message, and nothing is saved.
 */
let t: TestApp;
let secretariat: { Authorization: string };
let secretariatCookie: string;
let memberCookie: string;
let meetingId: string;

const form = (path: string, cookie: string) => formPost(t.http, path, cookie);
const api = (path: string) => `/api/minutes/${meetingId}${path}`;

/** The stored minutes and every correction: what a refused form must leave untouched. */
async function snapshot(): Promise<string> {
  const [minutes, corrections] = await Promise.all([
    t.ds.query(`SELECT state, version, lines FROM minutes WHERE meeting_id = $1`, [meetingId]),
    t.ds.query(`SELECT count(*)::int AS n FROM minutes_correction`),
  ]);
  return JSON.stringify({ minutes, corrections });
}

/** Follows the redirect back to the page and returns what the user reads there. */
async function pageAfter(res: request.Response, cookie: string): Promise<string> {
  expect(res.status).toBe(303);
  return (await request(t.http).get(res.headers.location).set('Cookie', cookie).expect(200)).text;
}

/** Posts a form as `cookie`: the page it leads back to says `message`, and nothing is saved. */
async function expectRefused(path: string, cookie: string, fields: Record<string, string>, message: string) {
  const before = await snapshot();
  const res = await form(path, cookie).send(fields);
  expect(await pageAfter(res, cookie)).toContain(message);
  expect(await snapshot()).toBe(before);
}

async function draft(): Promise<{ key: string; version: number }> {
  const m = (await request(t.http).get(api('')).set(secretariat).expect(200)).body;
  return { key: m.lines[0].key, version: m.version };
}

beforeAll(async () => {
  const sample = await startSampleApp();
  ({ t, secretariat } = sample);
  secretariatCookie = `shingikai_session=${sample.token}`;
  const h = await userWithToken(t.http, t.ds, { role: 'member', displayName: '本田 耕一' });
  await t.ds.query(`UPDATE council_member SET user_id = $1 WHERE name = '本田 耕一'`, [h.user.id]);
  memberCookie = `shingikai_session=${h.token}`;
  meetingId = (await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 })).id;
  await t.ds.query(`DELETE FROM minutes WHERE meeting_id = $1`, [meetingId]);
  await request(t.http).post(api('/generate')).set(secretariat).send({}).expect(200);
}, 120_000);
afterAll(() => t.close());

describe('minutes forms validated like the API', () => {
  it.each([
    ['a line edit', { op: 'edit', text: 'あ'.repeat(20_001), page: '1' }],
    ['an added line', { op: 'add', speakerRole: '委員', text: 'い'.repeat(20_001) }],
  ])('refuses %s longer than the API allows, with the message on the editor', async (_, fields) => {
    const { key, version } = await draft();
    await expectRefused(
      `/minutes/${meetingId}/lines`,
      secretariatCookie,
      { ...fields, key, version: String(version) },
      '20000 文字以内で入力してください',
    );
  });

  it('refuses a state action whose comment is over the API limit, and the round does not start', async () => {
    const { version } = await draft();
    const d = new Date(`${todayInJapan()}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 10);
    await expectRefused(
      `/minutes/${meetingId}/action`,
      secretariatCookie,
      {
        action: 'circulate',
        deadline: d.toISOString().slice(0, 10),
        comment: 'う'.repeat(2_001),
        version: String(version),
      },
      '2000 文字以内で入力してください',
    );
  });

  it('refuses a member correction whose comment is over the API limit; none is recorded', async () => {
    const d = new Date(`${todayInJapan()}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 10);
    const [{ state }] = await t.ds.query(`SELECT state FROM minutes WHERE meeting_id = $1`, [meetingId]);
    if (state === 'drafting')
      await request(t.http)
        .post(api('/actions/circulate'))
        .set(secretariat)
        .send({ deadline: d.toISOString().slice(0, 10) })
        .expect(200);
    await expectRefused(
      `/minutes/${meetingId}/confirm`,
      memberCookie,
      {
        answer: 'correct',
        line_1: '1',
        comment_1: 'え'.repeat(2_001),
      },
      '2000 文字以内で入力してください',
    );
  });
});

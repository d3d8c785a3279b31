import request from 'supertest';
import { todayInJapan } from '../../src/common/format/today';
import { Meeting } from '../../src/meetings/meeting.entity';
import { loadSampleDataIfEmpty, type SeedStep } from '../../src/seeds/sample-data';
import { login, makeUser } from './factories';
import { startTestApp, type TestApp } from './test-app';

/** The sample secretariat account (seeds/foundation.json). */
export const SAMPLE_SECRETARIAT = { username: 'secretariat', password: 'Jimukyoku-2026-init' };

/**
 * A test app on a fresh database holding the whole sample data set, its accounts past the
 * first-login password change, and a bearer token of the sample secretariat.
 */
export async function startSampleApp(
  opts: Parameters<typeof startTestApp>[0] = {},
  /** The sample data steps to load (default: every step, both sample councils). */
  steps?: SeedStep[],
): Promise<{
  t: TestApp;
  token: string;
  secretariat: { Authorization: string };
}> {
  const t = await startTestApp(opts);
  expect(await loadSampleDataIfEmpty(t.ds, t.config.seedsDir, steps)).toBe(true);
  await t.ds.query(`UPDATE app_user SET must_change_password = false`);
  const token = await login(t.http, SAMPLE_SECRETARIAT.username, SAMPLE_SECRETARIAT.password);
  return { t, token, secretariat: { Authorization: `Bearer ${token}` } };
}

/**
 * The sample's 70th meeting with its minutes generated afresh and sent for confirmation, two weeks
 * ahead (in Japan time), to the members named: each gets a login of its own (`username`, the test
 * password). Returns the meeting's id.
 */
export async function circulateSampleMinutes(
  t: TestApp,
  members: [username: string, name: string][],
): Promise<string> {
  const meetingId = (await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 })).id;
  await t.ds.query(`DELETE FROM minutes WHERE meeting_id = $1`, [meetingId]);
  for (const [username, name] of members) {
    const u = await makeUser(t.ds, { role: 'member', username, displayName: name });
    await t.ds.query(`UPDATE council_member SET user_id = $1 WHERE name = $2`, [u.id, name]);
  }
  const secretariat = {
    Authorization: `Bearer ${await login(t.http, SAMPLE_SECRETARIAT.username, SAMPLE_SECRETARIAT.password)}`,
  };
  await request(t.http).post(`/api/minutes/${meetingId}/generate`).set(secretariat).send({}).expect(200);
  const deadline = new Date(Date.now() + 14 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
  expect(deadline > todayInJapan()).toBe(true);
  await request(t.http)
    .post(`/api/minutes/${meetingId}/actions/circulate`)
    .set(secretariat)
    .send({ deadline })
    .expect(200);
  return meetingId;
}

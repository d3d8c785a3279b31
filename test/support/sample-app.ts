import { DataSource } from 'typeorm';
import { todayInJapan } from '../../src/common/format/today';
import { loadConfig } from '../../src/config/config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ENTITIES } from '../../src/database/entities';
import { Meeting } from '../../src/meetings/meeting.entity';
import { caseCatalogSeed, sampleCasesSeed } from '../../src/cases/case-seed';
import {
  foundationSeed,
  loadSampleDataIfEmpty,
  SEED_STEPS,
  type SeedStep,
} from '../../src/seeds/sample-data';
import { login, makeUser } from './factories';
import { generateAndCirculate } from './minutes-fixtures';
import { fixtureDatabaseUrl, startTestApp, type TestApp } from './test-app';
import type { DatabaseContents } from './test-db';

/** The sample secretariat account (seeds/foundation.json). */
export const SAMPLE_SECRETARIAT = { username: 'secretariat', password: 'Jimukyoku-2026-init' };

/**
 * The sample data of `steps`, its accounts past the first-login password change: loaded once per
 * test run into a template database (as the owner, the way the app's own start-up loads it), which
 * each test file then clones.
 */
export function sampleContents(
  steps: SeedStep[] = SEED_STEPS,
  /** false: the sample accounts still have to change their first password. */
  { passwordsChanged = true } = {},
): DatabaseContents {
  return {
    key: `sample:${steps.map((s) => s.name).join('+')}:${passwordsChanged ? 'changed' : 'initial'}`,
    build: async (url) => {
      const seedsDir = loadConfig({ NODE_ENV: 'test' }).seedsDir;
      const ds = await new DataSource(dataSourceOptions(fixtureDatabaseUrl(url), ENTITIES)).initialize();
      try {
        if (!(await loadSampleDataIfEmpty(ds, seedsDir, steps)))
          throw new Error('the sample template was not empty');
        if (passwordsChanged) await ds.query(`UPDATE app_user SET must_change_password = false`);
      } finally {
        await ds.destroy();
      }
    },
  };
}

/**
 * The case-file part of the sample data: the departments and accounts, the case catalogue and the
 * Shinjuku cases as their clerks drafted them (the full sample data then puts them on the next
 * meeting's agenda).
 */
export const SAMPLE_CASE_STEPS: SeedStep[] = [foundationSeed, caseCatalogSeed, sampleCasesSeed];

/** Initial passwords of the sample accounts the tests sign in as (seeds/foundation.json). */
export const SAMPLE_PASSWORDS = {
  secretariat: SAMPLE_SECRETARIAT.password,
  'clerk-midori': 'Midori-2026-init',
  'clerk-chiiki': 'Chiiki-2026-init',
  'clerk-eigyo': 'Eigyo-2026-init',
  chair: 'Kaicho-2026-init',
} as const;
export type SampleAccount = keyof typeof SAMPLE_PASSWORDS;

/** A sample account's session cookie, as the screens' login form sets it. */
export async function sampleCookie(t: TestApp, username: SampleAccount): Promise<string> {
  return `shingikai_session=${await login(t.http, username, SAMPLE_PASSWORDS[username])}`;
}

/** A sample account's bearer header for the API. */
export async function sampleAuth(t: TestApp, username: SampleAccount): Promise<{ Authorization: string }> {
  return { Authorization: `Bearer ${await login(t.http, username, SAMPLE_PASSWORDS[username])}` };
}

/**
 * A test app on a fresh database holding the whole sample data set, its accounts past the
 * first-login password change, and a bearer token of the sample secretariat.
 */
export async function startSampleApp(
  opts: Parameters<typeof startTestApp>[0] = {},
  /** The sample data steps to load (default: every step, both sample councils). */
  steps?: SeedStep[],
  /** Also copy the sample's files (a report item's PDF) into the app's data directory, as `npm start` does. */
  withFiles = false,
): Promise<{
  t: TestApp;
  token: string;
  secretariat: { Authorization: string };
}> {
  // The sample's files go into the app's own data directory, so that variant loads after the start.
  const t = await startTestApp(withFiles ? opts : { ...opts, contents: sampleContents(steps) });
  if (withFiles) {
    expect(await loadSampleDataIfEmpty(t.ds, t.config.seedsDir, steps ?? SEED_STEPS, t.config.dataDir)).toBe(
      true,
    );
    await t.ds.query(`UPDATE app_user SET must_change_password = false`);
  }
  const token = await login(t.http, SAMPLE_SECRETARIAT.username, SAMPLE_SECRETARIAT.password);
  return { t, token, secretariat: { Authorization: `Bearer ${token}` } };
}

/**
 * A suite's sample app: started (startSampleApp) before its tests and closed after them; its
 * fields are set once the tests run.
 */
export function sampleAppSuite(): { t: TestApp; secretariat: { Authorization: string } } {
  const suite = {} as Awaited<ReturnType<typeof startSampleApp>>;
  beforeAll(async () => void Object.assign(suite, await startSampleApp()), 120_000);
  afterAll(() => suite.t?.close());
  return suite;
}

/** The sample's 70th meeting (the one the sample data holds in full), put in `state` in the database. */
export async function sampleMeetingIn(t: TestApp, state: 'held' | 'closed'): Promise<Meeting> {
  const meeting = await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 });
  await t.ds.query(`UPDATE meeting SET state = $2 WHERE id = $1`, [meeting.id, state]);
  return meeting;
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
  const secretariat = await sampleAuth(t, 'secretariat');
  const deadline = new Date(Date.now() + 14 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
  expect(deadline > todayInJapan()).toBe(true);
  await generateAndCirculate(t.http, secretariat, meetingId, deadline);
  return meetingId;
}

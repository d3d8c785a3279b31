import { loadSampleDataIfEmpty, type SeedStep } from '../../src/seeds/sample-data';
import { login } from './factories';
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

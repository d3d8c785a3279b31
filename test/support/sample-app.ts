import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ENTITIES } from '../../src/database/entities';
import { loadSampleDataIfEmpty, SEED_STEPS, type SeedStep } from '../../src/seeds/sample-data';
import { login } from './factories';
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
  const t = await startTestApp({ ...opts, contents: sampleContents(steps) });
  const token = await login(t.http, SAMPLE_SECRETARIAT.username, SAMPLE_SECRETARIAT.password);
  return { t, token, secretariat: { Authorization: `Bearer ${token}` } };
}

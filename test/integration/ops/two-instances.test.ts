import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { loadConfig } from '../../../src/config/config';
import { createApp } from '../../../src/create-app';
import { ENTITIES } from '../../../src/database/entities';
import { migrate } from '../../../src/database/migrate';
import { MIGRATIONS } from '../../../src/database/migrations';
import { loadSampleDataIfEmpty } from '../../../src/seeds/sample-data';
import { TEST_JWT_SECRET, TEST_CACHE_DIR } from '../../support/test-app';
import { clusterInfo } from '../../support/test-db';
import { withClient } from './db-digest';

const dbName = `two_${Date.now().toString(36)}`;
const url = `${clusterInfo().baseUrl}/${dbName}`;
const apps: NestExpressApplication[] = [];

/** What `main.ts` does after resolving the database: migrate (and seed) under the lock, then serve. */
async function bootInstance(): Promise<{ app: NestExpressApplication; applied: string[]; base: string }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'shingikai-instance-')),
    JWT_SECRET: TEST_JWT_SECRET,
    SAMPLE_DATA: 'true',
    LOG_LEVEL: 'silent',
    // As in production, each instance launches and warms its browser while it boots.
    RENDERER_START: 'boot',
    CACHE_DIR: TEST_CACHE_DIR,
  });
  const applied = await migrate(url, ENTITIES, async (ds) => {
    if (config.sampleData) await loadSampleDataIfEmpty(ds, config.seedsDir);
  });
  const app = await createApp(config, url);
  apps.push(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, applied, base: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  await withClient(clusterInfo().adminUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await withClient(clusterInfo().adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
});

it('two instances starting together on an empty database migrate once and both serve', async () => {
  const [a, b] = await Promise.all([bootInstance(), bootInstance()]);

  // One instance applied every migration; the other waited on the lock and found nothing to do.
  const all = MIGRATIONS.map((m) => new m().name!).sort();
  expect([a.applied.slice().sort(), b.applied.slice().sort()].sort((x, y) => y.length - x.length)).toEqual([
    all,
    [],
  ]);
  const counts = await withClient(url, (c) =>
    c.query<{ name: string; n: number }>(
      `SELECT name, count(*)::int AS n FROM migrations GROUP BY name ORDER BY name`,
    ),
  );
  expect(counts.rows).toEqual(all.map((name) => ({ name, n: 1 })));

  // The sample data was loaded once (every seed file's departments and users, not twice).
  const seeded = ['foundation.json', 'council-workflow.json'].map(
    (f) =>
      JSON.parse(readFileSync(join('seeds', f), 'utf8')) as { departments?: unknown[]; users?: unknown[] },
  );
  const [{ departments, users }] = (
    await withClient(url, (c) =>
      c.query(
        `SELECT (SELECT count(*)::int FROM department) AS departments, (SELECT count(*)::int FROM app_user) AS users`,
      ),
    )
  ).rows;
  expect({ departments, users }).toEqual({
    departments: seeded.reduce((n, s) => n + (s.departments?.length ?? 0), 0),
    users: seeded.reduce((n, s) => n + (s.users?.length ?? 0), 0),
  });

  // Both serve, and a session opened on one is known to the other (no per-instance state).
  await request(a.base).get('/api/health').expect(200);
  await request(b.base).get('/api/health').expect(200);
  const login = await request(a.base)
    .post('/api/auth/login')
    .send({ username: 'admin', password: 'Kanrisha-2026-init' })
    .expect(200);
  const auth = { Authorization: `Bearer ${login.body.accessToken as string}` };
  const me = await request(b.base).get('/api/auth/me').set(auth).expect(200);
  expect(me.body.username).toBe('admin');
  await request(b.base).post('/api/auth/logout').set(auth).expect(204);
  const after = await request(a.base).get('/api/auth/me').set(auth);
  expect(after.status).toBe(401);
  expect(after.body.code).toBe('AUTH_SESSION_ENDED');
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { loadConfig } from '../../../src/config/config';
import { createApp } from '../../../src/create-app';
import { ENTITIES } from '../../../src/database/entities';
import { migrate } from '../../../src/database/migrate';
import { MIGRATIONS } from '../../../src/database/migrations';
import { fiscalYearOf } from '../../../src/workflow/numbering';
import { loadSampleDataIfEmpty } from '../../../src/seeds/sample-data';
import { login, makeUser } from '../../support/factories';
import { TEST_JWT_SECRET, TEST_CACHE_DIR } from '../../support/test-app';
import { makeCase } from '../../support/workflow-factories';
import { onCluster, testDatabaseUrl, testTempDir, withClient } from '../../support/test-db';

const dbName = `two_${Date.now().toString(36)}`;
const url = testDatabaseUrl(dbName);
const apps: NestExpressApplication[] = [];
const bases: string[] = [];

/** What `main.ts` does after resolving the database: migrate (and seed) under the lock, then serve. */
async function bootInstance(): Promise<{ app: NestExpressApplication; applied: string[]; base: string }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    DATA_DIR: testTempDir('shingikai-instance-'),
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
  bases.push(`http://127.0.0.1:${port}`);
  return { app, applied, base: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  await onCluster((c) => c.query(`CREATE DATABASE ${dbName}`));
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await onCluster((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
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

  // The sample data was loaded once (the foundations of both sample councils and the council-workflow sample add
  // departments and users).
  const seedCounts = ['foundation.json', 'council-workflow.json', 'aoba/foundation.json'].map(
    (f) =>
      JSON.parse(readFileSync(join('seeds', f), 'utf8')) as { departments?: unknown[]; users?: unknown[] },
  );
  const seed = {
    departments: seedCounts.flatMap((x) => x.departments ?? []),
    users: seedCounts.flatMap((x) => x.users ?? []),
  };
  const [{ departments, users }] = (
    await withClient(url, (c) =>
      c.query(
        `SELECT (SELECT count(*)::int FROM department) AS departments, (SELECT count(*)::int FROM app_user) AS users`,
      ),
    )
  ).rows;
  expect({ departments, users }).toEqual({
    departments: seed.departments.length,
    users: seed.users.length,
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

it('concurrent intake split across both instances: receipt numbers are unique and gap-free', async () => {
  expect(bases).toHaveLength(2);
  const ds = apps[0].get<DataSource>(getDataSourceToken());
  const clerk = await makeUser(ds, { role: 'clerk' });
  const sec = await makeUser(ds, { role: 'secretariat' });
  const clerkAuth = { Authorization: `Bearer ${await login(apps[0].getHttpServer(), clerk.username)}` };
  const secAuth = { Authorization: `Bearer ${await login(apps[1].getHttpServer(), sec.username)}` };
  const N = 20;
  const ids: string[] = [];
  for (let i = 0; i < N; i++) {
    const c = await makeCase(ds, {
      departmentId: clerk.departmentId!,
      createdById: clerk.id,
      title: `同時受付テスト${i + 1}`,
    });
    ids.push(c.id);
  }
  // submitted through both instances too
  for (const [i, id] of ids.entries())
    await request(bases[i % 2])
      .post(`/api/workflow/cases/${id}/submit`)
      .set(clerkAuth)
      .send({})
      .expect(200);

  const before = await withClient(url, (c) =>
    c.query<{ last: number }>(
      `SELECT coalesce(max(last_value), 0)::int AS last FROM number_sequence WHERE kind = 'receipt' AND fiscal_year = $1`,
      [fiscalYearOf(new Date())],
    ),
  );
  // all 20 accepts at once, alternating between the instances
  const results = await Promise.all(
    ids.map((id, i) =>
      request(bases[i % 2])
        .post(`/api/workflow/cases/${id}/accept`)
        .set(secAuth)
        .send({}),
    ),
  );
  expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
  const numbers = results.map((r) => r.body.receiptNumber as string);
  expect(new Set(numbers).size).toBe(N);
  const prefixes = new Set(numbers.map((n) => n.split('-')[0]));
  expect(prefixes.size).toBe(1);
  const seqs = numbers.map((n) => Number(n.split('-')[1])).sort((x, y) => x - y);
  const first = before.rows[0].last + 1;
  expect(seqs).toEqual(Array.from({ length: N }, (_, i) => first + i));

  // what the database holds agrees with what was answered
  const stored = await withClient(url, (c) =>
    c.query<{ id: string; receipt_number: string; status: string }>(
      `SELECT id, receipt_number, status FROM case_file WHERE id = ANY($1::uuid[])`,
      [ids],
    ),
  );
  expect(stored.rows.every((r) => r.status === 'accepted')).toBe(true);
  expect(new Map(stored.rows.map((r) => [r.id, r.receipt_number]))).toEqual(
    new Map(ids.map((id, i) => [id, numbers[i]])),
  );
});

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { migrate } from '../../src/database/migrate';

/** Starts one embedded PostgreSQL for the run and migrates a template database. */
export default async function globalSetup(): Promise<void> {
  const dataDir = join(tmpdir(), `shingikai-test-${process.pid}`);
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  const handle = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    database: 'shingikai_template',
  });
  (globalThis as Record<string, unknown>).__SHINGIKAI_PG__ = handle;
  const templateUrl = handle.url;
  await migrate(templateUrl);
  // No connections may remain on a template database.
  const admin = new pg.Client({ connectionString: handle.urlFor('postgres') });
  await admin.connect();
  await admin.query(`ALTER DATABASE shingikai_template WITH ALLOW_CONNECTIONS true IS_TEMPLATE true`);
  await admin.end();
  // urlFor('') is `postgres://…:port/?host=…`: the part before the database name and the query after it
  const [base, query = ''] = handle.urlFor('').split('/?');
  const file = join(tmpdir(), `shingikai-test-cluster-${process.pid}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      adminUrl: handle.urlFor('postgres'),
      baseUrl: base,
      query: query ? `?${query}` : '',
      templateDb: 'shingikai_template',
      dataDir,
    }),
  );
  process.env.SHINGIKAI_TEST_CLUSTER = file;
}

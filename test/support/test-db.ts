import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/** Written by global-setup: where the test cluster runs. */
export interface TestClusterInfo {
  adminUrl: string;
  /** `postgres://user:password@host:port` (no database, no query). */
  baseUrl: string;
  /** The connection options after the database name (`?host=/tmp`: the Unix socket), or ''. */
  query: string;
  templateDb: string;
  dataDir: string;
}

export function clusterInfo(): TestClusterInfo {
  const file = process.env.SHINGIKAI_TEST_CLUSTER;
  if (!file) throw new Error('test cluster not started (global-setup did not run)');
  return JSON.parse(readFileSync(file, 'utf8')) as TestClusterInfo;
}

/** A new temporary folder inside the run's folder, which the global teardown removes. */
export function testTempDir(prefix: string): string {
  const root = join(clusterInfo().dataDir, 'tmp');
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, prefix));
}

/** A connection to `url` for `fn`, closed after. */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A connection to the test cluster as its superuser, for `fn`. */
export function onCluster<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return withClient(clusterInfo().adminUrl, fn);
}

/** The URL of database `name` on the test cluster. */
export function testDatabaseUrl(name: string): string {
  const info = clusterInfo();
  return `${info.baseUrl}/${name}${info.query}`;
}

/**
 * A template database made once per run for `key`: a clone of the migrated template that `build`
 * fills (e.g. with the sample data). Test files running side by side wait for each other: the first
 * builds it, the others clone it. A build that failed halfway is dropped and made again.
 */
async function templateFor(key: string, build: (url: string) => Promise<void>): Promise<string> {
  const info = clusterInfo();
  const name = `tpl_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  return onCluster(async (admin) => {
    await admin.query(`SELECT pg_advisory_lock(hashtext($1))`, [name]);
    try {
      const { rows } = await admin.query<{ datistemplate: boolean }>(
        `SELECT datistemplate FROM pg_database WHERE datname = $1`,
        [name],
      );
      if (!rows[0]?.datistemplate) {
        if (rows.length) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${info.templateDb}`);
        await build(testDatabaseUrl(name));
        await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`);
      }
      return name;
    } finally {
      await admin.query(`SELECT pg_advisory_unlock(hashtext($1))`, [name]).catch(() => undefined);
    }
  });
}

/** What a test database starts with beyond the migrated schema (built once per run and key). */
export interface DatabaseContents {
  key: string;
  build: (url: string) => Promise<void>;
}

/**
 * A fresh database for one test file, cloned from the migrated template (fast: a file copy), or
 * from a template holding `contents` when given.
 */
export async function createTestDatabase(contents?: DatabaseContents): Promise<{
  url: string;
  name: string;
  drop: () => Promise<void>;
}> {
  const info = clusterInfo();
  const template = contents ? await templateFor(contents.key, contents.build) : info.templateDb;
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await onCluster((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    url: testDatabaseUrl(name),
    drop: async () => {
      await onCluster((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

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

/** The URL of database `name` on the test cluster. */
export function testDatabaseUrl(name: string): string {
  const info = clusterInfo();
  return `${info.baseUrl}/${name}${info.query}`;
}

/** A fresh database for one test file, cloned from the migrated template (fast: a file copy). */
export async function createTestDatabase(): Promise<{
  url: string;
  name: string;
  drop: () => Promise<void>;
}> {
  const info = clusterInfo();
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: info.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${info.templateDb}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: testDatabaseUrl(name),
    drop: async () => {
      const c = new pg.Client({ connectionString: info.adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

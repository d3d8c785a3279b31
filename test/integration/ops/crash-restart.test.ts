import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { freePort, isPortFree } from '../../../src/database/embedded-postgres';
import { NO_ANSWERS } from '../../support/case-fixtures';
import { testTempDir } from '../../support/test-db';
import { loginAt, startChildApp, stopChildApp, type ChildApp } from './child-app';

/**
 * The real app on its own DATA_DIR and embedded PostgreSQL (no DATABASE_URL), killed with SIGKILL in the
 * middle of writes. SIGKILL is also what the out-of-memory killer sends, so this covers that case too.
 * The postmaster it spawned survives it; the next start must stop that orphan and start normally.
 */
const START_TIMEOUT_MS = 180_000;
const TEST_TIMEOUT_MS = 600_000;
const dataDir = testTempDir('shingikai-crash-');
const pidFile = join(dataDir, 'pg', 'postmaster.pid');
let pgPort = 0;
let appPort = 0;
const apps: ChildApp[] = [];
let blocker: Server | null = null;
const squatters: ChildProcess[] = [];
/** postmaster.pid of a running cluster, to forge stale copies from. */
let livePidFile = '';

const ANSWERS = { ...NO_ANSWERS, externalConnection: true, connectionForm: 'lgwan' };
const CLERK = 'clerk-midori';
const NEW_PASSWORD = 'Midori-crash-2026!';

async function start(): Promise<ChildApp> {
  const app = await startChildApp(null, {
    dataDir,
    port: appPort,
    timeoutMs: START_TIMEOUT_MS,
    env: { EMBEDDED_PG_PORT: String(pgPort), SAMPLE_DATA: 'true', RENDERER_START: 'lazy' },
  });
  apps.push(app);
  return app;
}

/** An app expected to refuse; if it starts after all, afterAll still stops it. */
async function startAndTrack(opts: Parameters<typeof startChildApp>[1]): Promise<ChildApp> {
  const app = await startChildApp(null, opts);
  apps.push(app);
  return app;
}

function postmasterPid(): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Running and not a zombie (an orphan's new parent may never reap it). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100)))
    if (!running(pid)) return true;
  return !running(pid);
}

async function sigkill(app: ChildApp): Promise<void> {
  const exited = new Promise<void>((r) =>
    app.proc.exitCode !== null || app.proc.signalCode !== null ? r() : app.proc.once('exit', () => r()),
  );
  app.proc.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  pgPort = await freePort();
  appPort = await freePort();
});

afterAll(async () => {
  for (const app of apps) await stopChildApp(app, 'SIGKILL');
  blocker?.close();
  for (const p of squatters) p.kill('SIGKILL');
  // whatever postgres this file left behind, even after a failure
  const pid = postmasterPid();
  if (pid && running(pid)) {
    process.kill(pid, 'SIGINT');
    if (!(await waitGone(pid, 20_000))) process.kill(pid, 'SIGKILL');
  }
});

it(
  'a port held by something that is not our PostgreSQL still refuses, with the clear message',
  async () => {
    const port = await freePort();
    blocker = createServer();
    await new Promise<void>((r) => blocker!.listen(port, '127.0.0.1', () => r()));
    await expect(
      startAndTrack({
        dataDir: testTempDir('shingikai-busy-'),
        timeoutMs: START_TIMEOUT_MS,
        env: { EMBEDDED_PG_PORT: String(port), RENDERER_START: 'lazy' },
      }),
    ).rejects.toThrow(
      new RegExp(
        `ポート ${port} は使用中のため、組み込み PostgreSQL を起動できません。[^]*残っている postgres プロセスを停止してください`,
      ),
    );
    await new Promise<void>((r) => blocker!.close(() => r()));
    blocker = null;
  },
  TEST_TIMEOUT_MS,
);

it(
  'after kill -9 mid-writes, the next start needs no manual step and every acknowledged write is there',
  async () => {
    let app = await start();
    // the sample clerk sets its own password at first login
    const first = await loginAt(app.base, CLERK, 'Midori-2026-init');
    const changed = await fetch(`${app.base}/api/auth/password`, {
      method: 'POST',
      headers: { ...first, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: 'Midori-2026-init', newPassword: NEW_PASSWORD }),
    });
    expect(changed.status).toBe(204);
    const auth = await loginAt(app.base, CLERK, NEW_PASSWORD);
    const json = { ...auth, 'content-type': 'application/json' };

    const acknowledged: { id: string; title: string }[] = [];
    let killed = false;
    const { base, proc } = app;
    const killAfter = 20;
    const writer = async (w: number) => {
      for (let i = 0; i < 200 && !killed; i++) {
        const title = `クラッシュ再起動テスト ${w}-${i}`;
        let res: Response;
        try {
          res = await fetch(`${base}/api/cases`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ title, answers: ANSWERS }),
          });
          if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
          const body = (await res.json()) as { id: string };
          acknowledged.push({ id: body.id, title });
        } catch (e) {
          if (!killed) throw e;
          return; // the connection died with the process: not acknowledged
        }
        if (acknowledged.length >= killAfter && !killed) {
          killed = true;
          proc.kill('SIGKILL');
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));
    expect(killed).toBe(true);
    await sigkill(app);
    expect(proc.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);

    // the defect's precondition: the postmaster outlived the app and still holds the port
    const orphan = postmasterPid();
    expect(orphan).not.toBeNull();
    expect(running(orphan!)).toBe(true);
    expect(await isPortFree(pgPort)).toBe(false);

    // the same command again, nothing done by hand
    app = await start();
    expect(running(orphan!)).toBe(false);
    const fresh = postmasterPid();
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(orphan);
    expect(app.output()).toContain(
      `前回の異常終了で残っていた PostgreSQL（PID ${orphan}）を停止してから起動しました`,
    );
    livePidFile = readFileSync(pidFile, 'utf8');

    const auth2 = await loginAt(app.base, CLERK, NEW_PASSWORD);
    for (const c of acknowledged) {
      const res = await fetch(`${app.base}/api/cases/${c.id}`, { headers: auth2 });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { title: string }).title).toBe(c.title);
    }
    // and it stops cleanly again on SIGTERM: no postgres left
    await stopChildApp(app, 'SIGTERM');
    expect(app.proc.exitCode).toBe(0);
    expect(await waitGone(fresh!, 10_000)).toBe(true);
    expect(existsSync(pidFile)).toBe(false);
  },
  TEST_TIMEOUT_MS,
);

it(
  'a stale postmaster.pid (dead PID, or a PID now used by another process) does not block the start',
  async () => {
    expect(livePidFile).not.toBe('');
    const template = (pid: number) => livePidFile.replace(/^\d+\n/, `${pid}\n`);

    // a PID that has exited
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.once('exit', r));
    writeFileSync(pidFile, template(gone.pid!));
    let app = await start();
    expect(postmasterPid()).not.toBe(gone.pid);
    const auth = await loginAt(app.base, CLERK, NEW_PASSWORD);
    expect((await fetch(`${app.base}/api/cases`, { headers: auth })).status).toBe(200);
    await stopChildApp(app, 'SIGTERM');

    // a PID that is alive but is not a postgres (after a reboot the number is often reused), run by the
    // user PostgreSQL runs as: PostgreSQL cannot tell it from a running postmaster and would refuse
    const asPostgres =
      process.getuid?.() === 0
        ? {
            uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
            gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
          }
        : {};
    const squatter = spawn('sleep', ['600'], { ...asPostgres, stdio: 'ignore' });
    squatters.push(squatter);
    expect(running(squatter.pid!)).toBe(true);
    writeFileSync(pidFile, template(squatter.pid!));
    app = await start();
    expect(postmasterPid()).not.toBe(squatter.pid);
    expect((await fetch(`${app.base}/api/cases`, { headers: auth })).status).toBe(200);
    expect(running(squatter.pid!)).toBe(true);
  },
  TEST_TIMEOUT_MS,
);

it(
  'a second app on the same DATA_DIR refuses and leaves the running app its database',
  async () => {
    const running1 = apps[apps.length - 1];
    expect(running1.proc.exitCode).toBeNull();
    const pid = postmasterPid();
    await expect(
      startAndTrack({
        dataDir,
        timeoutMs: START_TIMEOUT_MS,
        env: { EMBEDDED_PG_PORT: String(pgPort), RENDERER_START: 'lazy' },
      }),
    ).rejects.toThrow(/起動中の別のアプリが使用しています/);
    expect(running(pid!)).toBe(true);
    const auth = await loginAt(running1.base, CLERK, NEW_PASSWORD);
    expect((await fetch(`${running1.base}/api/cases`, { headers: auth })).status).toBe(200);
  },
  TEST_TIMEOUT_MS,
);

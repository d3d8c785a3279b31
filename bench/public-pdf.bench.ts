/*
 * Public PDF benchmark: `npm run bench:public` (builds, then runs dist/bench/public-pdf.bench.js).
 * Starts the app in this process on a fresh database (an embedded PostgreSQL in a temporary
 * folder, or BENCH_DATABASE_URL: an empty database) with the sample data, listening on loopback.
 * (a) A download of the unchanged public minutes PDF (cache hit) against a download that prints it
 *     (the text re-published before each): medians over BENCH_PUBLIC_RUNS (30) and 10 prints; goal ≥ 10×.
 * (b) The secretariat's case-document PDF, BENCH_STAFF_RUNS (20) downloads one after another: p95
 *     idle, then while BENCH_PUBLIC_CONNECTIONS (50) anonymous clients download the public minutes
 *     PDF in a loop; goal: loaded p95 within 1.5× of idle. The anonymous clients run in a child
 *     process at the lowest CPU priority: they stand for readers on other machines, whose own work
 *     (sending, receiving, parsing) is not the server's; on a two-core host they would otherwise take
 *     a core from the server. The per-address public limit is raised so every one of them is served
 *     (the worst case: 50 readers at 50 addresses), not refused with 429.
 * Prints the figures; never asserts them (the host is shared, so they are indicative).
 * CACHE_DIR: provisioned fonts and Chromium (default: the test cache, else ./data).
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { insertUser } from '../src/users/user-factory';
import { benchDatabase, percentile, startSampleApp } from './support';

const PUBLIC_RUNS = Number(process.env.BENCH_PUBLIC_RUNS ?? 30);
const PRINT_RUNS = 10;
const STAFF_RUNS = Number(process.env.BENCH_STAFF_RUNS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_PUBLIC_CONNECTIONS ?? 50);
const PASSWORD = 'Bench-password-2026';
const testCache = join(tmpdir(), 'shingikai-test-cache');
const cacheDir = resolve(process.env.CACHE_DIR ?? (existsSync(testCache) ? testCache : 'data'));

const ms = (n: number) => `${n.toFixed(1)} ms`;
const log = (line: string) => process.stdout.write(line + '\n');

async function timed(url: string, headers: Record<string, string> = {}): Promise<number> {
  const start = performance.now();
  const res = await fetch(url, { headers });
  const body = await res.arrayBuffer();
  if (res.status !== 200 || body.byteLength === 0) throw new Error(`${url}: ${res.status}`);
  return performance.now() - start;
}

async function main(): Promise<void> {
  const db = await benchDatabase('public-pdf');
  let app: NestExpressApplication | null = null;
  try {
    const bench = await startSampleApp(db, {
      CACHE_DIR: cacheDir,
      RENDERER_START: 'boot',
      // The bench measures the renderer and the cache, not the per-address limits.
      API_RATE_LIMIT: '10000000',
      PUBLIC_RATE_LIMIT: '10000000',
    });
    app = bench.app;
    const { base, ds } = bench;
    await ds.transaction((m) =>
      insertUser(m, {
        username: 'bench-secretariat',
        displayName: '負荷 事務局',
        role: 'secretariat',
        departmentId: null,
        password: PASSWORD,
        mustChangePassword: false,
      }),
    );
    const [{ meeting_id: meetingId }] = await ds.query(
      `SELECT meeting_id FROM minutes WHERE state = 'published' LIMIT 1`,
    );
    const [{ id: caseId }] = await ds.query(
      `SELECT id FROM case_file WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1`,
    );
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'bench-secretariat', password: PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const staff = { Authorization: `Bearer ${accessToken}` };
    const [{ slug }] = await ds.query(`SELECT slug FROM municipality ORDER BY id LIMIT 1`);
    const publicUrl = `${base}/public/${slug}/minutes/${meetingId}/minutes.pdf`;
    const caseUrl = `${base}/api/cases/${caseId}/document.pdf`;
    log(`public-pdf bench ${new Date().toISOString()} (shared host: figures are indicative)`);

    // (a) printed on each request (cache emptied first) vs served from the cache
    await timed(publicUrl); // warm-up
    // Each print run publishes a changed text first: a new content key, so the download prints.
    const printed: number[] = [];
    for (let i = 0; i < PRINT_RUNS; i++) {
      await ds.query(
        `UPDATE minutes SET public_lines = jsonb_set(public_lines, '{0,text}', to_jsonb($2::text))
          WHERE meeting_id = $1`,
        [meetingId, `計測のための再公開 ${i + 1}`],
      );
      printed.push(await timed(publicUrl));
    }
    await timed(publicUrl);
    const cached: number[] = [];
    for (let i = 0; i < PUBLIC_RUNS; i++) cached.push(await timed(publicUrl));
    const [p50Printed, p50Cached] = [percentile(printed, 50), percentile(cached, 50)];
    log(`(a) public minutes PDF, median: printed ${ms(p50Printed)}, cached ${ms(p50Cached)}`);
    log(`    ratio ${(p50Printed / p50Cached).toFixed(1)}× (goal ≥ 10×)`);
    const revalidate: number[] = [];
    const etag = (await fetch(publicUrl, { method: 'HEAD' })).headers.get('etag') ?? '';
    for (let i = 0; i < PUBLIC_RUNS; i++) {
      const start = performance.now();
      const res = await fetch(publicUrl, { headers: { 'If-None-Match': etag } });
      await res.arrayBuffer();
      if (res.status !== 304) throw new Error(`expected 304, got ${res.status}`);
      revalidate.push(performance.now() - start);
    }
    log(`    revalidation (304), median ${ms(percentile(revalidate, 50))}`);

    // (b) staff case PDF, idle and under anonymous load
    const staffRun = async () => {
      const times: number[] = [];
      for (let i = 0; i < STAFF_RUNS; i++) times.push(await timed(caseUrl, staff));
      return times;
    };
    await timed(caseUrl, staff); // warm-up
    const idle = await staffRun();
    const load = fork(process.argv[1], ['--public-load', publicUrl, String(CONNECTIONS)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    if (load.pid) setPriority(load.pid, 19);
    await new Promise<void>((ready) => load.once('message', () => ready()));
    await new Promise((r) => setTimeout(r, 1000)); // the clients are downloading
    const loadedStart = performance.now();
    const loaded = await staffRun();
    const loadedSeconds = (performance.now() - loadedStart) / 1000;
    const counts = await new Promise<{ ok: number; errors: number }>((done) => {
      load.once('message', (m) => done(m as { ok: number; errors: number }));
      load.send('stop');
    });
    const anonymous = counts.ok;
    const anonymousErrors = counts.errors;
    const [p95Idle, p95Loaded] = [percentile(idle, 95), percentile(loaded, 95)];
    log(
      `(b) staff case PDF p95: idle ${ms(p95Idle)}, with ${CONNECTIONS} anonymous clients ${ms(p95Loaded)}`,
    );
    log(`    ratio ${(p95Loaded / p95Idle).toFixed(2)}× (goal ≤ 1.5×)`);
    log(
      `    anonymous downloads meanwhile: ${anonymous} (${(anonymous / loadedSeconds).toFixed(0)}/s), errors ${anonymousErrors}`,
    );
  } finally {
    if (app) await app.close();
    await db.close();
  }
}

/** Child process: CONNECTIONS anonymous clients download the public PDF until told to stop. */
async function publicLoad(url: string, connections: number): Promise<void> {
  let stop = false;
  const counts = { ok: 0, errors: 0 };
  process.on('message', () => {
    stop = true;
  });
  const loops = Array.from({ length: connections }, async () => {
    while (!stop) {
      try {
        await timed(url);
        counts.ok++;
      } catch {
        counts.errors++;
      }
    }
  });
  process.send?.('started');
  await Promise.all(loops);
  process.send?.(counts, undefined, {}, () => process.exit(0));
}

const loadAt = process.argv.indexOf('--public-load');
(loadAt >= 0 ? publicLoad(process.argv[loadAt + 1], Number(process.argv[loadAt + 2])) : main()).catch(
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

/*
 * Public search benchmark: `npm run bench:search` (builds, then runs dist/bench/public-search.bench.js).
 * Starts the app in this process on a fresh database (an embedded PostgreSQL in a temporary folder,
 * or BENCH_DATABASE_URL: an empty database) with the sample data, then adds BENCH_MEETINGS (200)
 * published minutes of BENCH_LINES (500) lines each — 100,000 lines over 20 years — each indexed by
 * the publication's own writer (`indexMinutes`, as in the publish transaction), timed per meeting.
 * Then BENCH_READERS (20) concurrent readers (in a child process) each send BENCH_QUERIES (50)
 * two-word AND searches with a speaker-role filter to the open API, in phases (BENCH_PHASES): `flat` (no
 * pause), `think` (each reader pauses 1 s ± 0.5 s between searches, as a person reading the hits) and
 * `floor` (flat out, words on no line: what a request costs without the search's own work); prints
 * p50 / p95 (goal p95 ≤ 50 ms) and the index time per publication (goal ≤ 1 s). Prints the figures;
 * never asserts them (the host is shared).
 */
import { fork } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { loadavg } from 'node:os';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { runInCouncil } from '../src/database/council-context';
import { Meeting } from '../src/meetings/meeting.entity';
import type { MinutesLine, SpeakerRole } from '../src/minutes/minutes-lines';
import { Minutes } from '../src/minutes/minutes.entity';
import { searchStatement } from '../src/public-portal/search/public-search';
import { indexMinutes } from '../src/public-portal/search/public-search-index';
import { loadSynonyms } from '../src/public-portal/search/synonyms';
import { benchDatabase, envNumber, percentile, startSampleApp, THINK_MS } from './support';

const MEETINGS = envNumber('BENCH_MEETINGS', 200);
const LINES = envNumber('BENCH_LINES', 500);
const READERS = envNumber('BENCH_READERS', 20);
const QUERIES = envNumber('BENCH_QUERIES', 50);
const THINK_QUERIES = envNumber('BENCH_THINK_QUERIES', 20);
const PROFILE = process.env.BENCH_CPU_PROFILE?.trim() ?? '';

const WORDS = [
  '水道',
  '料金',
  'システム',
  '個人情報',
  '外部結合',
  '委託',
  '住民票',
  '税務',
  '福祉',
  '保険',
  '番号',
  '端末',
  '回線',
  '記録',
  '提供',
  '事業者',
  '審査',
  '申請',
  '照会',
  '台帳',
];
const ROLES: SpeakerRole[] = ['会長', '委員', '説明員', '事務局'];
/**
 * Words on no line (phase `floor`): the same route, middleware and statement, but the index finds
 * no candidate, so the figure is what the host, the framework and the load generator cost alone.
 */
const ABSENT = ['河川', '道路', '公園', '図書館', '消防', '港湾', '森林', '空港', '競馬', '温泉'];

const ms = (n: number) => `${n.toFixed(1)} ms`;
const log = (line: string) => process.stdout.write(line + '\n');

/** A small deterministic generator, so two runs search the same text. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function linesOf(meeting: number, rnd: () => number): MinutesLine[] {
  const pick = () => WORDS[Math.floor(rnd() * WORDS.length)];
  return Array.from({ length: LINES }, (_, i) => {
    const role = ROLES[i % ROLES.length];
    return {
      key: `bench:${meeting}:${i}`,
      kind: 'speech',
      speakerRole: role,
      speakerName: null,
      text: `${pick()}の${pick()}について、${pick()}を含めて確認しました。第${i + 1}の発言です。`,
      closed: false,
      source: 'manual',
      generatedText: null,
    };
  });
}

async function main(): Promise<void> {
  const db = await benchDatabase('public-search');
  let app: NestExpressApplication | null = null;
  try {
    // The bench measures the search, not the per-address limit.
    const bench = await startSampleApp(db, { RENDERER_START: 'lazy', PUBLIC_RATE_LIMIT: '10000000' });
    app = bench.app;
    const { base, ds } = bench;
    const [{ id: councilId, slug }] = await ds.query(`SELECT id, slug FROM municipality ORDER BY id LIMIT 1`);
    log(`public-search bench ${new Date().toISOString()} (shared host: figures are indicative)`);

    const rnd = random(19);
    const indexTimes: number[] = [];
    const first = new Date('2006-04-20T14:00:00+09:00').getTime();
    for (let i = 0; i < MEETINGS; i++) {
      const startsAt = new Date(first + Math.floor((i * 20 * 365 * 86_400_000) / MEETINGS));
      const lines = linesOf(i, rnd);
      // As publication does: in the council's context (row-level security).
      await runInCouncil(councilId as number, () =>
        ds.transaction(async (m) => {
          const meeting = await m.save(
            m.create(Meeting, {
              number: 1000 + i,
              startsAt,
              place: '本庁舎',
              state: 'closed',
              closedAt: startsAt,
            }),
          );
          await m.save(
            m.create(Minutes, {
              meetingId: meeting.id,
              state: 'published',
              lines,
              publicLines: lines.map((l) => ({ kind: l.kind, speakerRole: l.speakerRole, text: l.text })),
              confirmedAt: startsAt,
              publishedAt: startsAt,
            }),
          );
          const start = performance.now();
          await indexMinutes(m, meeting.id);
          indexTimes.push(performance.now() - start);
        }),
      );
    }
    // As autovacuum would after so many rows: ANALYZE needs the table's owner (the app's role is not;
    // run as the app, it only warns and the planner keeps guessing, e.g. that a role matches 5 rows).
    const owner = new Client({ connectionString: db.url });
    await owner.connect();
    await owner.query('ANALYZE public_search_line');
    await owner.end();
    const [{ n }] = await runInCouncil(councilId as number, () =>
      ds.query(`SELECT count(*)::int AS n FROM public_search_line`),
    );
    log(
      `index: ${n} lines; per publication of ${LINES} lines p50 ${ms(percentile(indexTimes, 50))}, p95 ${ms(percentile(indexTimes, 95))} (goal ≤ 1000 ms)`,
    );

    // One query as the server runs it, explained (where its time goes).
    const plan = await runInCouncil(councilId as number, async () => {
      const { sql, params } = searchStatement(
        councilId as number,
        { q: '水道 料金', role: ROLES[1] },
        await loadSynonyms(ds.manager, councilId as number),
      );
      const rows: { 'QUERY PLAN': string }[] = await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    log(plan);

    // The readers run in a child process: they stand for people on other machines, whose own
    // work (sending, parsing) is not the server's. Phases: flat out, with think time, and the floor
    // (flat out, words found nowhere: the cost of a request without the search's own work).
    const postmaster = await postmasterOf(ds);
    for (const phase of PHASES) {
      const profile = PROFILE ? await startProfile() : null;
      const app0 = process.cpuUsage();
      const db0 = serverTicks(postmaster);
      const r = await runReaders(base, slug, phase);
      const appCpu = process.cpuUsage(app0);
      const db1 = serverTicks(postmaster);
      const dbMs = cpuMsBetween(db0.clients, db1.clients);
      const helperMs = cpuMsBetween(db0.helpers, db1.helpers);
      if (profile) log(`cpu profile: ${await profile.stop(`${PROFILE}.${phase}.cpuprofile`)}`);
      const n = r.latencies.length;
      log(
        `search ${phase}: ${READERS} readers × ${r.latencies.length / READERS} queries ` +
          `(${phase === 'think' ? `${THINK_MS} ms ± ${THINK_MS / 2} ms between searches` : 'no pause'}; ` +
          `${r.distinct} distinct two-word AND + role queries${phase === 'floor' ? ' of words on no line' : ''}): p50 ${ms(percentile(r.latencies, 50))}, ` +
          `p95 ${ms(percentile(r.latencies, 95))} ${GOAL[phase]}; ${(n / r.seconds).toFixed(0)} a second; ` +
          `${(r.hits / n).toFixed(0)} hits a query on average`,
      );
      log(
        `  CPU per search: app ${ms((appCpu.user + appCpu.system) / 1000 / n)}, PostgreSQL ${ms(dbMs / n)} ` +
          `(+ ${ms(helperMs / n)} in its helpers), readers ${ms(r.cpuMs / n)}; load average ${loadavg()
            .map((x) => x.toFixed(1))
            .join(' ')}`,
      );
    }
  } finally {
    await app?.close();
    await db.close();
  }
}

type Phase = 'flat' | 'think' | 'floor';
/**
 * The goal (p95 ≤ 50 ms at 20 concurrent readers) is read for readers as people: each reads the hits
 * before the next search. Flat out, 20 readers keep the two cores busy and p95 measures the queue;
 * the floor shows what that queue costs with no search work at all (README, "Public search").
 */
const GOAL: Record<Phase, string> = {
  think: '(goal ≤ 50 ms)',
  flat: '(capacity: no pause between searches)',
  floor: '(capacity: the same requests without search work)',
};
const PHASES: Phase[] = (process.env.BENCH_PHASES ?? 'flat,think,floor').split(',') as Phase[];

interface ReadersResult {
  latencies: number[];
  hits: number;
  seconds: number;
  distinct: number;
  cpuMs: number;
}

function runReaders(base: string, slug: string, phase: Phase): Promise<ReadersResult> {
  const readers = fork(process.argv[1], ['--readers', base, slug, phase], {});
  return new Promise<ReadersResult>((done, fail) => {
    readers.on('message', (m) => done(m as ReadersResult));
    readers.on('error', fail);
    readers.on('exit', (code) => (code ? fail(new Error(`readers exited with ${code}`)) : undefined));
  });
}

/**
 * The query each reader sends next: two distinct words of the vocabulary (every pair, the words
 * with related words included) and a role, drawn at random per reader, so no two readers walk the
 * same sequence and PostgreSQL does not answer one query over and over.
 */
function queries(seed: number, words: string[]): () => { q: string; role: SpeakerRole } {
  const rnd = random(seed);
  return () => {
    const a = Math.floor(rnd() * words.length);
    const b = (a + 1 + Math.floor(rnd() * (words.length - 1))) % words.length;
    return { q: `${words[a]} ${words[b]}`, role: ROLES[Math.floor(rnd() * ROLES.length)] };
  };
}

/** The child process: READERS concurrent readers, each one search after another (with think time in phase `think`). */
async function readAll(base: string, slug: string, phase: Phase): Promise<void> {
  const latencies: number[] = [];
  const seen = new Set<string>();
  let hits = 0;
  const count = phase === 'think' ? THINK_QUERIES : QUERIES;
  const reader = async (r: number, n: number, think: boolean) => {
    const next = queries(1000 * (phase === 'think' ? 2 : 1) + r, phase === 'floor' ? ABSENT : WORDS);
    const pause = random(7000 + r);
    if (think) await sleep(pause() * THINK_MS); // readers do not all arrive at once
    for (let k = 0; k < n; k++) {
      const { q, role } = next();
      seen.add(`${q}|${role}`);
      const url = `${base}/public/${slug}/api/search?q=${encodeURIComponent(q)}&role=${encodeURIComponent(role)}`;
      const start = performance.now();
      const res = await fetch(url);
      const body = (await res.json()) as { total: number };
      latencies.push(performance.now() - start);
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      hits += body.total;
      if (think) await sleep(THINK_MS * (0.5 + pause()));
    }
  };
  await reader(READERS, 20, false); // warm up
  latencies.length = 0;
  seen.clear();
  hits = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: READERS }, (_, r) => reader(r, count, phase === 'think')));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const result: ReadersResult = {
    latencies,
    hits,
    seconds,
    distinct: seen.size,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
  process.send?.(result, undefined, {}, () => process.exit(0));
}

const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

/** The PostgreSQL server's process id (the parent of every backend). */
async function postmasterOf(ds: DataSource): Promise<number> {
  const [{ pid }]: { pid: number }[] = await ds.query(`SELECT pg_backend_pid() AS pid`);
  return Number(statOf(pid)[1]);
}

/** Fields of /proc/<pid>/stat after the command name: [0] state, [1] parent, [11] utime, [12] stime. */
function statOf(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
}

/**
 * CPU time (utime + stime, clock ticks) of the server's processes by process id (Linux /proc):
 * its client backends (`postgres: user db [local] …` or `… host(port) …`), and apart the helpers
 * (I/O workers, autovacuum, checkpointer, …).
 */
function serverTicks(postmaster: number): { clients: Map<number, number>; helpers: Map<number, number> } {
  const clients = new Map<number, number>();
  const helpers = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = statOf(Number(d));
      if (Number(f[1]) !== postmaster) continue;
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      const client = cmd.includes('[local]') || cmd.includes('(');
      (client ? clients : helpers).set(Number(d), Number(f[11]) + Number(f[12]));
    } catch {
      // gone meanwhile
    }
  }
  return { clients, helpers };
}

/** Milliseconds of CPU between two readings (a process that ended meanwhile is lost; the pool keeps its connections). */
function cpuMsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return (ticks * 1000) / TICKS_PER_SECOND;
}
const TICKS_PER_SECOND = 100;

/** BENCH_CPU_PROFILE=<prefix>: a V8 CPU profile of the app's process per phase (open it in Chrome DevTools). */
async function startProfile(): Promise<{ stop(file: string): Promise<string> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((ok, fail) =>
      session.post(method, params ?? {}, (err, res) => (err ? fail(err) : ok(res))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      return file;
    },
  };
}

const readersAt = process.argv.indexOf('--readers');
(readersAt >= 0
  ? readAll(process.argv[readersAt + 1], process.argv[readersAt + 2], process.argv[readersAt + 3] as Phase)
  : main()
).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

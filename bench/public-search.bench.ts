/*
 * Public search benchmark: `npm run bench:search` (builds, then runs dist/bench/public-search.bench.js).
 * Starts the app in this process on a fresh database (an embedded PostgreSQL in a temporary folder,
 * or BENCH_DATABASE_URL: an empty database) with the sample data, then adds BENCH_MEETINGS (200)
 * published minutes of BENCH_LINES (500) lines each — 100,000 lines over 20 years — each indexed by
 * the publication's own writer (`indexMinutes`, as in the publish transaction), timed per meeting.
 * Then BENCH_READERS (20) concurrent readers (in a child process) each send BENCH_QUERIES (50)
 * two-word AND searches with a speaker-role filter to the open API; prints p50 / p95 (goal p95 ≤ 50 ms) and the index time per
 * publication (goal ≤ 1 s). Prints the figures; never asserts them (the host is shared).
 */
import { fork } from 'node:child_process';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { runInCouncil } from '../src/database/council-context';
import { Meeting } from '../src/meetings/meeting.entity';
import type { MinutesLine, SpeakerRole } from '../src/minutes/minutes-lines';
import { Minutes } from '../src/minutes/minutes.entity';
import { searchStatement } from '../src/public-portal/search/public-search';
import { indexMinutes } from '../src/public-portal/search/public-search-index';
import { loadSynonyms } from '../src/public-portal/search/synonyms';
import { benchDatabase, percentile, startSampleApp } from './support';

const MEETINGS = Number(process.env.BENCH_MEETINGS ?? 200);
const LINES = Number(process.env.BENCH_LINES ?? 500);
const READERS = Number(process.env.BENCH_READERS ?? 20);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 50);

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
const PAIRS = [
  ['水道', '料金'],
  ['個人情報', '提供'],
  ['外部結合', '回線'],
  ['委託', '事業者'],
];

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
        { q: PAIRS[0].join(' '), role: ROLES[1] },
        await loadSynonyms(ds.manager, councilId as number),
      );
      const rows: { 'QUERY PLAN': string }[] = await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    log(plan);

    // The readers run in a child process: they stand for people on other machines, whose own
    // work (sending, parsing) is not the server's.
    const readers = fork(process.argv[1], ['--readers', base, slug], {});
    const result = await new Promise<{ latencies: number[]; hits: number; seconds: number }>((done, fail) => {
      readers.on('message', (m) => done(m as { latencies: number[]; hits: number; seconds: number }));
      readers.on('error', fail);
      readers.on('exit', (code) => (code ? fail(new Error(`readers exited with ${code}`)) : undefined));
    });
    const { latencies, hits, seconds } = result;
    log(
      `search: ${READERS} readers × ${QUERIES} two-word AND + role queries; p50 ${ms(percentile(latencies, 50))}, ` +
        `p95 ${ms(percentile(latencies, 95))} (goal ≤ 50 ms); ${(latencies.length / seconds).toFixed(0)} a second; ` +
        `${(hits / latencies.length).toFixed(0)} hits a query on average`,
    );
  } finally {
    await app?.close();
    await db.close();
  }
}

/** The child process: READERS concurrent readers, each QUERIES searches one after another. */
async function readAll(base: string, slug: string): Promise<void> {
  const latencies: number[] = [];
  let hits = 0;
  const reader = async (r: number) => {
    for (let k = 0; k < QUERIES; k++) {
      const [a, b] = PAIRS[(r + k) % PAIRS.length];
      const role = ROLES[(r + k) % ROLES.length];
      const url = `${base}/public/${slug}/api/search?q=${encodeURIComponent(`${a} ${b}`)}&role=${encodeURIComponent(role)}`;
      const start = performance.now();
      const res = await fetch(url);
      const body = (await res.json()) as { total: number };
      latencies.push(performance.now() - start);
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      hits += body.total;
    }
  };
  await reader(0); // warm up
  latencies.length = 0;
  hits = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: READERS }, (_, r) => reader(r)));
  const seconds = (performance.now() - started) / 1000;
  process.send?.({ latencies, hits, seconds }, undefined, {}, () => process.exit(0));
}

const readersAt = process.argv.indexOf('--readers');
(readersAt >= 0 ? readAll(process.argv[readersAt + 1], process.argv[readersAt + 2]) : main()).catch(
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

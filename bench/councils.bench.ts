/*
 * Many councils: `npm run bench:councils` (builds, then runs dist/bench/councils.bench.js).
 * Creates BENCH_COUNCILS (100) councils through the setup service (CouncilSetupService, the rows of
 * `council:create --additional`), each with a department, a clerk, a secretariat user and
 * BENCH_CASES_PER_COUNCIL (1,000) cases copied in bulk SQL from the sample cases (bench/support.ts,
 * the load bench's generator: every 50th case is the second sample, a search that matches few).
 * With the first tenth seeded (10,000 cases) and again with all (100,000), the app is started as a
 * child process (`node dist/src/main.js`) and one user alone measures list and search: a warm-up
 * of BENCH_WARM_UP (100) rounds, at least one per council (its first pass over the councils, "first
 * touch", printed), then the median of BENCH_SAMPLES rounds spread over the councils (steady
 * state, the goal's figure); both ratios are printed. Before, the warm-up was 10 requests whatever the
 * number of councils, so at 10 councils every sample was warm and at 100 most were first
 * touches: the ratio compared a cold cache with a warm one. Then
 * BENCH_CONNECTIONS (50) users spread over the councils list and search (3:2) for BENCH_DURATION
 * seconds (60), a request every BENCH_THINK_MS (1000) on average each; p50/p95 printed.
 * Goals: list/search p95 ≤ 50 ms under the users, 0 errors, medians at 100,000 ≤ 1.3× those at
 * 10,000; exits 1 when missed.
 */
import {
  benchDatabase,
  benchLogin,
  CONNECTIONS,
  COUNCIL_SEARCHES,
  COUNCILS,
  createBenchCouncil,
  DURATION,
  envNumber,
  migratedDataSource,
  PER_COUNCIL,
  percentile,
  spawnApp,
  THINK_MS,
  type AppProcess,
  type BenchCouncil,
} from './support';

const SAMPLES = envNumber('BENCH_SAMPLES', 100);
const WARM_UP = envNumber('BENCH_WARM_UP', 100);

type Kind = 'list' | 'search';
interface Session {
  clerk: Record<string, string>;
  secretariat: Record<string, string>;
}

const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)];

function request(kind: Kind, s: Session): { path: string; headers: Record<string, string> } {
  return kind === 'list'
    ? { path: `/api/cases?page=${1 + Math.floor(Math.random() * 20)}`, headers: s.clerk }
    : { path: `/api/cases?q=${encodeURIComponent(pick(COUNCIL_SEARCHES))}`, headers: s.secretariat };
}

async function send(base: string, kind: Kind, s: Session): Promise<{ status: number; ms: number }> {
  const { path, headers } = request(kind, s);
  const start = performance.now();
  const res = await fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(30_000) });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - start };
}

async function sessions(base: string, councils: BenchCouncil[]): Promise<Session[]> {
  const out: Session[] = [];
  for (const c of councils)
    out.push({
      clerk: { Authorization: `Bearer ${await benchLogin(base, c.clerk)}` },
      secretariat: { Authorization: `Bearer ${await benchLogin(base, c.secretariat)}` },
    });
  return out;
}

/**
 * One user alone: list and search in turn, each request for the next council. Warm-up: WARM_UP
 * rounds, at least one per council, so at both sizes the app's code is as warm and every council
 * has been asked once before the BENCH_SAMPLES measured rounds; the warm-up's first pass over the
 * councils is reported as "first touch" (at 10 councils it is also the app's very first requests).
 */
async function alone(base: string, ss: Session[]): Promise<Record<'first' | 'steady', Record<Kind, number>>> {
  const pass = async (n: number): Promise<Record<Kind, number>[]> => {
    const t: Record<Kind, number[]> = { list: [], search: [] };
    const first: Record<Kind, number[]> = { list: [], search: [] };
    for (let i = 0; i < n; i++)
      for (const k of ['list', 'search'] as Kind[]) {
        const { status, ms } = await send(base, k, ss[i % ss.length]);
        if (status !== 200) throw new Error(`${k}: ${status}`);
        t[k].push(ms);
        if (i < ss.length) first[k].push(ms);
      }
    const median = (x: Record<Kind, number[]>) => ({
      list: percentile(x.list, 50),
      search: percentile(x.search, 50),
    });
    return [median(t), median(first)];
  };
  const [, first] = await pass(Math.max(WARM_UP, ss.length));
  const [steady] = await pass(SAMPLES);
  return { first, steady };
}

async function users(base: string, ss: Session[]): Promise<boolean> {
  const t: Record<Kind, number[]> = { list: [], search: [] };
  const failed: Record<Kind, number> = { list: 0, search: 0 };
  const deadline = performance.now() + DURATION * 1000;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const listUsers = Math.round((CONNECTIONS * 3) / 5);
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, i) => {
      const kind: Kind = i < listUsers ? 'list' : 'search';
      const s = ss[(i * 37) % ss.length]; // spread over the councils
      await sleep(Math.random() * THINK_MS);
      while (performance.now() < deadline) {
        try {
          const { status, ms } = await send(base, kind, s);
          t[kind].push(ms);
          if (status !== 200) failed[kind]++;
        } catch {
          failed[kind]++;
        }
        await sleep(-Math.log(1 - Math.random()) * THINK_MS);
      }
    }),
  );
  console.log(
    `\n${CONNECTIONS} users over ${ss.length} councils (${listUsers} list, ${CONNECTIONS - listUsers} search), ${DURATION} s`,
  );
  console.log('type     requests    p50 ms   p95 ms   p99 ms  errors');
  const f = (n: number) => n.toFixed(1).padStart(8);
  for (const k of ['list', 'search'] as Kind[])
    console.log(
      `${k.padEnd(8)} ${String(t[k].length).padStart(8)} ${f(percentile(t[k], 50))} ${f(percentile(t[k], 95))} ${f(percentile(t[k], 99))} ${String(failed[k]).padStart(7)}`,
    );
  const met =
    failed.list + failed.search === 0 && percentile(t.list, 95) <= 50 && percentile(t.search, 95) <= 50;
  console.log(`list/search p95 ≤ 50 ms, 0 errors: ${met ? 'met' : 'missed'}`);
  return met;
}

async function main(): Promise<void> {
  const db = await benchDatabase('councils');
  let app: AppProcess | null = null;
  try {
    const ds = await migratedDataSource(db.url);
    const councils: BenchCouncil[] = [];
    const medians: Record<string, Record<Kind, number>> = {};
    const firsts: Record<string, Record<Kind, number>> = {};
    const small = Math.max(1, Math.round(COUNCILS / 10));
    try {
      for (const upTo of [small, COUNCILS]) {
        const started = performance.now();
        for (let n = councils.length + 1; n <= upTo; n++)
          councils.push(await createBenchCouncil(ds, n, PER_COUNCIL));
        await ds.query('VACUUM ANALYZE');
        const [{ cases }] = (await ds.query('SELECT count(*)::int AS cases FROM case_file')) as {
          cases: number;
        }[];
        console.log(
          `${councils.length} councils, ${cases} cases (seeded in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
        app = await spawnApp(db.url, db.work);
        const ss = await sessions(app.base, councils);
        const measured = await alone(app.base, ss);
        medians[upTo] = measured.steady;
        firsts[upTo] = measured.first;
        console.log(
          `one user alone at ${cases} cases: first touch of each of ${ss.length} councils (median): list ${measured.first.list.toFixed(1)} ms, search ${measured.first.search.toFixed(1)} ms; ` +
            `then median of ${SAMPLES}: list ${medians[upTo].list.toFixed(1)} ms, search ${medians[upTo].search.toFixed(1)} ms`,
        );
        if (upTo === COUNCILS) {
          const a = medians[small];
          const b = medians[COUNCILS];
          const ratio = { list: b.list / a.list, search: b.search / a.search };
          const scaled = ratio.list <= 1.3 && ratio.search <= 1.3;
          console.log(
            `\nmedians, ${small} → ${COUNCILS} councils: list ${a.list.toFixed(1)} → ${b.list.toFixed(1)} ms (×${ratio.list.toFixed(2)}), ` +
              `search ${a.search.toFixed(1)} → ${b.search.toFixed(1)} ms (×${ratio.search.toFixed(2)}) (goal ≤ ×1.3): ${scaled ? 'met' : 'missed'}`,
          );
          const f = { a: firsts[small], b: firsts[COUNCILS] };
          console.log(
            `first touches, ${small} → ${COUNCILS} councils (not the goal's figure): list ${f.a.list.toFixed(1)} → ${f.b.list.toFixed(1)} ms (×${(f.b.list / f.a.list).toFixed(2)}), ` +
              `search ${f.a.search.toFixed(1)} → ${f.b.search.toFixed(1)} ms (×${(f.b.search / f.a.search).toFixed(2)})`,
          );
          const met = await users(app.base, ss);
          process.exitCode = met && scaled ? 0 : 1;
        }
        await app.stop();
        app = null;
      }
    } finally {
      await ds.destroy();
    }
  } finally {
    if (app) await app.stop();
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

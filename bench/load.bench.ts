/*
 * Load test: `npm run bench:load` (builds, then runs dist/bench/load.bench.js).
 * Seeds BENCH_CASES (10,000) sample cases in bulk SQL into a fresh database (an embedded PostgreSQL
 * in a temporary directory, or BENCH_DATABASE_URL: an empty database), starts the app
 * (`node dist/src/main.js`, DATABASE_URL) and runs autocannon against it over loopback:
 * BENCH_CONNECTIONS (50) users for BENCH_DURATION seconds (60), split over list, search, view,
 * edit (each user edits its own draft, following the version) and PDF download; each user sends a
 * request every BENCH_THINK_MS (1000) on average. Then the same connections flat out for
 * BENCH_SATURATE seconds (20; 0 skips) to show the ceiling. Prints the single-user latency and
 * p50/p95/p99 per request type and the error count of each phase; goals (first phase): 0 errors,
 * list/search p95 ≤ 50 ms; exits 1 when they are missed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ENTITIES } from '../src/database/entities';
import { migrate } from '../src/database/migrate';
import {
  benchDatabase,
  benchLogin,
  CONNECTIONS,
  createBenchCouncil,
  DURATION,
  envNumber,
  percentile,
  spawnApp,
  THINK_MS,
  type AppProcess,
} from './support';

const CASES = envNumber('BENCH_CASES', 10_000);
/** Seconds of the second, flat-out phase (0 to skip). */
const SATURATE = envNumber('BENCH_SATURATE', 20);

/**
 * One council through the setup service (as `council:create`), its clerk and secretariat, one complete
 * sample case and CASES - 1 copies of it and of its parts in a few INSERT … SELECT (`bench/support.ts`,
 * shared with `bench:councils`; the rows carry the council, which row-level security requires).
 */
async function seed(url: string): Promise<{ version: number; clerk: string; secretariat: string }> {
  const ds = await new DataSource(dataSourceOptions(url, ENTITIES)).initialize();
  try {
    const started = performance.now();
    // rareEvery above CASES: every case but one is a copy of the first sample, as before councils.
    const council = await createBenchCouncil(ds, 1, CASES, CASES + 1);
    // A database in use has been vacuumed by autovacuum; without it no index-only scan is possible yet.
    await ds.query('VACUUM ANALYZE');
    const [{ n, version }] = await ds.query(
      `SELECT count(*)::int AS n, min(version)::int AS version FROM case_file`,
    );
    console.log(`seeded ${n} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { version, clerk: council.clerk, secretariat: council.secretariat };
  } finally {
    await ds.destroy();
  }
}

/** BENCH_MIX, e.g. `list=30,search=20,view=25,edit=15,pdf=10`: the users' shares by request type. */
function parseMix(text: string): Record<'list' | 'search' | 'view' | 'edit' | 'pdf', number> {
  const mix = { list: 0, search: 0, view: 0, edit: 0, pdf: 0 };
  for (const part of text.split(',')) {
    const [k, v] = part.split('=').map((x) => x.trim());
    if (!(k in mix) || !Number.isFinite(Number(v))) throw new Error(`BENCH_MIX: cannot read "${part}"`);
    mix[k as keyof typeof mix] = Number(v);
  }
  const sum = Object.values(mix).reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new Error('BENCH_MIX: no share above 0');
  for (const k of Object.keys(mix) as (keyof typeof mix)[]) mix[k] /= sum;
  return mix;
}

/** CPU time (ms) of the app, the processes it started (the PDF browser) and every local postgres. */
interface CpuSnapshot {
  app: number;
  browser: number;
  postgres: number;
}

function cpuSnapshot(appPid: number): CpuSnapshot {
  const tick = 10; // USER_HZ is 100 on Linux
  const procs: { pid: number; ppid: number; comm: string; ms: number; reaped: number }[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return { app: NaN, browser: NaN, postgres: NaN }; // not Linux
  }
  for (const d of entries) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      // fields after comm: state ppid ... utime(12) stime(13) (0-based from state)
      // utime stime, and cutime cstime: children that ended and were waited for (renderers
      // replaced by the browser, backends by the postmaster), whose own entries are gone
      procs.push({
        pid: Number(d),
        ppid: Number(f[1]),
        comm,
        ms: (Number(f[11]) + Number(f[12])) * tick,
        reaped: (Number(f[13]) + Number(f[14])) * tick,
      });
    } catch {
      // the process ended meanwhile
    }
  }
  const children = new Map<number, number[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  let browser = byPid.get(appPid)?.reaped ?? 0; // a browser that ended (relaunched)
  const stack = [...(children.get(appPid) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    const p = byPid.get(pid);
    browser += (p?.ms ?? 0) + (p?.reaped ?? 0);
    stack.push(...(children.get(pid) ?? []));
  }
  return {
    app: byPid.get(appPid)?.ms ?? NaN,
    browser,
    postgres: procs.filter((p) => p.comm === 'postgres').reduce((a, p) => a + p.ms + p.reaped, 0),
  };
}

/** The machine's CPU time counters (/proc/stat, all cores): busy, steal and total ticks. */
function machineTicks(): { busy: number; steal: number; total: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - f[3] - f[4] - f[7], steal: f[7], total };
  } catch {
    return { busy: NaN, steal: NaN, total: NaN };
  }
}

/** Shares of the machine's time between two readings, in percent. */
function machineShare(
  a: ReturnType<typeof machineTicks>,
  b: ReturnType<typeof machineTicks>,
): { busy: string; steal: string } {
  const total = b.total - a.total;
  const share = (x: number) => ((x / total) * 100).toFixed(0);
  return { busy: share(b.busy - a.busy), steal: share(b.steal - a.steal) };
}

function cpuDelta(a: CpuSnapshot, b: CpuSnapshot, requests: number): CpuSnapshot {
  return {
    app: (b.app - a.app) / requests,
    browser: (b.browser - a.browser) / requests,
    postgres: (b.postgres - a.postgres) / requests,
  };
}

async function main(): Promise<void> {
  const db = await benchDatabase('load');
  const { url, work } = db;
  let app: AppProcess | null = null;
  try {
    await migrate(url, ENTITIES);
    const { version, clerk: clerkName, secretariat: secretariatName } = await seed(url);
    // e.g. BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the app under load
    const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
    // The renderer starts at boot and the minutes scan keeps its production period, as in production.
    app = await spawnApp(url, work, {
      nodeArgs,
      env: { RENDERER_START: 'boot', MINUTES_SCAN_MINUTES: '60' },
    });
    const { base, pid } = app;
    const clerk = { Authorization: `Bearer ${await benchLogin(base, clerkName)}` };
    const secretariat = { Authorization: `Bearer ${await benchLogin(base, secretariatName)}` };
    const ids = await (async () => {
      const { Client } = await import('pg');
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        const drafts = (
          await c.query<{ id: string }>(`SELECT id FROM case_file WHERE status = 'draft' ORDER BY id`)
        ).rows.map((r) => r.id);
        const all = (await c.query<{ id: string }>(`SELECT id FROM case_file ORDER BY id`)).rows.map(
          (r) => r.id,
        );
        return { drafts, all };
      } finally {
        await c.end();
      }
    })();
    const pdfProbe = await fetch(`${base}/api/cases/${ids.drafts[0]}/document.pdf`, { headers: clerk });
    const pdfAvailable = pdfProbe.status !== 404;
    await pdfProbe.arrayBuffer().catch(() => undefined);

    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
    const searches = ['屋上緑化', '見学', '申込', '緑化 見本園', '電子申請'];

    type Kind = 'list' | 'search' | 'view' | 'edit' | 'pdf';
    const share: Record<Kind, number> = process.env.BENCH_MIX
      ? parseMix(process.env.BENCH_MIX)
      : pdfAvailable
        ? { list: 0.3, search: 0.2, view: 0.25, edit: 0.15, pdf: 0.1 }
        : { list: 0.3, search: 0.25, view: 0.3, edit: 0.15, pdf: 0 };
    let editSlot = 0;
    const specs: Record<Kind, autocannon.RequestSpec[]> = {
      list: [
        {
          setupRequest: (req) => ({
            ...req,
            method: 'GET',
            headers: clerk,
            path: `/api/cases?page=${1 + Math.floor(Math.random() * 20)}`,
          }),
        },
      ],
      search: [
        {
          setupRequest: (req) => ({
            ...req,
            method: 'GET',
            headers: secretariat,
            path: `/api/cases?q=${encodeURIComponent(pick(searches))}`,
          }),
        },
      ],
      view: [
        {
          setupRequest: (req) => ({
            ...req,
            method: 'GET',
            headers: clerk,
            path: `/api/cases/${pick(ids.all)}`,
          }),
        },
      ],
      edit: [
        {
          // each connection owns one draft and follows its version from the answers
          setupRequest: (req, ctx) => {
            if (!ctx.id) {
              ctx.id = ids.drafts[editSlot++ % ids.drafts.length];
              ctx.version = version;
            }
            return {
              ...req,
              method: 'PATCH',
              path: `/api/cases/${ctx.id as string}`,
              headers: { ...clerk, 'content-type': 'application/json' },
              body: JSON.stringify({ version: ctx.version, overview: { purpose: `負荷試験 ${Date.now()}` } }),
            };
          },
          onResponse: (status, body, ctx) => {
            if (status === 200) ctx.version = (JSON.parse(body) as { version: number }).version;
          },
        },
      ],
      pdf: [
        {
          setupRequest: (req) => ({
            ...req,
            method: 'GET',
            headers: clerk,
            path: `/api/cases/${pick(ids.drafts)}/document.pdf`,
          }),
        },
      ],
    };
    const kinds = (Object.keys(share) as Kind[]).filter((k) => share[k] > 0);
    const conns = Object.fromEntries(
      kinds.map((k) => [k, Math.max(1, Math.round(CONNECTIONS * share[k]))]),
    ) as Record<Kind, number>;
    /** One request of a user as its spec builds it, following its answer; status and time taken. */
    const sendOnce = async (
      k: Kind,
      ctx: Record<string, unknown>,
    ): Promise<{ status: number; ms: number; body: Buffer }> => {
      const spec = specs[k][0];
      const req = spec.setupRequest ? spec.setupRequest({}, ctx) : spec;
      const start = performance.now();
      const res = await fetch(`${base}${req.path ?? '/'}`, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(30_000),
      });
      const body = Buffer.from(await res.arrayBuffer());
      const ms = performance.now() - start;
      spec.onResponse?.(res.status, k === 'pdf' ? '' : body.toString('utf8'), ctx);
      return { status: res.status, ms, body };
    };

    // One user alone first: what a request costs without contention (median of 40 after 5 for
    // warm-up), in time and in CPU of the app, its PDF browser and PostgreSQL.
    const aloneLine: string[] = [];
    console.log('\none user alone (40 requests of each type after 5 for warm-up; CPU per request)');
    console.log('type      median ms   app ms  browser ms  postgres ms');
    for (const k of kinds) {
      const ctx: Record<string, unknown> = {};
      const t: number[] = [];
      let before = cpuSnapshot(pid);
      for (let i = 0; i < 45; i++) {
        if (i === 5) before = cpuSnapshot(pid);
        const { status, ms, body } = await sendOnce(k, ctx);
        if (status >= 400) throw new Error(`${k}: ${status} ${body.toString('utf8').slice(0, 300)}`);
        if (i >= 5) t.push(ms);
      }
      const used = cpuDelta(before, cpuSnapshot(pid), 40);
      const f = (n: number, w: number) => n.toFixed(1).padStart(w);
      console.log(
        `${k.padEnd(8)} ${f(percentile(t, 50), 10)} ${f(used.app, 8)} ${f(used.browser, 11)} ${f(used.postgres, 12)}`,
      );
      aloneLine.push(`${k} ${percentile(t, 50).toFixed(1)} ms`);
    }
    console.log(`one user alone (median of 40): ${aloneLine.join(', ')}\n`);
    console.log(
      `load: ${CONNECTIONS} connections for ${DURATION} s over ${ids.all.length} cases: ${kinds.map((k) => `${k} ${conns[k]}`).join(', ')}`,
    );
    if (!pdfAvailable)
      console.log(
        `PDF download skipped: GET /api/cases/:id/document.pdf answered ${pdfProbe.status} (route not in this build)`,
      );
    const report = (
      title: string,
      seconds: number,
      times: Record<string, number[]>,
      failed: Record<string, number>,
      statuses: Record<string, Record<number, number>>,
    ): boolean => {
      let errors = 0;
      console.log(`\n${title}`);
      console.log('type     requests   req/s    p50 ms   p95 ms   p99 ms  errors');
      for (const k of kinds) {
        const e = failed[k];
        errors += e;
        const f = (n: number) => n.toFixed(1).padStart(8);
        console.log(
          `${k.padEnd(8)} ${String(times[k].length).padStart(8)} ${(times[k].length / seconds).toFixed(0).padStart(7)} ${f(percentile(times[k], 50))} ${f(percentile(times[k], 95))} ${f(percentile(times[k], 99))} ${String(e).padStart(7)}` +
            (e ? `  statuses ${JSON.stringify(statuses[k])}` : ''),
        );
      }
      const p95 = (k: Kind) => percentile(times[k] ?? [], 95);
      const met = errors === 0 && p95('list') <= 50 && p95('search') <= 50;
      console.log(
        `errors: ${errors} (goal 0) — list p95 ${p95('list').toFixed(1)} ms, search p95 ${p95('search').toFixed(1)} ms (goal ≤ 50 ms): ${met ? 'met' : 'missed'}`,
      );
      return met;
    };
    const tally = () => ({
      times: Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as Record<string, number[]>,
      failed: Object.fromEntries(kinds.map((k) => [k, 0])) as Record<string, number>,
      statuses: Object.fromEntries(kinds.map((k) => [k, {}])) as Record<string, Record<number, number>>,
    });

    /**
     * People: each user (kind fixed by the mix) waits a think time drawn from an exponential
     * distribution with mean THINK_MS, sends one request, waits for the answer, and so on. Arrivals
     * are therefore spread out as real ones are, not fired on a shared clock tick (autocannon's rate
     * limit sends each second's requests at once, which measured its own bursts).
     */
    const usersPhase = async (title: string, seconds: number): Promise<boolean> => {
      const t = tally();
      const deadline = performance.now() + seconds * 1000;
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const think = () => -Math.log(1 - Math.random()) * THINK_MS;
      const users = kinds.flatMap((k) => Array.from({ length: conns[k] }, () => k));
      // The generator shares the machine: how late its own event loop ran is part of every figure.
      const lag = monitorEventLoopDelay({ resolution: 10 });
      lag.enable();
      const machineBefore = machineTicks();
      const cpuBefore = cpuSnapshot(pid);
      await Promise.all(
        users.map(async (k) => {
          const ctx: Record<string, unknown> = {};
          await sleep(Math.random() * THINK_MS);
          while (performance.now() < deadline) {
            try {
              const { status, ms } = await sendOnce(k, ctx);
              t.times[k].push(ms);
              t.statuses[k][status] = (t.statuses[k][status] ?? 0) + 1;
              if (status >= 400) t.failed[k]++;
            } catch {
              t.failed[k]++;
            }
            await sleep(think());
          }
        }),
      );
      lag.disable();
      const ms = (ns: number) => (ns / 1e6 - 10).toFixed(1); // minus the sampling resolution
      console.log(
        `load generator's own event-loop delay: p50 ${ms(lag.percentile(50))} ms, p99 ${ms(lag.percentile(99))} ms, max ${ms(lag.max)} ms`,
      );
      const machine = machineShare(machineBefore, machineTicks());
      const used = cpuDelta(cpuBefore, cpuSnapshot(pid), 1);
      const pct = (v: number) => `${((v / (seconds * 1000)) * 100).toFixed(0)}%`;
      console.log(
        `CPU over the phase (100% = one core): app ${pct(used.app)}, browser ${pct(used.browser)}, postgres ${pct(used.postgres)}; ` +
          `machine busy ${machine.busy}%, taken by the host (steal) ${machine.steal}%`,
      );
      return report(title, seconds, t.times, t.failed, t.statuses);
    };

    /** The same connections with autocannon, flat out (no pauses): the ceiling of one instance. */
    const ceilingPhase = async (title: string, seconds: number): Promise<void> => {
      const t = tally();
      const results = await Promise.all(
        kinds.map((k) => {
          const inst = autocannon({
            url: base,
            connections: conns[k],
            duration: seconds,
            requests: specs[k],
            timeout: 30,
          });
          inst.on('response', (_c, status, _b, rt) => {
            t.times[k].push(rt);
            t.statuses[k][status] = (t.statuses[k][status] ?? 0) + 1;
          });
          return inst;
        }),
      );
      kinds.forEach((k, i) => {
        t.failed[k] = results[i].errors + results[i].timeouts + results[i].non2xx;
      });
      report(title, seconds, t.times, t.failed, t.statuses);
    };

    const met = await usersPhase(
      `${CONNECTIONS} users, a request every ${THINK_MS} ms on average each (exponential think time), ${DURATION} s`,
      DURATION,
    );
    if (SATURATE > 0)
      await ceilingPhase(
        `the same ${CONNECTIONS} connections without pauses, ${SATURATE} s (ceiling)`,
        SATURATE,
      );
    process.exitCode = met ? 0 : 1;
  } finally {
    await app?.stop();
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

/*
 * The plans behind `npm run bench:councils`: `npm run build && node dist/bench/councils-explain.js`.
 * Keeps an embedded PostgreSQL in BENCH_EXPLAIN_DIR (default /tmp/shingikai-councils-explain),
 * migrates it, seeds bench councils up to BENCH_COUNCILS (100) as the councils bench does (kept
 * between runs: run with 10, copy the folder, run with 100), VACUUM ANALYZE after seeding. Then the
 * real CaseQueryService answers the bench's requests (a clerk's list, pages 1 and 20; the
 * secretariat's searches) as the application role in council 1's context; every statement it
 * sends is captured and run again under EXPLAIN (ANALYZE, BUFFERS) on an application-role
 * connection carrying the council as a request's does. Named (prepared) statements are explained
 * as the pool runs them once warm: PREPARE, then EXECUTE with the generic plan and with a custom
 * one. Prints, per statement, the time and the shared blocks (hit + read): the blocks do not
 * depend on the machine's load. BENCH_EXPLAIN_PLANS=1 prints the plans too.
 * Then each search once more in a council of its own (councils 2–7) that nothing has read since
 * PostgreSQL started (on a run that did not seed): the blocks it reads from outside the shared
 * buffers are the pages that search of a council needs, which is what the bench pays when it
 * moves from council to council and 100 councils no longer fit in the buffers.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../src/auth/auth-user';
import { CaseAccessPolicy } from '../src/cases/case-access-policy';
import { CaseQueryService } from '../src/cases/case-query.service';
import type { CaseQueryDto } from '../src/cases/dto/case-query.dto';
import { appDatabaseUrl, openAppDataSource } from '../src/database/app-role';
import { runInCouncil } from '../src/database/council-context';
import { dataSourceOptions } from '../src/database/data-source-options';
import { freePort, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { ENTITIES } from '../src/database/entities';
import type { UnitOfWork } from '../src/database/unit-of-work';
import { COUNCIL_SEARCHES, COUNCILS, createBenchCouncil, migratedDataSource, PER_COUNCIL } from './support';

const DIR = process.env.BENCH_EXPLAIN_DIR ?? '/tmp/shingikai-councils-explain';
const PLANS = process.env.BENCH_EXPLAIN_PLANS === '1';

interface Captured {
  name?: string;
  text: string;
  values: unknown[];
}

/** Every statement the application's pg clients send while `capturing` is on. */
const captured: Captured[] = [];
let capturing = false;
const originalQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  if (capturing) {
    const [a, b] = args;
    if (typeof a === 'string') captured.push({ text: a, values: Array.isArray(b) ? b : [] });
    else if (a && typeof a === 'object' && 'text' in a) {
      const c = a as { name?: string; text: string; values?: unknown[] };
      captured.push({ name: c.name, text: c.text, values: c.values ?? (Array.isArray(b) ? b : []) });
    }
  }
  return originalQuery.apply(this, args);
};

interface PlanNode {
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
}

async function explain(
  client: pg.Client,
  q: Captured,
  mode: 'custom' | 'generic',
): Promise<{ ms: number; blocks: number; read: number; plan: string }> {
  const literal = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v))
      return `${client.escapeLiteral(`{${v.map((x) => JSON.stringify(String(x))).join(',')}}`)}`;
    return client.escapeLiteral(String(v));
  };
  await client.query('DEALLOCATE ALL');
  await client.query(
    `SET plan_cache_mode = ${mode === 'generic' ? 'force_generic_plan' : 'force_custom_plan'}`,
  );
  await client.query(`PREPARE explained AS ${q.text}`);
  const exec = `EXECUTE explained${q.values.length ? `(${q.values.map(literal).join(', ')})` : ''}`;
  const json = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${exec}`)).rows[0] as {
    'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number; Planning?: PlanNode }[];
  };
  const top = json['QUERY PLAN'][0];
  const read = top.Plan['Shared Read Blocks'] ?? 0;
  const blocks = (top.Plan['Shared Hit Blocks'] ?? 0) + read;
  let plan = '';
  if (PLANS)
    plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${exec}`)).rows
      .map((r: Record<string, string>) => r['QUERY PLAN'])
      .join('\n');
  await client.query('DEALLOCATE ALL');
  return { ms: top['Execution Time'], blocks, read, plan };
}

async function benchUser(owner: DataSource, username: string): Promise<AuthUser> {
  const [u] = (await owner.query(
    `SELECT u.id, u.username, u.display_name, u.role, u.department_id, d.name AS department_name, u.council_id
       FROM app_user u LEFT JOIN department d ON d.id = u.department_id WHERE u.username = $1`,
    [username],
  )) as Record<string, string | number | null>[];
  return {
    id: u.id as string,
    username: u.username as string,
    displayName: u.display_name as string,
    role: u.role as AuthUser['role'],
    departmentId: u.department_id as string | null,
    departmentName: u.department_name as string | null,
    mustChangePassword: false,
    previousLoginAt: null,
    sessionId: '00000000-0000-0000-0000-000000000000',
    councilId: u.council_id as number,
  };
}

async function main(): Promise<void> {
  const fresh = !existsSync(join(DIR, 'db'));
  const pgHandle = await startEmbeddedPostgres({
    dataDir: join(DIR, 'db'),
    port: await freePort(),
    database: 'shingikai_councils_explain',
  });
  let owner: DataSource | null = null;
  let app: DataSource | null = null;
  const client = new pg.Client({ connectionString: appDatabaseUrl(pgHandle.url) });
  try {
    owner = await migratedDataSource(pgHandle.url);
    const [{ n }] = (await owner.query(
      `SELECT count(*)::int AS n FROM municipality WHERE slug LIKE 'bench-%'`,
    )) as { n: number }[];
    if (fresh || n < COUNCILS) {
      const started = performance.now();
      for (let i = n + 1; i <= COUNCILS; i++) await createBenchCouncil(owner, i, PER_COUNCIL);
      await owner.query('VACUUM ANALYZE');
      console.log(
        `seeded councils ${n + 1}–${COUNCILS} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }
    const [{ cases, councils }] = (await owner.query(
      `SELECT count(*)::int AS cases, count(DISTINCT council_id)::int AS councils FROM case_file`,
    )) as { cases: number; councils: number }[];
    console.log(`${councils} councils, ${cases} cases`);

    const clerk = await benchUser(owner, 'bench-clerk-1');
    const secretariat = await benchUser(owner, 'bench-secretariat-1');
    app = await openAppDataSource(dataSourceOptions(appDatabaseUrl(pgHandle.url), ENTITIES), pgHandle.url);
    const uow = { managerOrRoot: () => app!.manager } as unknown as UnitOfWork;
    const service = new CaseQueryService(app, new CaseAccessPolicy(app, uow));
    await client.connect();
    await client.query(`SELECT set_config('app.council_id', $1, false)`, [String(clerk.councilId)]);

    const requests: { label: string; user: AuthUser; q: CaseQueryDto }[] = [
      { label: 'list p1 (clerk)', user: clerk, q: { page: 1 } as CaseQueryDto },
      { label: 'list p20 (clerk)', user: clerk, q: { page: 20 } as CaseQueryDto },
      { label: 'list p1 (secretariat)', user: secretariat, q: { page: 1 } as CaseQueryDto },
      ...COUNCIL_SEARCHES.map((s) => ({
        label: `search ${s}`,
        user: secretariat,
        q: { q: s } as CaseQueryDto,
      })),
    ];
    let sumBlocks = 0;
    const searchStatements = new Map<string, Captured[]>();
    for (const r of requests) {
      captured.length = 0;
      capturing = true;
      try {
        await runInCouncil(r.user.councilId, () => service.list(r.user, r.q));
      } finally {
        capturing = false;
      }
      const statements = captured.filter((c) => !c.text.startsWith('SELECT set_config'));
      searchStatements.set(r.label, statements);
      for (const [i, s] of statements.entries()) {
        const modes: ('custom' | 'generic')[] = s.name ? ['generic', 'custom'] : ['custom'];
        for (const mode of modes) {
          const e = await explain(client, s, mode);
          if (mode === modes[0]) sumBlocks += e.blocks;
          console.log(
            `${r.label.padEnd(24)} #${i + 1} ${(s.name ? `prepared/${mode}` : 'unnamed').padEnd(17)} ${e.ms.toFixed(2).padStart(8)} ms ${String(e.blocks).padStart(7)} blocks  ${s.text.replace(/\s+/g, ' ').slice(0, 70)}`,
          );
          if (PLANS) console.log(`${e.plan}\n`);
        }
      }
    }
    console.log(`total shared blocks (as run): ${sumBlocks}`);
    if (fresh || n < COUNCILS)
      console.log('(seeded in this run: run again for the blocks of untouched councils)');
    else {
      // The statements do not depend on the council (a connection setting), so council 1's are
      // run as they were, in the first mode the pool uses, on another council's connection.
      let sumRead = 0;
      for (const [i, s] of COUNCIL_SEARCHES.entries()) {
        const other = await benchUser(owner, `bench-secretariat-${i + 2}`);
        await client.query(`SELECT set_config('app.council_id', $1, false)`, [String(other.councilId)]);
        let read = 0;
        let blocks = 0;
        for (const st of searchStatements.get(`search ${s}`) ?? []) {
          const e = await explain(client, st, st.name ? 'generic' : 'custom');
          read += e.read;
          blocks += e.blocks;
        }
        sumRead += read;
        console.log(
          `search ${s} in untouched council ${i + 2}`.padEnd(40) +
            `${String(read).padStart(5)} blocks read of ${blocks}`,
        );
      }
      console.log(`blocks read by the searches of untouched councils: ${sumRead}`);
    }
  } finally {
    await client.end().catch(() => undefined);
    if (app) await app.destroy();
    if (owner) await owner.destroy();
    await pgHandle.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

/* Shared by the benchmarks: percentiles and a throw-away database. */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { loadCaseCatalog, writeSeedCase, type CaseSeed, type CatalogSeed } from '../src/cases/case-seed';
import { SAMPLE_CATALOGUE } from '../src/council/setup/catalogues';
import { CreateCouncilDto } from '../src/council/setup/council-setup.dto';
import { CouncilSetupService } from '../src/council/setup/council-setup.service';
import { enterCouncil, runInCouncil } from '../src/database/council-context';
import { Department } from '../src/departments/department.entity';
import { insertUser } from '../src/users/user-factory';
import { loadConfig, type AppConfig } from '../src/config/config';
import { createApp } from '../src/create-app';
import { migrate } from '../src/database/migrate';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ENTITIES } from '../src/database/entities';
import { loadSampleDataIfEmpty } from '../src/seeds/sample-data';
import {
  freePort,
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../src/database/embedded-postgres';

/** A number from the environment (`BENCH_…`), or `fallback` when unset. */
export const envNumber = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

/** The HTTP load benches' users: how many, for how many seconds, and their average pause (ms). */
export const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 50);
export const DURATION = envNumber('BENCH_DURATION', 60);
export const THINK_MS = envNumber('BENCH_THINK_MS', 1000);

/** The deployment of `bench:councils` and councils-explain: councils, and cases in each. */
export const COUNCILS = envNumber('BENCH_COUNCILS', 100);
export const PER_COUNCIL = envNumber('BENCH_CASES_PER_COUNCIL', 1000);
/** The load bench's searches (most cases match) and one of the second sample (2% of a council's cases). */
export const COUNCIL_SEARCHES = ['屋上緑化', '見学', '申込', '緑化 見本園', '電子申請', '区民活動'];

/** Migrates the database at `url` and opens a DataSource on it as its owner. */
export async function migratedDataSource(url: string): Promise<DataSource> {
  await migrate(url, ENTITIES);
  return new DataSource(dataSourceOptions(url, ENTITIES)).initialize();
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface BenchDatabase {
  readonly url: string;
  /** A temporary working folder, removed by `close()`. */
  readonly work: string;
  close(): Promise<void>;
}

/**
 * BENCH_DATABASE_URL (an existing, empty database) or a fresh embedded PostgreSQL in a temporary
 * folder; `close()` stops it and removes the folder.
 */
export async function benchDatabase(name: string): Promise<BenchDatabase> {
  const work = mkdtempSync(join(tmpdir(), `shingikai-${name}-`));
  chmodSync(work, 0o755); // the embedded PostgreSQL runs as another user
  let embedded: EmbeddedPostgresHandle | null = null;
  let url = process.env.BENCH_DATABASE_URL?.trim() ?? '';
  try {
    if (!url) {
      embedded = await startEmbeddedPostgres({
        dataDir: join(work, 'db'),
        port: await freePort(),
        database: `shingikai_${name.replace(/-/g, '_')}`,
      });
      url = embedded.url;
    }
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  return {
    url,
    work,
    async close() {
      if (embedded) await embedded.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export interface BenchApp {
  app: NestExpressApplication;
  /** http://127.0.0.1:<port> */
  base: string;
  ds: DataSource;
  config: AppConfig;
}

/** The app in this process on the bench database (migrated, with the sample data), listening on loopback. */
export async function startSampleApp(db: BenchDatabase, env: Record<string, string>): Promise<BenchApp> {
  await migrate(db.url);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATA_DIR: join(db.work, 'data'),
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-signing',
    SAMPLE_DATA: 'false',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createApp(config, db.url);
  try {
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const ds = app.get<DataSource>(getDataSourceToken());
    await loadSampleDataIfEmpty(ds, config.seedsDir);
    return { app, base, ds, config };
  } catch (e) {
    await app.close();
    throw e;
  }
}

export const BENCH_PASSWORD = 'Bench-password-2026';

async function columnsOf(m: EntityManager, table: string): Promise<string[]> {
  const rows: { column_name: string }[] = await m.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

/**
 * `count` copies of case `templateId` (and of its parts and search index) in a few INSERT … SELECT,
 * in the template's council; half drafts, half submitted; updated `minutesApart` minutes apart.
 */
export async function copyCase(
  m: EntityManager,
  templateId: string,
  count: number,
  minutesApart = 1,
): Promise<void> {
  if (count <= 0) return;
  const cols = (await columnsOf(m, 'case_file')).filter(
    (c) => !['id', 'title', 'status', 'created_at', 'updated_at'].includes(c),
  );
  const ids = (
    (await m.query(
      `INSERT INTO case_file (id, title, status, created_at, updated_at, ${cols.join(', ')})
       SELECT gen_random_uuid(), t.title || ' 第' || g || '号', CASE WHEN g % 2 = 0 THEN 'submitted' ELSE 'draft' END,
              now() - (g * $3 || ' minutes')::interval, now() - (g * $3 || ' minutes')::interval, ${cols.map((c) => `t.${c}`).join(', ')}
         FROM case_file t, generate_series(1, $2::int) g WHERE t.id = $1
       RETURNING id`,
      [templateId, count, minutesApart],
    )) as { id: string }[]
  ).map((r) => r.id);
  for (const table of [
    'case_legal_basis',
    'case_section',
    'case_item_column',
    'case_item_row',
    'case_search',
  ]) {
    const tcols = (await columnsOf(m, table)).filter((c) => c !== 'case_id');
    if (tcols.length === 0) continue;
    const hasId = tcols.includes('id');
    const rest = tcols.filter((c) => c !== 'id');
    await m.query(
      `INSERT INTO ${table} (case_id, ${hasId ? 'id, ' : ''}${rest.join(', ')})
       SELECT n.id, ${hasId ? 'gen_random_uuid(), ' : ''}${rest.map((x) => `p.${x}`).join(', ')}
         FROM unnest($2::uuid[]) n(id) JOIN ${table} p ON p.case_id = $1`,
      [templateId, ids],
    );
  }
}

export interface BenchCouncil {
  councilId: number;
  clerk: string;
  secretariat: string;
}

/**
 * Council number `n` through the setup service (the same rows as `council:create --additional`),
 * then in it: a department, a clerk and a secretariat user, and `cases` cases: copies of the first
 * sample case (as the load bench), every `rareEvery`-th one a copy of the second (a search that
 * matches few cases of a council).
 */
export async function createBenchCouncil(
  ds: DataSource,
  n: number,
  cases: number,
  rareEvery = 50,
): Promise<BenchCouncil> {
  const seedsDir = resolve('seeds');
  const setup = new CouncilSetupService(ds, new AuditService(ds), { seedsDir });
  const created = await setup.create(
    Object.assign(new CreateCouncilDto(), {
      municipality: `負荷試験市${n}`,
      councilName: `負荷試験市${n}個人情報保護審議会`,
      implementingBody: `負荷試験市${n}長`,
      secretariat: '総務課',
      // The owner's connection sees every council's departments: a code of its own per council.
      secretariatCode: `secretariat-${n}`,
      slug: `bench-${n}`,
      catalogue: SAMPLE_CATALOGUE,
      adminUsername: `bench-admin-${n}`,
      adminPassword: BENCH_PASSWORD,
    }),
    { via: 'cli', additional: true },
  );
  const councilId = created.councilId;
  const clerk = `bench-clerk-${n}`;
  const secretariat = `bench-secretariat-${n}`;
  await runInCouncil(councilId, () =>
    ds.transaction(async (m) => {
      await enterCouncil(m, councilId);
      const extra = JSON.parse(readFileSync(join(seedsDir, 'case-catalog.json'), 'utf8')) as CatalogSeed;
      await loadCaseCatalog(m, extra);
      const dept = await m.save(
        m.create(Department, { code: 'bench', name: '負荷試験課', division: '総務部', isSecretariat: false }),
      );
      const user = await insertUser(m, {
        username: clerk,
        displayName: '負荷 試験',
        role: 'clerk',
        departmentId: dept.id,
        password: BENCH_PASSWORD,
        mustChangePassword: false,
      });
      await insertUser(m, {
        username: secretariat,
        displayName: '負荷 事務局',
        role: 'secretariat',
        departmentId: null,
        password: BENCH_PASSWORD,
        mustChangePassword: false,
      });
      const samples = (
        JSON.parse(readFileSync(join(seedsDir, 'cases.json'), 'utf8')) as { cases: CaseSeed[] }
      ).cases;
      const common = await writeSeedCase(m, samples[0], dept, user);
      const rare = await writeSeedCase(m, samples[1], dept, user);
      const rareCopies = Math.max(0, Math.floor(cases / rareEvery) - 1);
      await copyCase(m, common.id, cases - 2 - rareCopies);
      await copyCase(m, rare.id, rareCopies, rareEvery);
    }),
  );
  return { councilId, clerk, secretariat };
}

export interface AppProcess {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The built app (`dist/src/main.js`) in a child process on `url`, listening on loopback; resolves when
 * healthy. `nodeArgs` go to node (e.g. to profile), `env` over the bench settings.
 */
export async function spawnApp(
  url: string,
  work: string,
  opts: { nodeArgs?: string[]; env?: Record<string, string> } = {},
): Promise<AppProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), join(__dirname, '..', 'src', 'main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: url,
      DATA_DIR: join(work, 'data'),
      JWT_SECRET: 'load-test-secret-that-is-long-enough-for-hs256',
      SAMPLE_DATA: 'false',
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
      PORT: String(port),
      API_RATE_LIMIT: '10000000',
      LOGIN_RATE_LIMIT: '100000',
      BACKUP_SCHEDULE: 'off',
      BIN_PURGE_SCHEDULE: 'off',
      DEADLINE_SCAN_MINUTES: '0',
      MINUTES_SCAN_MINUTES: '0',
      RENDERER_START: 'lazy',
      ...opts.env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = async () => {
    if (proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { base, pid: proc.pid!, stop };
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error('the app did not start');
}

/** A bearer token for a bench user. */
export async function benchLogin(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/* Shared by the benchmarks: percentiles and a throw-away database. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../src/config/config';
import { createApp } from '../src/create-app';
import { migrate } from '../src/database/migrate';
import { loadSampleDataIfEmpty } from '../src/seeds/sample-data';
import {
  freePort,
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../src/database/embedded-postgres';

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

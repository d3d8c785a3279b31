import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { createApp } from '../../src/create-app';
import { setCouncilOutsideScopes } from '../../src/database/council-context';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ENTITIES } from '../../src/database/entities';
import { DocumentsModule } from '../../src/documents/documents.module';
import { PDF_RENDERER, type PdfRenderer } from '../../src/documents/renderer/pdf-renderer';
import { contractHooks } from './api-contract';
import { createTestDatabase, testTempDir, type DatabaseContents } from './test-db';

export interface TestApp {
  app: NestExpressApplication;
  http: App;
  /**
   * The owner's connection, for fixtures and checks: it sees every council's rows (the owner is
   * exempt from row-level security) and fills `council_id` with council 1. The application itself
   * runs as the application role: `appDs`.
   */
  ds: DataSource;
  /** The application's data source (the application role, row-level security applies). */
  appDs: DataSource;
  config: AppConfig;
  /** Base URL when started with `listen: true` (browser tests). */
  baseUrl: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/** Shared by all test apps: provisioned fonts and the unpacked Chromium. */
export const TEST_CACHE_DIR = join(tmpdir(), 'shingikai-test-cache');

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/**
 * The council of the tests' fixtures and of the services they call directly (outside any request):
 * the first council, which the setup creates and the tests that insert the municipality row name.
 */
export const TEST_COUNCIL_ID = 1;
setCouncilOutsideScopes(TEST_COUNCIL_ID);

/**
 * The owner's URL for the tests' own connections: row-level security does not apply to the owner,
 * and its rows get `council_id` TEST_COUNCIL_ID from the column default.
 */
export function fixtureDatabaseUrl(url: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c app.council_id=${TEST_COUNCIL_ID}`);
  return u.toString();
}

/**
 * The real application on a fresh database cloned from the migrated template, or on the database
 * of another test app (`databaseUrl`: a second instance; closing it leaves the database).
 */
export async function startTestApp(
  opts: {
    env?: Record<string, string>;
    listen?: boolean;
    databaseUrl?: string;
    /** What the fresh database holds when the app starts (default: the migrated schema alone). */
    contents?: DatabaseContents;
  } = {},
): Promise<TestApp> {
  const db = opts.databaseUrl
    ? { url: opts.databaseUrl, drop: async () => undefined }
    : await createTestDatabase(opts.contents);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATA_DIR: testTempDir('shingikai-app-'),
    JWT_SECRET: TEST_JWT_SECRET,
    SAMPLE_DATA: 'false',
    LOG_LEVEL: 'silent',
    // Most test apps never print: the first render launches the browser. Fonts and the unpacked
    // Chromium are shared by every test app (and kept between runs).
    RENDERER_START: 'lazy',
    CACHE_DIR: TEST_CACHE_DIR,
    ...opts.env,
  });
  // Every answer under /api is checked against the app's OpenAPI document (api-contract.ts).
  const app = await createApp(config, db.url, contractHooks());
  let baseUrl = '';
  if (opts.listen) {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;
  } else {
    await app.init();
  }
  const appDs = app.get<DataSource>(getDataSourceToken());
  const ds = await new DataSource(dataSourceOptions(fixtureDatabaseUrl(db.url), ENTITIES)).initialize();
  return {
    app,
    http: app.getHttpServer(),
    ds,
    appDs,
    config,
    baseUrl,
    databaseUrl: db.url,
    close: async () => {
      await app.close();
      await ds.destroy();
      await db.drop();
    },
  };
}

/**
 * A suite's test app (`startTestApp(opts)`), started before its tests and closed after them. What it
 * returns stands for that app: its properties read the started app's.
 */
export function testAppSuite(opts: Parameters<typeof startTestApp>[0] = {}): TestApp {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp(opts);
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as TestApp, {
    get: (_, key: keyof TestApp) => {
      if (!started) throw new Error('the suite app is used before its beforeAll ran');
      return started[key];
    },
  });
}

/**
 * The PDF renderer the papers print through. Looked up in DocumentsModule only: the Word papers
 * module binds the same token to its HTML→docx converter, so a plain `app.get` may answer that one.
 */
export function pdfRendererOf(app: INestApplicationContext): PdfRenderer {
  return app.select(DocumentsModule).get<PdfRenderer>(PDF_RENDERER, { strict: true });
}

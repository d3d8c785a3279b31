import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { createApp } from '../../src/create-app';
import { DocumentsModule } from '../../src/documents/documents.module';
import { PDF_RENDERER, type PdfRenderer } from '../../src/documents/renderer/pdf-renderer';
import { contractHooks } from './api-contract';
import { createTestDatabase, testTempDir } from './test-db';

export interface TestApp {
  app: NestExpressApplication;
  http: App;
  ds: DataSource;
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
 * The real application on a fresh database cloned from the migrated template, or on the database
 * of another test app (`databaseUrl`: a second instance; closing it leaves the database).
 */
export async function startTestApp(
  opts: { env?: Record<string, string>; listen?: boolean; databaseUrl?: string } = {},
): Promise<TestApp> {
  const db = opts.databaseUrl
    ? { url: opts.databaseUrl, drop: async () => undefined }
    : await createTestDatabase();
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
  const ds = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    http: app.getHttpServer(),
    ds,
    config,
    baseUrl,
    databaseUrl: db.url,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/**
 * The PDF renderer the papers print through. Looked up in DocumentsModule only: the Word papers
 * module binds the same token to its HTML→docx converter, so a plain `app.get` may answer that one.
 */
export function pdfRendererOf(app: INestApplicationContext): PdfRenderer {
  return app.select(DocumentsModule).get<PdfRenderer>(PDF_RENDERER, { strict: true });
}

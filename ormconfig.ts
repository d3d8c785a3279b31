// TypeORM DataSource for the migration CLI (`npm run migration:generate -- src/database/migrations/Name`,
// `npm run migration:run`). It uses DATABASE_URL, or the embedded PostgreSQL that `npm start` runs
// (start the app once in another terminal first).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options';

function url(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const dataDir = resolve(process.env.DATA_DIR ?? './data');
  const password = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
  const port = process.env.EMBEDDED_PG_PORT ?? '5433';
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/shingikai`;
}

export default new DataSource(dataSourceOptions(url(), [join(__dirname, 'src/**/*.entity.js')]));

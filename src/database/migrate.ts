import { DataSource, type DataSourceOptions } from 'typeorm';
import { ensureAppRole } from './app-role';
import { dataSourceOptions } from './data-source-options';

/** Key of the PostgreSQL advisory lock that serialises migrations (and seeding) across instances. */
export const MIGRATION_LOCK_KEY = 727_001;

/**
 * Runs pending migrations (then creates or updates the application role, src/database/app-role.ts) while holding a session-level advisory lock, so two instances
 * starting together never run the same migration twice. Returns the names applied.
 */
export async function migrate(
  url: string,
  entities: DataSourceOptions['entities'] = [],
  afterMigrations?: (ds: DataSource) => Promise<unknown>,
  /** APP_DATABASE_URL, when the operator gives the application role's URL (config.appDatabaseUrl). */
  appDatabaseUrl: string | null = null,
): Promise<string[]> {
  return underMigrationLock(dataSourceOptions(url, entities), async (ds) => {
    const applied = await ds.runMigrations({ transaction: 'each' });
    // The application role and its grants (new tables included), as the owner, under the same lock.
    await ensureAppRole(url, appDatabaseUrl);
    if (afterMigrations) await afterMigrations(ds);
    return applied.map((m) => m.name);
  });
}

/** Opens the database of `options` and runs `fn` holding the migration lock (session-level). */
export async function underMigrationLock<T>(
  options: DataSourceOptions,
  fn: (ds: DataSource) => Promise<T>,
): Promise<T> {
  const ds = new DataSource(options);
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await fn(ds);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
    await ds.destroy();
  }
}

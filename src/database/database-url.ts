import type { AppConfig } from '../config/config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';

export const EMBEDDED_DATABASE = 'shingikai';

/** DATABASE_URL when given; otherwise starts the embedded PostgreSQL under DATA_DIR. */
export async function resolveDatabase(
  config: AppConfig,
  log?: (line: string) => void,
): Promise<{ url: string; embedded: EmbeddedPostgresHandle | null }> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    database: EMBEDDED_DATABASE,
    log,
  });
  return { url: embedded.url, embedded };
}

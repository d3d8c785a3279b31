import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/config';
import { isPortFree, startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';

export const EMBEDDED_DATABASE = 'shingikai';

/**
 * DATABASE_URL when given; otherwise the embedded PostgreSQL under DATA_DIR. With
 * `reuseRunning` (command-line tools), a cluster already started by the running app is used as is.
 */
export async function resolveDatabase(
  config: AppConfig,
  opts: { log?: (line: string) => void; reuseRunning?: boolean } = {},
): Promise<{ url: string; embedded: EmbeddedPostgresHandle | null }> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const pidFile = join(config.dataDir, 'pg', 'postmaster.pid');
  const passwordFile = join(config.dataDir, 'pg-password');
  if (
    opts.reuseRunning &&
    existsSync(pidFile) &&
    existsSync(passwordFile) &&
    !(await isPortFree(config.embeddedPgPort))
  ) {
    const password = readFileSync(passwordFile, 'utf8').trim();
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${config.embeddedPgPort}/${EMBEDDED_DATABASE}`,
      embedded: null,
    };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    database: EMBEDDED_DATABASE,
    sharedBuffers: config.embeddedPgSharedBuffers,
    log: opts.log,
  });
  return { url: embedded.url, embedded };
}

import { readFileSync, rmSync } from 'node:fs';
import type { EmbeddedPostgresHandle } from '../../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<string, unknown>).__SHINGIKAI_PG__ as
    | EmbeddedPostgresHandle
    | undefined;
  if (handle) await handle.stop();
  const file = process.env.SHINGIKAI_TEST_CLUSTER;
  if (!file) return;
  const { dataDir } = JSON.parse(readFileSync(file, 'utf8')) as { dataDir: string };
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(file, { force: true });
}

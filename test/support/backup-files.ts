import { readFileSync, writeFileSync } from 'node:fs';
import { cp, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { runBackup, type BackupOptions } from '../../src/ops/backup';
import {
  formatSums,
  MANIFEST_FILE,
  sha256,
  SUMS_FILE,
  type BackupManifest,
} from '../../src/ops/backup-format';
import type { TestApp } from './test-app';
import { testTempDir } from './test-db';

/** The manifest of the backup in `dir`. */
export function readManifest(dir: string): BackupManifest {
  return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as BackupManifest;
}

/** A copy of a backup to tamper with, in a fresh temporary folder (`<tmp>/backup`). */
export async function copyBackup(backupPath: string, prefix: string): Promise<string> {
  const dir = join(testTempDir(prefix), 'backup');
  await cp(backupPath, dir, { recursive: true });
  return dir;
}

/** Writes `manifest` into the backup in `dir` and recomputes every file checksum, as a forger would. */
export async function resealBackup(dir: string, manifest: BackupManifest): Promise<void> {
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && e.name !== SUMS_FILE)
    .map((e) => relative(dir, join(e.parentPath, e.name)));
  writeFileSync(
    join(dir, SUMS_FILE),
    formatSums(files.map((p) => ({ path: p, sha256: sha256(readFileSync(join(dir, p))) }))),
  );
}

/**
 * A backup of the test app's database and attachments into its backup folder, as `npm run backup`
 * makes one (`changes` override the options, e.g. `council`); its folder. Fails when it was skipped.
 */
export async function backUpApp(t: TestApp, changes: Partial<BackupOptions> = {}): Promise<string> {
  const outcome = await runBackup({
    databaseUrl: t.databaseUrl,
    backupDir: t.config.backup.dir,
    attachmentsDir: join(t.config.dataDir, 'attachments'),
    keep: 7,
    trigger: 'command',
    ...changes,
  });
  if (outcome.status !== 'ok') throw new Error(`backup skipped: ${outcome.reason}`);
  return outcome.path;
}

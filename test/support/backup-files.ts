import { readFileSync, writeFileSync } from 'node:fs';
import { cp, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  formatSums,
  MANIFEST_FILE,
  sha256,
  SUMS_FILE,
  type BackupManifest,
} from '../../src/ops/backup-format';
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

import { createHash, randomUUID } from 'node:crypto';
import { lstat, mkdir, realpath, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';

/**
 * The only form of storage key the application writes: `<uuid v4>.<extension>` (see
 * AttachmentsService.upload). Anything else in a row or a backup manifest was not written by us.
 */
const STORAGE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[a-z0-9]{1,10}$/;

export function isStorageKey(key: unknown): key is string {
  return typeof key === 'string' && STORAGE_KEY.test(key);
}

/** A key that is not ours, or that leads out of its folder (through `..`, an absolute path or a symlink). */
export class UnsafeStorageKeyError extends Error {
  constructor(
    readonly key: string,
    readonly reason: 'format' | 'outside',
  ) {
    super(`unsafe storage key ${JSON.stringify(key)} (${reason})`);
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * The file a storage key names under `root`, checked before it is read, written or deleted:
 * the key must have the form the app generates, and the resolved path (symlinks followed, the
 * root's own included) must stay under the root. Throws UnsafeStorageKeyError otherwise.
 */
export async function resolveStorageKey(root: string, key: string): Promise<string> {
  if (!isStorageKey(key)) throw new UnsafeStorageKeyError(String(key), 'format');
  const realRoot = await realpath(root).catch(() => resolve(root));
  const path = join(realRoot, key);
  if (!inside(realRoot, path)) throw new UnsafeStorageKeyError(key, 'outside');
  const link = await lstat(path).catch(() => null);
  if (link?.isSymbolicLink()) {
    // A dangling link is as unsafe as one pointing out: a write would create its target.
    const target = await realpath(path).catch(() => null);
    if (!target || !inside(realRoot, target)) throw new UnsafeStorageKeyError(key, 'outside');
  }
  return path;
}

/**
 * Writes new bytes (an upload) under `root` with a fresh key, readable by the app alone and never
 * over an existing file. The caller removes `path` again when the row that names it is not saved.
 */
export async function writeNewStoredFile(
  root: string,
  bytes: Buffer,
  extension: string,
): Promise<{ storageKey: string; path: string; sha256: string }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const storageKey = `${randomUUID()}.${extension}`;
  await mkdir(root, { recursive: true });
  const path = await resolveStorageKey(root, storageKey);
  await writeFile(path, bytes, { mode: 0o600, flag: 'wx' });
  return { storageKey, path, sha256 };
}

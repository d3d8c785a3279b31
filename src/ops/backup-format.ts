import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Layout of one backup folder (`<BACKUP_DIR>/shingikai-<UTC time>/`):
 *
 *   manifest.json            what the backup holds (see BackupManifest)
 *   data/<table>.copy.gz     each table as PostgreSQL COPY text, gzip-compressed
 *   attachments/...          stored attachment files (DATA_DIR/attachments), when present
 *   SHA256SUMS               SHA-256 of every file above (`sha256sum -c SHA256SUMS` checks it)
 *
 * It is a logical backup written by the application, not a pg_dump archive: no pg_dump of the
 * server's major version (18) can be installed from the npm registry or Debian 12 (see README).
 */
export const BACKUP_FORMAT = 'shingikai-logical-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const SUMS_FILE = 'SHA256SUMS';
export const BACKUP_NAME_PATTERN = /^shingikai-\d{8}T\d{6}Z(-\d+)?$/;

export interface BackupTableEntry {
  name: string;
  columns: string[];
  primaryKey: string[];
  rows: number;
  /** File under the backup folder. */
  file: string;
  /** SHA-256 of the uncompressed COPY data. */
  dataSha256: string;
  /** SHA-256 of the rows' text in key order (see tableDigest); checked again after a restore. */
  contentSha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  name: string;
  createdAt: string;
  database: string;
  postgresVersion: string;
  /** Applied migrations, in the order they ran. */
  migrations: string[];
  tables: BackupTableEntry[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
  attachments: { files: { path: string; bytes: number; sha256: string }[] } | null;
  /** Tables and schemas deliberately left out, with the reason. */
  excluded: { name: string; reason: string }[];
  /**
   * The audit chain's last row in the snapshot (null: empty log). Kept outside the database, it
   * lets `audit:verify --anchor-file` detect deleted newest rows. Absent in older backups.
   */
  auditHead?: { id: string; hash: string } | null;
  /**
   * Absent: the whole deployment. `council`: only that council's rows (every council-owned table
   * filtered by its council, its `municipality` row) and its own attachment files.
   */
  scope?: { council: { id: number; slug: string; name: string } };
}

/** Name of a council-scoped backup folder; not matched by BACKUP_NAME_PATTERN, so never pruned. */
export function councilBackupName(at: Date, slug: string): string {
  return `${backupName(at)}-council-${slug}`;
}

export function backupName(at: Date): string {
  return `shingikai-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')}`;
}

/** Passes bytes through while hashing them and counting newline bytes (COPY text rows). */
export class HashingCounter extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;
  newlines = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.newlines++;
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `sha256sum` format: "<hex>  <path>". */
export function formatSums(entries: { path: string; sha256: string }[]): string {
  return entries.map((e) => `${e.sha256}  ${e.path}\n`).join('');
}

export function parseSums(text: string): { path: string; sha256: string }[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
      if (!m) throw new Error(`SHA256SUMS の形式が正しくありません: ${line.slice(0, 80)}`);
      return { sha256: m[1], path: m[2] };
    });
}

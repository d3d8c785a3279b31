import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import { auditChainHead } from '../audit/audit.service';
import { connectClient } from '../database/pg-client';
import { to as copyTo } from 'pg-copy-streams';
import { isStorageKey, resolveStorageKey } from '../common/storage/storage-key';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BACKUP_NAME_PATTERN,
  backupName,
  councilBackupName,
  formatSums,
  HashingCounter,
  MANIFEST_FILE,
  sha256,
  sha256File,
  SUMS_FILE,
  type BackupManifest,
  type BackupTableEntry,
} from './backup-format';
import type { BackupTrigger } from './backup-run.entity';
import { AppError } from '../common/errors/app-error';
import { OpsErrors } from './ops.errors';
import { COUNCIL_KEYED_BY_ID_TABLES, COUNCIL_TABLES } from '../database/council-tables';
import {
  councilRowFilter,
  listSequences,
  listTables,
  MIGRATIONS_TABLE,
  quoteIdent,
  STABLE_SESSION_SQL,
  stableOrder,
  tableDigest,
  type TableInfo,
} from './schema-catalog';

export interface BackupCouncil {
  id: number;
  slug: string;
  name: string;
}

/** The council a `--council` value names: its number or its slug. */
export async function findCouncil(client: pg.ClientBase, value: string): Promise<BackupCouncil | null> {
  const { rows } = await client.query<BackupCouncil>(
    `SELECT id::int AS id, slug, council_name AS name FROM municipality
      WHERE slug = $1 OR ($1 ~ '^[0-9]{1,5}$' AND id = $1::int)`,
    [value.trim()],
  );
  return rows[0] ?? null;
}

/** Storage keys of the attachment files a council's rows refer to (every `storage_key` column). */
async function councilStorageKeys(
  client: pg.ClientBase,
  tables: TableInfo[],
  councilId: number,
): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const table of tables) {
    if (!table.columns.includes('storage_key')) continue;
    const where = councilRowFilter(table.name, councilId, COUNCIL_TABLES, COUNCIL_KEYED_BY_ID_TABLES);
    if (!where) continue;
    const { rows } = await client.query<{ key: string }>(
      `SELECT DISTINCT storage_key AS key FROM ${quoteIdent(table.name)} WHERE ${where} AND storage_key IS NOT NULL`,
    );
    for (const r of rows) keys.add(r.key);
  }
  return keys;
}

/** Held for the whole run: one backup at a time across every instance and command. */
export const BACKUP_LOCK_KEY = 727_003;

export interface BackupOptions {
  databaseUrl: string;
  backupDir: string;
  /** Folder of stored attachment files (DATA_DIR/attachments); copied when it exists. */
  attachmentsDir: string | null;
  /** Successful backups kept; older folders are deleted. */
  keep: number;
  trigger: BackupTrigger;
  /** Scheduled time of a nightly run: only one instance runs each slot. */
  slot?: Date;
  /** One council only (its number or slug): its rows and attachment files, never pruned. */
  council?: string;
  now?: () => Date;
}

export type BackupOutcome =
  | {
      status: 'ok';
      runId: string;
      name: string;
      path: string;
      sizeBytes: number;
      tables: number;
      rows: number;
      checksum: string;
      pruned: string[];
    }
  | { status: 'skipped'; reason: string };

async function dirSize(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** Files below a folder, as forward-slash relative paths, sorted. */
async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * Writes one consistent backup: every table is read inside a single REPEATABLE READ, READ ONLY
 * transaction (one snapshot), streamed with COPY and gzip to files, described by a manifest with
 * row counts and checksums, and sealed with SHA256SUMS. The run is recorded in `backup_run`.
 * Returns `skipped` when another backup is running or this schedule slot was already taken.
 */
export async function runBackup(opts: BackupOptions): Promise<BackupOutcome> {
  const now = opts.now ?? (() => new Date());
  const control = await connectClient(opts.databaseUrl, 'shingikai-backup');
  try {
    const [{ locked }] = (
      await control.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [BACKUP_LOCK_KEY])
    ).rows;
    if (!locked) return { status: 'skipped', reason: '別のバックアップが実行中です。' };
    try {
      return await backupLocked(control, opts, now);
    } finally {
      await control.query('SELECT pg_advisory_unlock($1)', [BACKUP_LOCK_KEY]);
    }
  } finally {
    await control.end();
  }
}

async function backupLocked(
  control: pg.Client,
  opts: BackupOptions,
  now: () => Date,
): Promise<BackupOutcome> {
  // Holding the lock proves no backup runs anywhere: rows still "running" were interrupted.
  await control.query(
    `UPDATE backup_run SET status = 'failed', finished_at = now(),
            error = '実行中に中断されました（プロセスの停止など）。'
      WHERE status = 'running'`,
  );
  await mkdir(opts.backupDir, { recursive: true });
  for (const entry of await readdir(opts.backupDir)) {
    if (entry.startsWith('.partial-'))
      await rm(join(opts.backupDir, entry), { recursive: true, force: true });
  }

  const startedAt = now();
  let name = backupName(startedAt);
  for (let n = 2; existsSync(join(opts.backupDir, name)); n++) name = `${backupName(startedAt)}-${n}`;
  let partial = join(opts.backupDir, `.partial-${name}`);
  let final = join(opts.backupDir, name);

  const snapshot = await connectClient(opts.databaseUrl, 'shingikai-backup-snapshot');
  let runId: string | null = null;
  try {
    await snapshot.query(STABLE_SESSION_SQL);
    await snapshot.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    // The first query fixes the snapshot; everything below reads the database as of this moment.
    const [{ version, database }] = (
      await snapshot.query<{ version: string; database: string }>(
        `SELECT current_setting('server_version') AS version, current_database() AS database`,
      )
    ).rows;

    let council: BackupCouncil | null = null;
    if (opts.council !== undefined) {
      council = await findCouncil(snapshot, opts.council);
      if (!council) throw OpsErrors.councilNotFound(opts.council);
      await rm(partial, { recursive: true, force: true });
      name = councilBackupName(startedAt, council.slug);
      for (let n = 2; existsSync(join(opts.backupDir, name)); n++)
        name = `${councilBackupName(startedAt, council.slug)}-${n}`;
      partial = join(opts.backupDir, `.partial-${name}`);
      final = join(opts.backupDir, name);
    }

    // Recorded after the snapshot, so the backup does not contain its own unfinished run.
    try {
      const inserted = await control.query<{ id: string }>(
        `INSERT INTO backup_run (trigger, slot, status, started_at, host, name)
         VALUES ($1, $2, 'running', $3, $4, $5) RETURNING id`,
        [opts.trigger, opts.slot ?? null, startedAt, hostname(), name],
      );
      runId = inserted.rows[0].id;
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        return { status: 'skipped', reason: 'この時刻のバックアップは別のインスタンスが実行済みです。' };
      throw e;
    }

    await mkdir(join(partial, 'data'), { recursive: true });
    const migrations = (
      await snapshot.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)
    ).rows.map((r) => r.name);
    const tables: BackupTableEntry[] = [];
    const allTables = (await listTables(snapshot)).filter((t) => t.name !== MIGRATIONS_TABLE);
    const councilOf = (table: string) =>
      council ? councilRowFilter(table, council.id, COUNCIL_TABLES, COUNCIL_KEYED_BY_ID_TABLES) : '';
    for (const table of allTables) {
      const where = councilOf(table.name);
      if (where === null) continue; // a deployment-wide table: not part of one council's backup
      const file = `data/${table.name}.copy.gz`;
      const counter = new HashingCounter();
      const columns = table.columns.map(quoteIdent).join(', ');
      const order = stableOrder(table);
      const source = snapshot.query(
        copyTo(
          `COPY (SELECT ${columns} FROM ${quoteIdent(table.name)}${where ? ` WHERE ${where}` : ''}${order ? ` ORDER BY ${order}` : ''}) TO STDOUT`,
        ),
      );
      await pipeline(source, counter, createGzip({ level: 6 }), createWriteStream(join(partial, file)));
      const digest = await tableDigest(snapshot, table, table.columns, where);
      if (digest.rows !== counter.newlines)
        throw new Error(`表 ${table.name} の行数が一致しません（${digest.rows} / ${counter.newlines}）`);
      tables.push({
        name: table.name,
        columns: table.columns,
        primaryKey: table.primaryKey,
        rows: counter.newlines,
        file,
        dataSha256: counter.digest(),
        contentSha256: digest.sha256,
      });
    }
    const sequences = [];
    for (const seq of await listSequences(snapshot)) {
      const { rows } = await snapshot.query<{ lastValue: string; isCalled: boolean }>(
        `SELECT last_value::text AS "lastValue", is_called AS "isCalled" FROM ${quoteIdent(seq.name)}`,
      );
      sequences.push({ name: seq.name, ...rows[0] });
    }
    // The audit chain's head is the deployment's; a council's backup leaves it out.
    const auditHead = council
      ? undefined
      : await auditChainHead({
          query: async (sql) => (await snapshot.query<{ id: string; hash: string }>(sql)).rows,
        });
    const councilKeys = council ? await councilStorageKeys(snapshot, allTables, council.id) : null;
    await snapshot.query('COMMIT');

    const attachments = opts.attachmentsDir && existsSync(opts.attachmentsDir) ? opts.attachmentsDir : null;
    const attachmentFiles: { path: string; bytes: number; sha256: string }[] = [];
    if (attachments) {
      // Only stored files (flat storage keys): a restore refuses any other name.
      const stored = (await listFiles(attachments)).filter(isStorageKey);
      for (const path of councilKeys ? stored.filter((p) => councilKeys.has(p)) : stored) {
        const target = join(partial, 'attachments', path);
        await mkdir(dirname(target), { recursive: true });
        const counter = new HashingCounter();
        const source = await resolveStorageKey(attachments, path);
        await pipeline(createReadStream(source), counter, createWriteStream(target));
        attachmentFiles.push({ path, bytes: counter.bytes, sha256: counter.digest() });
      }
    }

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      name,
      createdAt: startedAt.toISOString(),
      database,
      postgresVersion: version,
      migrations,
      tables,
      sequences,
      attachments: attachments ? { files: attachmentFiles } : null,
      excluded: [
        ...(council
          ? allTables
              .filter((t) => councilOf(t.name) === null)
              .map((t) => ({
                name: t.name,
                reason: '審議会ごとのバックアップには含めない、環境全体の表です',
              }))
          : []),
        {
          name: MIGRATIONS_TABLE,
          reason: 'マイグレーションの実行で再作成されます（一覧は migrations に記録）',
        },
        { name: 'public 以外のスキーマ', reason: 'ジョブキューなど再生成できる作業用データです' },
      ],
      auditHead,
      ...(council ? { scope: { council } } : {}),
    };
    await writeFile(join(partial, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    const sums = [];
    for (const path of await listFiles(partial))
      sums.push({ path, sha256: await sha256File(join(partial, path)) });
    const sumsText = formatSums(sums);
    await writeFile(join(partial, SUMS_FILE), sumsText);
    await rename(partial, final);

    const checksum = sha256(sumsText);
    const sizeBytes = await dirSize(final);
    const rows = tables.reduce((n, t) => n + t.rows, 0);
    await control.query(
      `UPDATE backup_run SET status = 'ok', finished_at = now(), size_bytes = $2, table_count = $3,
              row_count = $4, checksum = $5 WHERE id = $1`,
      [runId, sizeBytes, tables.length, rows, checksum],
    );
    // Council backups are taken by hand for a move or a repair: never counted or pruned.
    const pruned = council ? [] : await pruneBackups(control, opts.backupDir, opts.keep);
    return {
      status: 'ok',
      runId,
      name,
      path: final,
      sizeBytes,
      tables: tables.length,
      rows,
      checksum,
      pruned,
    };
  } catch (error) {
    await snapshot.query('ROLLBACK').catch(() => undefined);
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    if (runId !== null) {
      await control
        .query(`UPDATE backup_run SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`, [
          runId,
          message.slice(0, 2000),
        ])
        .catch(() => undefined);
    }
    if (error instanceof AppError && error.code === 'BACKUP_COUNCIL_NOT_FOUND') throw error;
    throw OpsErrors.backupFailed(message);
  } finally {
    await snapshot.end().catch(() => undefined);
  }
}

/** Keeps the newest `keep` backup folders and deletes the rest; returns the deleted names. */
export async function pruneBackups(control: pg.Client, backupDir: string, keep: number): Promise<string[]> {
  const complete: { name: string; createdAt: string }[] = [];
  for (const name of await readdir(backupDir)) {
    if (!BACKUP_NAME_PATTERN.test(name) || !existsSync(join(backupDir, name, SUMS_FILE))) continue;
    try {
      const manifest = JSON.parse(
        await readFile(join(backupDir, name, MANIFEST_FILE), 'utf8'),
      ) as BackupManifest;
      complete.push({ name, createdAt: manifest.createdAt });
    } catch {
      // Not ours or damaged: never deleted automatically.
    }
  }
  complete.sort((a, b) =>
    a.createdAt === b.createdAt ? a.name.localeCompare(b.name) : a.createdAt < b.createdAt ? 1 : -1,
  );
  const doomed = complete.slice(keep).map((b) => b.name);
  for (const name of doomed) {
    await rm(join(backupDir, name), { recursive: true, force: true });
    await control.query(`UPDATE backup_run SET pruned_at = now() WHERE name = $1 AND pruned_at IS NULL`, [
      name,
    ]);
  }
  return doomed;
}

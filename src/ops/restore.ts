import { createReadStream, existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { MigrationInterface } from 'typeorm';
import { isStorageKey, resolveStorageKey, UnsafeStorageKeyError } from '../common/storage/storage-key';
import { dataSourceOptions } from '../database/data-source-options';
import { migrate, underMigrationLock } from '../database/migrate';
import { connectClient } from '../database/pg-client';
import {
  BACKUP_FORMAT,
  HashingCounter,
  MANIFEST_FILE,
  parseSums,
  sha256File,
  SUMS_FILE,
  type BackupManifest,
} from './backup-format';
import { OpsErrors } from './ops.errors';
import {
  dependencyOrder,
  listForeignKeys,
  listTables,
  refuseSchemaMismatch,
  MIGRATIONS_TABLE,
  quoteIdent,
  STABLE_SESSION_SQL,
  tableDigest,
} from './schema-catalog';

export interface LoadedBackup {
  dir: string;
  manifest: BackupManifest;
}

type MigrationClass = new () => MigrationInterface;

/** Opens a backup given its folder, its manifest.json, or its name under `backupDir`. */
export async function openBackup(pathOrName: string, backupDir?: string): Promise<LoadedBackup> {
  const candidates = [resolve(pathOrName)];
  if (backupDir) candidates.push(resolve(backupDir, pathOrName));
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const dir = statSync(candidate).isDirectory() ? candidate : dirname(candidate);
    if (!statSync(candidate).isDirectory() && basename(candidate) !== MANIFEST_FILE) continue;
    const file = join(dir, MANIFEST_FILE);
    if (!existsSync(file)) continue;
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(await readFile(file, 'utf8')) as BackupManifest;
    } catch {
      throw OpsErrors.backupCorrupt([`${MANIFEST_FILE} を読み取れません`]);
    }
    if (manifest.format !== BACKUP_FORMAT || !Array.isArray(manifest.tables))
      throw OpsErrors.backupCorrupt([`${MANIFEST_FILE} はこのアプリのバックアップではありません`]);
    const unsafe = unsafeManifestPaths(manifest);
    if (unsafe.length) throw OpsErrors.unsafeBackupPaths(unsafe);
    return { dir, manifest };
  }
  throw OpsErrors.backupNotFound(pathOrName);
}

/** A relative path that stays inside its folder: no `..` segment, no absolute or Windows path. */
export function isContainedPath(path: unknown): path is string {
  if (typeof path !== 'string' || path === '' || path.includes('\0') || path.includes('\\')) return false;
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/**
 * Every path the manifest names, checked before anything is read or written: table files must stay
 * inside the backup folder, attachments must be storage keys the app generates (flat names under
 * the attachments folder). Returns one line per refused entry, naming it.
 */
export function unsafeManifestPaths(manifest: BackupManifest): string[] {
  const problems: string[] = [];
  for (const table of manifest.tables)
    if (!isContainedPath(table.file) || !table.file.startsWith('data/'))
      problems.push(`表 ${String(table.name)} のファイル ${JSON.stringify(table.file)}`);
  for (const file of manifest.attachments?.files ?? [])
    if (!isStorageKey(file.path)) problems.push(`添付ファイル ${JSON.stringify(file.path)}`);
  return problems;
}

/**
 * Checks the backup against its own checksums: SHA256SUMS over every file, then each table's
 * uncompressed COPY data (SHA-256 and row count) and each attachment against the manifest.
 * Returns the problems found (empty: intact).
 */
export async function verifyBackup(backup: LoadedBackup): Promise<string[]> {
  const problems: string[] = [];
  const { dir, manifest } = backup;
  const sumsPath = join(dir, SUMS_FILE);
  if (!existsSync(sumsPath)) return [`${SUMS_FILE} がありません（書き込みが完了していないバックアップです）`];
  let sums: { path: string; sha256: string }[];
  try {
    sums = parseSums(await readFile(sumsPath, 'utf8'));
  } catch (e) {
    return [(e as Error).message];
  }
  const outside = sums.filter((s) => !isContainedPath(s.path));
  if (outside.length)
    return outside.map(
      (s) => `${SUMS_FILE} の ${JSON.stringify(s.path)} はバックアップのフォルダの外を指しています`,
    );
  const unsafe = unsafeManifestPaths(manifest);
  if (unsafe.length)
    return unsafe.map(
      (p) => `${p} は使えないパスです（フォルダの外を指しているか、このアプリが作らない名前です）`,
    );
  const listed = new Set(sums.map((s) => s.path));
  for (const s of sums) {
    const file = join(dir, s.path);
    if (!existsSync(file)) problems.push(`${s.path} がありません`);
    else if ((await sha256File(file)) !== s.sha256) problems.push(`${s.path} のチェックサムが一致しません`);
  }
  const present = (await readdir(dir, { withFileTypes: true, recursive: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((p) => p !== SUMS_FILE);
  for (const p of present) if (!listed.has(p)) problems.push(`${p} は ${SUMS_FILE} に記載されていません`);
  if (!listed.has(MANIFEST_FILE)) problems.push(`${MANIFEST_FILE} が ${SUMS_FILE} に記載されていません`);
  if (problems.length) return problems;

  for (const table of manifest.tables) {
    const counter = new HashingCounter();
    try {
      await pipeline(
        createReadStream(join(dir, table.file)),
        createGunzip(),
        counter,
        async function* (source) {
          for await (const chunk of source) void chunk;
        },
      );
    } catch {
      problems.push(`${table.file} を展開できません`);
      continue;
    }
    if (counter.digest() !== table.dataSha256)
      problems.push(`表 ${table.name} のデータのチェックサムが一致しません`);
    if (counter.newlines !== table.rows)
      problems.push(`表 ${table.name} の行数が一致しません（記録 ${table.rows} / 実際 ${counter.newlines}）`);
  }
  for (const file of manifest.attachments?.files ?? []) {
    const path = join(dir, 'attachments', file.path);
    if (!existsSync(path)) problems.push(`添付ファイル ${file.path} がありません`);
    else if ((await sha256File(path)) !== file.sha256)
      problems.push(`添付ファイル ${file.path} のチェックサムが一致しません`);
  }
  return problems;
}

export function connect(url: string): Promise<pg.Client> {
  return connectClient(url, 'shingikai-restore');
}

/** Connects to the target, creating the database first when it does not exist. */
export async function connectOrCreate(url: string): Promise<{ client: pg.Client; created: boolean }> {
  try {
    return { client: await connect(url), created: false };
  } catch (e) {
    if ((e as { code?: string }).code !== '3D000') throw e;
  }
  await onServer(url, (admin, name) => admin.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return { client: await connect(url), created: true };
}

/** Runs `fn` connected to the server's `postgres` database, with the name of the database `url` names. */
async function onServer(
  url: string,
  fn: (admin: pg.Client, name: string) => Promise<unknown>,
): Promise<void> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  parsed.pathname = '/postgres';
  const admin = await connect(parsed.toString());
  try {
    await fn(admin, name);
  } finally {
    await admin.end();
  }
}

/**
 * Refuses tables in a reference cycle (they cannot be loaded in order) unless the target's user may
 * suspend the foreign-key checks, which only a superuser may.
 */
export async function refuseUnorderableTables(client: pg.ClientBase, cyclic: string[]): Promise<void> {
  if (!cyclic.length) return;
  const [{ superuser }] = (
    await client.query<{ superuser: boolean }>(
      'SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
    )
  ).rows;
  if (!superuser) throw OpsErrors.cyclicReferences(cyclic);
}

/** How a restored table's rows and content digest differ from the backup's, or null when they match. */
export function digestMismatch(
  table: string,
  actual: { rows: number; sha256: string },
  expected: { rows: number; contentSha256: string },
): string | null {
  if (actual.rows !== expected.rows)
    return `表 ${table}: 行数 ${actual.rows}（バックアップ ${expected.rows}）`;
  if (actual.sha256 !== expected.contentSha256) return `表 ${table}: 内容のハッシュが一致しません`;
  return null;
}

export interface TargetState {
  appliedMigrations: string[];
  nonEmptyTables: string[];
}

export async function inspectTarget(client: pg.ClientBase): Promise<TargetState> {
  const tables = await listTables(client);
  const appliedMigrations = tables.some((t) => t.name === MIGRATIONS_TABLE)
    ? (await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)).rows.map(
        (r) => r.name,
      )
    : [];
  const nonEmptyTables: string[] = [];
  for (const t of tables) {
    if (t.name === MIGRATIONS_TABLE) continue;
    const { rows } = await client.query<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${quoteIdent(t.name)}) AS any`,
    );
    if (rows[0].any) nonEmptyTables.push(t.name);
  }
  return { appliedMigrations, nonEmptyTables };
}

/** Runs exactly the given migrations (those the backup was taken with) under the migration lock. */
export function runMigrations(url: string, migrations: MigrationClass[]): Promise<string[]> {
  return underMigrationLock({ ...dataSourceOptions(url), migrations }, async (ds) =>
    (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name),
  );
}

/**
 * What every restore checks before it touches its target: no path of the manifest leaves its
 * folder, the files match their sums and, given the app's `migrations`, the backup names none the
 * app lacks. Returns where the attachments go (null without `attachmentsDir`).
 */
export async function checkBackupForRestore(
  backup: LoadedBackup,
  attachmentsDir: string | null = null,
  migrations?: MigrationClass[],
): Promise<Map<string, string> | null> {
  const unsafe = unsafeManifestPaths(backup.manifest);
  if (unsafe.length) throw OpsErrors.unsafeBackupPaths(unsafe);
  const targets = attachmentsDir ? await attachmentTargets(backup, attachmentsDir) : null;
  const problems = await verifyBackup(backup);
  if (problems.length) throw OpsErrors.backupCorrupt(problems);
  if (migrations) {
    const known = new Set(migrations.map((m) => new m().name ?? m.name));
    const unknown = backup.manifest.migrations.filter((m) => !known.has(m));
    if (unknown.length) throw OpsErrors.backupFromNewerVersion(unknown);
  }
  return targets;
}

/** Where each attachment goes; refuses the whole restore when any target would leave the folder. */
export async function attachmentTargets(
  backup: LoadedBackup,
  targetDir: string,
): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  const unsafe: string[] = [];
  for (const file of backup.manifest.attachments?.files ?? []) {
    try {
      targets.set(file.path, await resolveStorageKey(targetDir, file.path));
    } catch (e) {
      if (!(e instanceof UnsafeStorageKeyError)) throw e;
      unsafe.push(`添付ファイル ${JSON.stringify(file.path)}（保存先 ${targetDir}）`);
    }
  }
  if (unsafe.length) throw OpsErrors.unsafeBackupPaths(unsafe);
  return targets;
}

export async function attachmentConflicts(
  backup: LoadedBackup,
  targets: Map<string, string>,
): Promise<string[]> {
  const conflicts: string[] = [];
  for (const file of backup.manifest.attachments?.files ?? []) {
    const existing = targets.get(file.path)!;
    if (existsSync(existing) && (await sha256File(existing)) !== file.sha256) conflicts.push(file.path);
  }
  return conflicts;
}

export interface RestoreOptions {
  backup: LoadedBackup;
  targetUrl: string;
  /** Where attachment files go (DATA_DIR/attachments); null: leave them out. */
  attachmentsDir: string | null;
  /** The application's migrations, in order (MIGRATIONS). */
  migrations: MigrationClass[];
  log?: (line: string) => void;
}

export interface RestoreReport {
  createdDatabase: boolean;
  tables: { name: string; rows: number }[];
  rows: number;
  /** Migrations newer than the backup, applied after the data was loaded. */
  laterMigrations: string[];
  attachments: number;
}

/**
 * Restores a verified backup into an empty (or not yet existing) database: creates the schema
 * with the migrations the backup was taken with, loads every table in one transaction (parents
 * before children, user triggers such as the audit log's append-only guard off only while a
 * table loads), restores sequence positions, and compares each table's row count and content
 * digest with the manifest before committing. Migrations newer than the backup run afterwards.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreReport> {
  const log = opts.log ?? (() => undefined);
  const { manifest } = opts.backup;
  const targets = await checkBackupForRestore(opts.backup, opts.attachmentsDir, opts.migrations);

  return withRestoreTarget(opts.targetUrl, { create: true }, async (client, commit, created) => {
    const state = await inspectTarget(client);
    if (state.nonEmptyTables.length) throw OpsErrors.targetNotEmpty(state.nonEmptyTables);
    const extra = state.appliedMigrations.filter((m) => !manifest.migrations.includes(m));
    if (extra.length) throw OpsErrors.targetSchemaNewer(extra);
    if (targets) {
      const conflicts = await attachmentConflicts(opts.backup, targets);
      if (conflicts.length) throw OpsErrors.attachmentConflict(conflicts);
    }

    log(`スキーマを作成しています（マイグレーション ${manifest.migrations.length} 件）…`);
    await runMigrations(
      opts.targetUrl,
      opts.migrations.filter((m) => manifest.migrations.includes(new m().name ?? m.name)),
    );

    const targetTables = await refuseSchemaMismatch(client, manifest.tables);

    const { ordered, cyclic } = dependencyOrder(
      manifest.tables.map((t) => t.name),
      await listForeignKeys(client),
    );
    await refuseUnorderableTables(client, cyclic);

    await client.query(STABLE_SESSION_SQL);
    await client.query('BEGIN');
    {
      // Tables in a reference cycle cannot be ordered: only then are foreign-key checks suspended.
      if (cyclic.length) await client.query(`SET LOCAL session_replication_role = replica`);
      const byName = new Map(manifest.tables.map((t) => [t.name, t]));
      // User triggers (audit_log refuses TRUNCATE) stay off until each table has loaded.
      for (const name of [...ordered, ...cyclic])
        await client.query(`ALTER TABLE ${quoteIdent(name)} DISABLE TRIGGER USER`);
      // Reference rows that migrations insert (e.g. council_setting) are replaced by the backup's.
      await client.query(`TRUNCATE ${manifest.tables.map((t) => quoteIdent(t.name)).join(', ')}`);
      const report: { name: string; rows: number }[] = [];
      for (const name of [...ordered, ...cyclic]) {
        const table = byName.get(name)!;
        const ident = quoteIdent(name);
        await client.query(`ALTER TABLE ${ident} DISABLE TRIGGER USER`);
        const sink = client.query(
          copyFrom(`COPY ${ident} (${table.columns.map(quoteIdent).join(', ')}) FROM STDIN`),
        );
        await pipeline(createReadStream(join(opts.backup.dir, table.file)), createGunzip(), sink);
        await client.query(`ALTER TABLE ${ident} ENABLE TRIGGER USER`);
        report.push({ name, rows: sink.rowCount });
        log(`  ${name}: ${sink.rowCount} 行`);
      }
      for (const seq of manifest.sequences) {
        await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [
          quoteIdent(seq.name),
          seq.lastValue,
          seq.isCalled,
        ]);
      }
      const failures: string[] = [];
      for (const t of manifest.tables) {
        const digest = await tableDigest(client, targetTables.get(t.name)!, t.columns);
        const problem = digestMismatch(t.name, digest, t);
        if (problem) failures.push(problem);
      }
      if (failures.length) throw OpsErrors.verificationFailed(failures);
      await commit();
      log('データを読み込み、行数と内容のハッシュを確認しました。');

      const laterMigrations = await migrate(opts.targetUrl);
      const attachments = opts.attachmentsDir
        ? await copyMissingAttachments(opts.backup, manifest.attachments?.files ?? [], opts.attachmentsDir)
        : 0;
      return {
        createdDatabase: created,
        tables: report,
        rows: report.reduce((n, t) => n + t.rows, 0),
        laterMigrations,
        attachments,
      };
    }
  });
}

/**
 * Runs `fn` on a connection to the restore's target (created first when `create` and it does not
 * exist). `fn` commits its transaction with `commit`; on any error before that the transaction is
 * rolled back, and a database this run created and could not fill is dropped again, so a retry
 * starts clean.
 */
export async function withRestoreTarget<T>(
  url: string,
  opts: { create: boolean },
  fn: (client: pg.Client, commit: () => Promise<void>, created: boolean) => Promise<T>,
): Promise<T> {
  const { client, created } = opts.create
    ? await connectOrCreate(url)
    : { client: await connect(url), created: false };
  let committed = false;
  const commit = async () => {
    await client.query('COMMIT');
    committed = true;
  };
  try {
    return await fn(client, commit, created);
  } catch (e) {
    if (!committed) await client.query('ROLLBACK').catch(() => undefined);
    if (created && !committed) {
      await client.end().catch(() => undefined);
      await dropDatabase(url).catch(() => undefined);
    }
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Copies the backup's attachment files that the target folder lacks; returns how many it copied. */
export async function copyMissingAttachments(
  backup: LoadedBackup,
  files: { path: string }[],
  targetDir: string,
): Promise<number> {
  let copied = 0;
  for (const file of files) {
    // Checked again right before the write: a symlink planted since the first check is refused.
    const target = await resolveStorageKey(targetDir, file.path);
    if (existsSync(target)) continue;
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(backup.dir, 'attachments', file.path), target);
    copied++;
  }
  return copied;
}

/** Sequences only move forward: past every restored id, never back under the target's own. */
export async function advanceSequences(
  client: pg.ClientBase,
  sequences: { name: string; lastValue: string }[],
): Promise<void> {
  for (const seq of sequences) {
    const exists = await client.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [quoteIdent(seq.name)]);
    if (!exists.rows[0].ok) continue;
    const current = await client.query<{ last: string }>(
      `SELECT last_value::text AS last FROM ${quoteIdent(seq.name)}`,
    );
    if (BigInt(seq.lastValue) > BigInt(current.rows[0].last))
      await client.query('SELECT setval($1::regclass, $2::bigint, true)', [
        quoteIdent(seq.name),
        seq.lastValue,
      ]);
  }
}

export async function dropDatabase(url: string): Promise<void> {
  await onServer(url, (admin, name) =>
    admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  );
}

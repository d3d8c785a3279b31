import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type MigrationInterface } from 'typeorm';
import { COUNCIL_KEYED_BY_ID_TABLES, COUNCIL_TABLES } from '../database/council-tables';
import { migrate } from '../database/migrate';
import { OpsErrors } from './ops.errors';
import {
  advanceSequences,
  attachmentConflicts,
  checkBackupForRestore,
  digestMismatch,
  refuseUnorderableTables,
  copyMissingAttachments,
  connect,
  inspectTarget,
  runMigrations,
  withRestoreTarget,
  type LoadedBackup,
} from './restore';
import {
  refuseSchemaMismatch,
  councilRowFilter,
  dependencyOrder,
  listForeignKeys,
  MIGRATIONS_TABLE,
  quoteIdent,
  STABLE_SESSION_SQL,
  tableDigest,
  type TableInfo,
} from './schema-catalog';

type MigrationClass = new () => MigrationInterface;

export interface CouncilRestoreOptions {
  backup: LoadedBackup;
  targetUrl: string;
  /** Where attachment files go (DATA_DIR/attachments); null: leave them out. */
  attachmentsDir: string | null;
  migrations: MigrationClass[];
  /** `--council`: the council the operator means (number or slug); must be the backup's. */
  council?: string | null;
  /** Check everything (backup, schema, conflicts) and report, writing nothing. */
  dryRun?: boolean;
  log?: (line: string) => void;
}

export interface CouncilRestoreReport {
  council: { id: number; slug: string; name: string };
  dryRun: boolean;
  createdDatabase: boolean;
  /** The target had no schema: the backup's migrations were run first (or would be, in a dry run). */
  newDatabase: boolean;
  tables: { name: string; rows: number }[];
  rows: number;
  /** Conflicts found (a dry run reports them; a restore refuses with them). */
  conflicts: string[];
  laterMigrations: string[];
  attachments: number;
}

const TEMP_PREFIX = 'council_restore_';

/** The council a council-scoped backup holds; refuses a full backup or another council. */
export function backupCouncil(backup: LoadedBackup, wanted?: string | null) {
  const council = backup.manifest.scope?.council;
  if (!council) throw OpsErrors.councilRestoreNeedsCouncilBackup();
  if (wanted != null && wanted !== council.slug && wanted !== String(council.id))
    throw OpsErrors.councilScopeMismatch(wanted, `${council.id} ${council.slug}`);
  return council;
}

/**
 * Unique indexes (the primary key included) with their key expressions as SQL: column names, or
 * expressions such as `lower(username)` (login names are unique whatever their case).
 */
export async function uniqueKeys(
  client: pg.ClientBase,
  table: string,
): Promise<{ name: string; keys: string[] }[]> {
  const { rows } = await client.query<{ name: string; keys: string[] }>(
    `SELECT ic.relname AS name,
            array(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k) AS keys
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE n.nspname = 'public' AND c.relname = $1 AND i.indisunique
      ORDER BY ic.relname`,
    [table],
  );
  return rows;
}

/**
 * Restores one council's backup into an existing deployment, or into an empty (or not yet
 * existing) database. Every table file is first loaded into a temporary table; the council's
 * id and slug, every primary key and every other unique key (login names are unique per
 * deployment) are compared with the target, and any clash refuses the restore with nothing
 * written. The rows then go into the live tables in one transaction (parents first), sequences
 * move forward past the restored ids, and each table's row count and content digest for that
 * council are compared with the manifest before committing. Into a deployment with rows of its
 * own, tables numbered by a sequence and referenced by no other table take new ids (see below).
 */
export async function restoreCouncilBackup(opts: CouncilRestoreOptions): Promise<CouncilRestoreReport> {
  const log = opts.log ?? (() => undefined);
  const dryRun = opts.dryRun ?? false;
  const { manifest } = opts.backup;
  const council = backupCouncil(opts.backup, opts.council);
  const targets = await checkBackupForRestore(opts.backup, opts.attachmentsDir, opts.migrations);

  const planned = manifest.tables.map((t) => ({ name: t.name, rows: t.rows }));
  const base = {
    council,
    dryRun,
    rows: planned.reduce((n, t) => n + t.rows, 0),
    laterMigrations: [] as string[],
  };
  const attachmentClashes = targets ? await attachmentConflicts(opts.backup, targets) : [];
  const fileConflicts = attachmentClashes.map(
    (f) => `添付ファイル ${f}（内容の異なる同名のファイルがあります）`,
  );

  if (dryRun) {
    try {
      await (await connect(opts.targetUrl)).end();
    } catch (e) {
      if ((e as { code?: string }).code !== '3D000') throw e;
      // Nothing to compare with: the restore would create the database and load every row.
      return {
        ...base,
        tables: planned,
        createdDatabase: true,
        newDatabase: true,
        conflicts: fileConflicts,
        attachments: manifest.attachments?.files.length ?? 0,
      };
    }
  }

  return withRestoreTarget(opts.targetUrl, { create: !dryRun }, async (client, commit, created) => {
    const state = await inspectTarget(client);
    const newDatabase = state.appliedMigrations.length === 0 && state.nonEmptyTables.length === 0;
    if (newDatabase) {
      if (dryRun)
        return {
          ...base,
          tables: planned,
          createdDatabase: false,
          newDatabase,
          conflicts: fileConflicts,
          attachments: manifest.attachments?.files.length ?? 0,
        };
      log(`スキーマを作成しています（マイグレーション ${manifest.migrations.length} 件）…`);
      await runMigrations(
        opts.targetUrl,
        opts.migrations.filter((m) => manifest.migrations.includes(new m().name ?? m.name)),
      );
    } else {
      const extra = state.appliedMigrations.filter((m) => !manifest.migrations.includes(m));
      if (extra.length) throw OpsErrors.targetSchemaNewer(extra);
      const missing = manifest.migrations.filter((m) => !state.appliedMigrations.includes(m));
      if (missing.length)
        throw OpsErrors.targetSchemaMismatch(
          missing.map(
            (m) => `マイグレーション ${m} が復元先に適用されていません（先にアプリを更新してください）`,
          ),
        );
    }

    const targetTables = await refuseSchemaMismatch(client, manifest.tables, (name) =>
      councilRowFilter(name, council.id, COUNCIL_TABLES, COUNCIL_KEYED_BY_ID_TABLES) === null
        ? `表 ${name} は審議会ごとのデータではありません`
        : null,
    );

    const foreignKeys = await listForeignKeys(client);
    const { ordered, cyclic } = dependencyOrder(
      manifest.tables.map((t) => t.name),
      foreignKeys,
    );
    // Into a deployment with rows of its own, a table numbered by a sequence that no other table
    // refers to (the audit log, the portal's search lines and synonyms) takes new numbers from the
    // target's sequence, in the backup's order: its ids would collide with the target's otherwise.
    const renumbered = new Map<string, string>();
    if (!newDatabase)
      for (const t of manifest.tables) {
        if (
          t.primaryKey.length !== 1 ||
          foreignKeys.some((fk) => fk.parent === t.name && fk.child !== t.name)
        )
          continue;
        const { rows } = await client.query<{ seq: string | null }>(
          'SELECT pg_get_serial_sequence($1, $2) AS seq',
          [`public.${quoteIdent(t.name)}`, t.primaryKey[0]],
        );
        if (rows[0].seq) renumbered.set(t.name, t.primaryKey[0]);
      }
    await refuseUnorderableTables(client, cyclic);

    await client.query(STABLE_SESSION_SQL);
    await client.query('BEGIN');
    {
      if (newDatabase) {
        // Reference rows the migrations insert (the first council's settings) are not this council's.
        const seeded = [...targetTables.keys()].filter((n) => n !== MIGRATIONS_TABLE);
        for (const name of seeded) await client.query(`ALTER TABLE ${quoteIdent(name)} DISABLE TRIGGER USER`);
        await client.query(`TRUNCATE ${seeded.map(quoteIdent).join(', ')}`);
        for (const name of seeded) await client.query(`ALTER TABLE ${quoteIdent(name)} ENABLE TRIGGER USER`);
      }
      // Each file into a temporary copy of its table first: compared before anything is written.
      const staged = new Map<string, string>();
      for (const [i, t] of manifest.tables.entries()) {
        const temp = quoteIdent(`${TEMP_PREFIX}${i}`);
        const columns = t.columns.map(quoteIdent).join(', ');
        await client.query(
          `CREATE TEMP TABLE ${temp} ON COMMIT DROP AS SELECT ${columns} FROM ${quoteIdent(t.name)} WITH NO DATA`,
        );
        const sink = client.query(copyFrom(`COPY ${temp} (${columns}) FROM STDIN`));
        await pipeline(createReadStream(join(opts.backup.dir, t.file)), createGunzip(), sink);
        staged.set(t.name, temp);
      }

      const conflicts: string[] = [];
      const clash = await client.query<{ id: number; slug: string }>(
        `SELECT id::int AS id, slug FROM municipality WHERE id = $1 OR slug = $2`,
        [council.id, council.slug],
      );
      for (const row of clash.rows)
        conflicts.push(
          row.id === council.id
            ? `審議会の番号 ${council.id} は復元先にあります（slug ${row.slug}）`
            : `審議会の slug ${council.slug} は復元先にあります（番号 ${row.id}）`,
        );
      for (const t of manifest.tables) {
        if (t.name === 'municipality') continue;
        const temp = staged.get(t.name)!;
        for (const key of await uniqueKeys(client, t.name)) {
          if (key.keys.length === 1 && renumbered.get(t.name) === key.keys[0]) continue;
          // The key's expressions evaluated on each side (the staged table has the same columns).
          const row = `ROW(${key.keys.join(', ')})`;
          const { rows } = await client.query<{ n: number; sample: string[] | null }>(
            `SELECT count(*)::int AS n, (array_agg(r.k::text))[1:3] AS sample
               FROM (SELECT ${row} AS k FROM ${temp}) r
              WHERE r.k IN (SELECT ${row} FROM ${quoteIdent(t.name)})`,
          );
          if (rows[0].n > 0)
            conflicts.push(
              `表 ${t.name} の ${key.keys.join(', ')}（${key.name}）が ${rows[0].n} 行重複しています（例: ${(rows[0].sample ?? []).join(' ')}）`,
            );
        }
      }
      conflicts.push(...fileConflicts);

      if (dryRun || conflicts.length) {
        await client.query('ROLLBACK');
        if (!dryRun) throw OpsErrors.councilConflicts(conflicts);
        return {
          ...base,
          tables: planned,
          createdDatabase: false,
          newDatabase,
          conflicts,
          attachments: manifest.attachments?.files.length ?? 0,
        };
      }

      if (cyclic.length) await client.query(`SET LOCAL session_replication_role = replica`);
      const byName = new Map(manifest.tables.map((t) => [t.name, t]));
      const report: { name: string; rows: number }[] = [];
      for (const name of [...ordered, ...cyclic]) {
        const t = byName.get(name)!;
        const ident = quoteIdent(name);
        const idColumn = renumbered.get(name);
        const columns = t.columns
          .filter((c) => c !== idColumn)
          .map(quoteIdent)
          .join(', ');
        const order = idColumn ? ` ORDER BY ${quoteIdent(idColumn)}` : '';
        // User triggers (the audit chain, default slugs) would rewrite the backup's rows.
        await client.query(`ALTER TABLE ${ident} DISABLE TRIGGER USER`);
        const inserted = await client.query(
          `INSERT INTO ${ident} (${columns})${idColumn ? '' : ' OVERRIDING SYSTEM VALUE'} SELECT ${columns} FROM ${staged.get(name)!}${order}`,
        );
        await client.query(`ALTER TABLE ${ident} ENABLE TRIGGER USER`);
        report.push({ name, rows: inserted.rowCount ?? 0 });
        log(`  ${name}: ${inserted.rowCount ?? 0} 行`);
      }
      await advanceSequences(client, manifest.sequences);
      const failures: string[] = [];
      for (const t of manifest.tables) {
        const where = councilRowFilter(t.name, council.id, COUNCIL_TABLES, COUNCIL_KEYED_BY_ID_TABLES)!;
        const idColumn = renumbered.get(t.name);
        if (idColumn) {
          // New ids: the staged rows must be the backup's, and the stored rows the staged ones
          // apart from their ids, in the same order.
          const stagedTable: TableInfo = {
            name: staged.get(t.name)!.slice(1, -1),
            columns: t.columns,
            primaryKey: [idColumn],
          };
          const exact = await tableDigest(client, stagedTable, t.columns);
          if (exact.rows !== t.rows || exact.sha256 !== t.contentSha256)
            failures.push(`表 ${t.name}: 読み込んだ内容がバックアップと一致しません`);
          const rest = t.columns.filter((c) => c !== idColumn);
          const before = await tableDigest(client, stagedTable, rest);
          const after = await tableDigest(client, targetTables.get(t.name) as TableInfo, rest, where);
          const problem = digestMismatch(t.name, after, { rows: t.rows, contentSha256: before.sha256 });
          if (problem) failures.push(problem);
          continue;
        }
        const digest = await tableDigest(client, targetTables.get(t.name) as TableInfo, t.columns, where);
        const problem = digestMismatch(t.name, digest, t);
        if (problem) failures.push(problem);
      }
      if (failures.length) throw OpsErrors.verificationFailed(failures);
      await commit();
      log('データを読み込み、行数と内容のハッシュを確認しました。');

      const laterMigrations = newDatabase ? await migrate(opts.targetUrl) : [];
      const attachments = opts.attachmentsDir
        ? await copyMissingAttachments(opts.backup, manifest.attachments?.files ?? [], opts.attachmentsDir)
        : 0;
      return {
        ...base,
        tables: report,
        rows: report.reduce((n, t) => n + t.rows, 0),
        createdDatabase: created,
        newDatabase,
        conflicts: [],
        laterMigrations,
        attachments,
      };
    }
  });
}

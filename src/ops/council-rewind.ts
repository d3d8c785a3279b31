import { createReadStream, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { from as copyFrom } from 'pg-copy-streams';
import { appendAuditEntry, type AuditActor } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { COUNCIL_RESTORE_LOCK } from '../database/council-barrier';
import { COUNCIL_KEYED_BY_ID_TABLES, COUNCIL_TABLES } from '../database/council-tables';
import { sha256File, type BackupTableEntry } from './backup-format';
import type { CouncilRestoreReport } from './council-restore';
import { uniqueKeys } from './council-restore';
import { OpsErrors } from './ops.errors';
import { endRestore } from '../platform/council-state-machine';
import { enterRestoring, leaveRestoring } from './council-restoring';
import {
  advanceSequences,
  attachmentTargets,
  checkBackupForRestore,
  digestMismatch,
  refuseUnorderableTables,
  copyMissingAttachments,
  withRestoreTarget,
  type LoadedBackup,
} from './restore';
import {
  councilRowFilter,
  dependencyOrder,
  listForeignKeys,
  listTables,
  MIGRATIONS_TABLE,
  quoteIdent,
  STABLE_SESSION_SQL,
  tableDigest,
  type TableInfo,
} from './schema-catalog';

/**
 * Council-owned tables a rewind does not take from the backup:
 * - `audit_log`: the council's hash chain is kept as it is (it records what happened since the
 *   backup, the mistake included) and the restore is appended to it as one more entry.
 * - `user_session`: the council's current sessions are ended and none of the backup's come back
 *   (a session signed out since the backup must stay signed out); its people sign in again.
 */
export const REWIND_KEPT_TABLES: readonly string[] = ['audit_log'];
export const REWIND_CLEARED_TABLES: readonly string[] = ['user_session'];

const TEMP_PREFIX = 'council_rewind_';

export interface CouncilRewindOptions {
  /** A full (deployment) backup. */
  backup: LoadedBackup;
  /** The deployment whose council is put back (it must have exactly the backup's migrations). */
  targetUrl: string;
  /** Where attachment files go (DATA_DIR/attachments); null: leave them out. */
  attachmentsDir: string | null;
  /** The council to put back: its number or slug as the backup has it. */
  council: string;
  /** Check everything (backup, council, schema, conflicts) and report, writing nothing. */
  dryRun?: boolean;
  /** Who runs it, for the audit entry (default: the operating-system user). */
  operator?: string;
  log?: (line: string) => void;
}

export interface CouncilRewindReport extends CouncilRestoreReport {
  rewind: {
    backupName: string;
    backupCreatedAt: string;
    /** The council's rows deleted from the target (the state replaced), per table. */
    removed: { name: string; rows: number }[];
    removedRows: number;
  };
}

function operatorName(given?: string): string {
  if (given) return given;
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}

/**
 * Puts one council of a deployment back as it was in a full backup, leaving every other council
 * untouched. In one transaction on the target: each council-owned table of the backup (and the
 * `municipality` table) is staged in a temporary table and cut down to that council's rows; the
 * staged rows' unique keys are compared with the other councils' rows (a login name taken since
 * by another council refuses the restore, nothing written); the council's current rows are
 * deleted (children first) and the staged ones inserted with their ids (parents first); its
 * `municipality` row is set back; each table's rows of that council are compared (count and
 * row-by-row SHA-256) with the staged ones; the restore is appended to the council's audit chain;
 * then it commits. Attachment files its restored rows name are copied back afterwards.
 *
 * Writes of the council's own people are held back meanwhile: once the council is known, it is moved
 * to `restoring` in a committed transaction of its own (its requests and logins now answer 503), and
 * the restore's transaction takes the council's barrier lock exclusively, so it waits for the
 * council's transactions still in flight (their rows are then replaced too). The council's row
 * returns to the state it came from in the same transaction as its rows; a restore that fails puts
 * it back in a transaction of its own (src/platform/council-state-machine.ts).
 */
export async function rewindCouncil(opts: CouncilRewindOptions): Promise<CouncilRewindReport> {
  const log = opts.log ?? (() => undefined);
  const dryRun = opts.dryRun ?? false;
  const { manifest } = opts.backup;
  await checkBackupForRestore(opts.backup);

  return withRestoreTarget(opts.targetUrl, { create: false }, async (client, commit) => {
    const applied = (
      await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`).catch(() => ({
        rows: [] as { name: string }[],
      }))
    ).rows.map((r) => r.name);
    const onlyInBackup = manifest.migrations.filter((m) => !applied.includes(m));
    const onlyInTarget = applied.filter((m) => !manifest.migrations.includes(m));
    if (onlyInBackup.length || onlyInTarget.length)
      throw OpsErrors.councilRestoreSchemaDiffers(onlyInBackup, onlyInTarget);

    const targetTables = new Map((await listTables(client)).map((t) => [t.name, t]));
    const inBackup = new Map(manifest.tables.map((t) => [t.name, t]));
    const missing = [...COUNCIL_TABLES, 'municipality'].filter(
      (n) => !inBackup.has(n) || !targetTables.has(n),
    );
    if (missing.length)
      throw OpsErrors.targetSchemaMismatch(missing.map((n) => `表 ${n} がバックアップか復元先にありません`));
    const restored = [...COUNCIL_TABLES]
      .filter((n) => !REWIND_KEPT_TABLES.includes(n) && !REWIND_CLEARED_TABLES.includes(n))
      .sort();
    const deleted = [...restored, ...REWIND_CLEARED_TABLES];

    const foreignKeys = await listForeignKeys(client);
    const { ordered, cyclic } = dependencyOrder(deleted, foreignKeys);
    await refuseUnorderableTables(client, cyclic);

    await client.query(STABLE_SESSION_SQL);
    await client.query('BEGIN');
    const staged = new Map<string, TableInfo>();
    const stage = async (entry: BackupTableEntry, filter: string | null) => {
      const name = `${TEMP_PREFIX}${staged.size}`;
      const columns = entry.columns.map(quoteIdent).join(', ');
      await client.query(
        `CREATE TEMP TABLE ${quoteIdent(name)} ON COMMIT DROP AS SELECT ${columns} FROM ${quoteIdent(entry.name)} WITH NO DATA`,
      );
      const sink = client.query(copyFrom(`COPY ${quoteIdent(name)} (${columns}) FROM STDIN`));
      await pipeline(createReadStream(join(opts.backup.dir, entry.file)), createGunzip(), sink);
      if (filter) await client.query(`DELETE FROM ${quoteIdent(name)} WHERE (${filter}) IS NOT TRUE`);
      const info: TableInfo = {
        name,
        columns: entry.columns,
        primaryKey: targetTables.get(entry.name)!.primaryKey,
      };
      staged.set(entry.name, info);
      return info;
    };

    // The council, as the backup knows it.
    const municipality = await stage(inBackup.get('municipality')!, null);
    const wanted = opts.council.trim();
    const found = await client.query<{ id: number; slug: string; name: string }>(
      `SELECT id::int AS id, slug, council_name AS name FROM ${quoteIdent(municipality.name)}
        WHERE slug = $1 OR ($1 ~ '^[0-9]{1,5}$' AND id = $1::int)`,
      [wanted],
    );
    if (!found.rows[0]) {
      const all = await client.query<{ label: string }>(
        `SELECT id || ' ' || coalesce(slug, '') AS label FROM ${quoteIdent(municipality.name)} ORDER BY id`,
      );
      throw OpsErrors.councilNotInBackup(
        wanted,
        all.rows.map((r) => r.label),
      );
    }
    const council = found.rows[0];
    const operator: AuditActor = { id: null, name: operatorName(opts.operator), role: 'operator' };
    const label = `${council.id}（${council.slug}）`;
    const restoring = dryRun
      ? null
      : await enterRestoring(
          opts.targetUrl,
          council,
          operator,
          `バックアップ ${manifest.name}（${manifest.createdAt}）から復元しています`,
        );
    let committed = false;
    try {
      if (restoring) {
        // Waits for the council's transactions in flight; later ones are refused (council-barrier.ts).
        await client.query(`SELECT pg_advisory_xact_lock($1, $2)`, [COUNCIL_RESTORE_LOCK, council.id]);
        const now = await client.query<{ state: string }>(`SELECT state FROM municipality WHERE id = $1`, [
          council.id,
        ]);
        if (now.rows[0]?.state !== 'restoring') throw OpsErrors.councilLeftRestoring(label);
        log(
          `審議会 ${label} を「復元中」にしました（この審議会の利用者の操作は、終わるまでお待ちいただきます）。`,
        );
      }
      const filterOf = (table: string) =>
        councilRowFilter(table, council.id, COUNCIL_TABLES, COUNCIL_KEYED_BY_ID_TABLES)!;
      await client.query(`DELETE FROM ${quoteIdent(municipality.name)} WHERE id <> $1`, [council.id]);
      // The council's state is not the backup's: it goes back to the one it had before this restore,
      // with that state's reason and time (the audit entries record the restore's moves).
      const stateBack = restoring ? endRestore(restoring.previous) : null;
      const stateBackReason = `バックアップ ${manifest.name}（${manifest.createdAt}）から復元しました`;
      if (restoring && stateBack)
        await client.query(
          `UPDATE ${quoteIdent(municipality.name)}
              SET state = $1, state_before_restore = NULL, state_reason = $2, state_changed_at = $3::timestamptz`,
          [stateBack.to, restoring.reason, restoring.changedAt],
        );
      log(`審議会 ${council.id}（${council.slug}、${council.name}）の行をバックアップから取り出しています…`);
      for (const name of restored) await stage(inBackup.get(name)!, filterOf(name));

      // What would clash with the other councils (or with a council-less row such as the platform administrator).
      const conflicts: string[] = [];
      const clash = await client.query<{ id: number; slug: string }>(
        `SELECT id::int AS id, slug FROM municipality WHERE id <> $1 AND slug = $2`,
        [council.id, council.slug],
      );
      for (const row of clash.rows)
        conflicts.push(`審議会の slug ${council.slug} は、復元先では別の審議会（番号 ${row.id}）のものです`);
      for (const name of restored) {
        const temp = quoteIdent(staged.get(name)!.name);
        for (const key of await uniqueKeys(client, name)) {
          const row = `ROW(${key.keys.join(', ')})`;
          const { rows } = await client.query<{ n: number; sample: string[] | null }>(
            `SELECT count(*)::int AS n, (array_agg(r.k::text))[1:3] AS sample
               FROM (SELECT ${row} AS k FROM ${temp}) r
              WHERE r.k IN (SELECT ${row} FROM ${quoteIdent(name)} WHERE (${filterOf(name)}) IS NOT TRUE)`,
          );
          if (rows[0].n > 0)
            conflicts.push(
              `表 ${name} の ${key.keys.join(', ')}（${key.name}）が、ほかの審議会の行と ${rows[0].n} 行重複しています（例: ${(rows[0].sample ?? []).join(' ')}）`,
            );
        }
      }

      // Attachment files the restored rows name: from the backup, unless the same file is there.
      const keys = new Set<string>();
      for (const name of restored) {
        const info = staged.get(name)!;
        if (!info.columns.includes('storage_key')) continue;
        const { rows } = await client.query<{ key: string }>(
          `SELECT DISTINCT storage_key AS key FROM ${quoteIdent(info.name)} WHERE storage_key IS NOT NULL`,
        );
        for (const r of rows) keys.add(r.key);
      }
      const files = (manifest.attachments?.files ?? []).filter((f) => keys.has(f.path));
      const targets =
        opts.attachmentsDir && files.length
          ? await attachmentTargets(
              { ...opts.backup, manifest: { ...manifest, attachments: { files } } },
              opts.attachmentsDir,
            )
          : new Map<string, string>();
      for (const file of files) {
        const target = targets.get(file.path);
        if (target && existsSync(target) && (await sha256File(target)) !== file.sha256)
          conflicts.push(`添付ファイル ${file.path}（内容の異なる同名のファイルがあります）`);
      }

      const planned: { name: string; rows: number }[] = [];
      const removed: { name: string; rows: number }[] = [];
      for (const name of ['municipality', ...restored]) {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${quoteIdent(staged.get(name)!.name)}`,
        );
        planned.push({ name, rows: rows[0].n });
      }
      for (const name of deleted) {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${quoteIdent(name)} WHERE ${filterOf(name)}`,
        );
        removed.push({ name, rows: rows[0].n });
      }
      const base = {
        council,
        dryRun,
        createdDatabase: false,
        newDatabase: false,
        laterMigrations: [] as string[],
        rewind: {
          backupName: manifest.name,
          backupCreatedAt: manifest.createdAt,
          removed,
          removedRows: removed.reduce((n, t) => n + t.rows, 0),
        },
      };
      if (dryRun || conflicts.length) {
        await client.query('ROLLBACK');
        if (!dryRun) throw OpsErrors.councilConflicts(conflicts);
        return {
          ...base,
          tables: planned,
          rows: planned.reduce((n, t) => n + t.rows, 0),
          conflicts,
          attachments: files.length,
        };
      }

      // Tables in a reference cycle cannot be ordered: only then are foreign-key checks suspended.
      if (cyclic.length) await client.query(`SET LOCAL session_replication_role = replica`);
      for (const name of [...ordered, ...cyclic].reverse())
        await client.query(`DELETE FROM ${quoteIdent(name)} WHERE ${filterOf(name)}`);
      const columnsOf = (name: string) => staged.get(name)!.columns.map(quoteIdent).join(', ');
      const municipalityColumns = municipality.columns.filter((c) => c !== 'id').map(quoteIdent);
      const updated = await client.query(
        `UPDATE municipality SET (${municipalityColumns.join(', ')}) =
           (SELECT ${municipalityColumns.join(', ')} FROM ${quoteIdent(municipality.name)}) WHERE id = $1`,
        [council.id],
      );
      if (updated.rowCount === 0)
        await client.query(
          `INSERT INTO municipality (${columnsOf('municipality')}) OVERRIDING SYSTEM VALUE
           SELECT ${columnsOf('municipality')} FROM ${quoteIdent(municipality.name)}`,
        );
      const report: { name: string; rows: number }[] = [{ name: 'municipality', rows: 1 }];
      for (const name of [...ordered, ...cyclic]) {
        if (REWIND_CLEARED_TABLES.includes(name)) continue;
        const info = staged.get(name)!;
        const inserted = await client.query(
          `INSERT INTO ${quoteIdent(name)} (${columnsOf(name)}) OVERRIDING SYSTEM VALUE
           SELECT ${columnsOf(name)} FROM ${quoteIdent(info.name)}`,
        );
        report.push({ name, rows: inserted.rowCount ?? 0 });
        log(`  ${name}: ${inserted.rowCount ?? 0} 行`);
      }
      await advanceSequences(client, manifest.sequences);

      const failures: string[] = [];
      for (const name of ['municipality', ...restored]) {
        const info = staged.get(name)!;
        const expected = await tableDigest(client, info, info.columns);
        const actual = await tableDigest(
          client,
          { ...info, name },
          info.columns,
          name === 'municipality' ? `id = ${council.id}` : filterOf(name),
        );
        const problem = digestMismatch(name, actual, { rows: expected.rows, contentSha256: expected.sha256 });
        if (problem) failures.push(problem);
      }
      if (failures.length) throw OpsErrors.verificationFailed(failures);

      const rows = report.reduce((n, t) => n + t.rows, 0);
      // The council's own chain records the restore (the owner writes it as that council).
      await client.query(`SELECT set_config('app.council_id', $1, true)`, [String(council.id)]);
      await appendAuditEntry(client, {
        actor: operator,
        action: 'restore',
        targetType: 'council',
        targetId: String(council.id),
        detail: {
          backup: manifest.name,
          backupCreatedAt: manifest.createdAt,
          rows,
          removedRows: base.rewind.removedRows,
        },
      });
      if (stateBack)
        await appendAuditEntry(client, {
          actor: operator,
          action: 'state.change',
          targetType: 'council',
          targetId: String(council.id),
          detail: {
            transition: stateBack.action,
            from: 'restoring',
            to: stateBack.to,
            reason: stateBackReason,
            via: 'restore',
          },
        });
      await commit();
      committed = true;
      log('審議会の行を入れ替え、行数と内容のハッシュを確認しました。');

      const attachments = opts.attachmentsDir
        ? await copyMissingAttachments(opts.backup, files, opts.attachmentsDir)
        : 0;
      return { ...base, tables: report, rows, conflicts: [], attachments };
    } catch (e) {
      if (restoring && !committed) {
        // First end this transaction (it holds the barrier and may hold the council's row).
        await client.query('ROLLBACK').catch(() => undefined);
        await leaveRestoring(
          opts.targetUrl,
          council.id,
          restoring,
          operator,
          `復元に失敗したため、元の状態に戻しました（${e instanceof AppError ? e.code : 'ERROR'}）`,
        ).catch((err: unknown) =>
          log(
            `審議会 ${label} を元の状態に戻せませんでした（${String(err)}）。プラットフォームの管理者が管理画面で戻してください。`,
          ),
        );
      }
      throw e;
    }
  });
}

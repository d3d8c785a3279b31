import type pg from 'pg';
import type { BackupTableEntry } from './backup-format';
import { OpsErrors } from './ops.errors';

/** Tables of the `public` schema as the backup sees them. */
export interface TableInfo {
  name: string;
  /** Stored columns in table order (generated columns are left out: PostgreSQL computes them). */
  columns: string[];
  /** Primary-key columns, in key order; empty when the table has none. */
  primaryKey: string[];
}

export interface SequenceInfo {
  name: string;
}

/** TypeORM's bookkeeping: rebuilt by running the migrations, so its rows are not copied. */
export const MIGRATIONS_TABLE = 'migrations';

/**
 * Session settings that fix how values print, so COPY output and digests do not depend on the
 * server's or the client's defaults.
 */
export const STABLE_SESSION_SQL = `SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3; SET bytea_output = 'hex'`;

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function listTables(client: pg.ClientBase): Promise<TableInfo[]> {
  const { rows } = await client.query<{ name: string; columns: string[]; pk: string[] | null }>(`
    SELECT c.relname AS name,
           (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns,
           (SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum))
              FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
             WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     ORDER BY c.relname`);
  return rows.map((r) => ({ name: r.name, columns: r.columns ?? [], primaryKey: r.pk ?? [] }));
}

export async function listSequences(client: pg.ClientBase): Promise<SequenceInfo[]> {
  const { rows } = await client.query<{ name: string }>(`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`);
  return rows;
}

/** Foreign keys between public tables (child references parent). */
export async function listForeignKeys(client: pg.ClientBase): Promise<{ child: string; parent: string }[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(`
    SELECT cc.relname AS child, pc.relname AS parent
      FROM pg_constraint k
      JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace
      JOIN pg_class pc ON pc.oid = k.confrelid
     WHERE k.contype = 'f' AND cn.nspname = 'public'`);
  return rows;
}

/** The ORDER BY that makes a table's row order stable: the primary key, else every column. */
export function stableOrder(table: TableInfo): string {
  const cols = table.primaryKey.length ? table.primaryKey : table.columns;
  return cols.map(quoteIdent).join(', ');
}

/**
 * SHA-256 over the table's rows (each as PostgreSQL's row text of the given columns) in key order.
 * Identical content gives an identical digest in any database with the same column types.
 */
export async function tableDigest(
  client: pg.ClientBase,
  table: TableInfo,
  columns: string[] = table.columns,
  where = '',
): Promise<{ rows: number; sha256: string }> {
  const select = columns.map(quoteIdent).join(', ');
  const { rows } = await client.query<{ rows: number; sha256: string }>(
    `SELECT count(*)::int AS rows,
            encode(sha256(convert_to(coalesce(string_agg(s.rec::text, E'\\n' ORDER BY s.ord), ''), 'UTF8')), 'hex') AS sha256
       FROM (SELECT ROW(${select}) AS rec, row_number() OVER (ORDER BY ${stableOrder(table)}) AS ord
               FROM ${quoteIdent(table.name)}${where ? ` WHERE ${where}` : ''}) s`,
  );
  return rows[0];
}

/**
 * Orders tables so that each comes after the tables it references. Self-references are ignored;
 * returns the tables caught in longer cycles separately.
 */
export function dependencyOrder(
  tables: string[],
  foreignKeys: { child: string; parent: string }[],
): { ordered: string[]; cyclic: string[] } {
  const present = new Set(tables);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const fk of foreignKeys) {
    if (fk.child !== fk.parent && present.has(fk.child) && present.has(fk.parent))
      parents.get(fk.child)?.add(fk.parent);
  }
  const ordered: string[] = [];
  const done = new Set<string>();
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const t of [...tables].sort()) {
      if (done.has(t)) continue;
      if ([...(parents.get(t) ?? [])].every((p) => done.has(p))) {
        ordered.push(t);
        done.add(t);
        progressed = true;
      }
    }
  }
  return { ordered, cyclic: tables.filter((t) => !done.has(t)).sort() };
}

/**
 * The condition that selects one council's rows of a table in a council-scoped backup: the
 * council-owned tables by `council_id`, the two settings tables and `municipality` by `id`.
 * Null: the table is not part of a council's backup.
 */
export function councilRowFilter(
  table: string,
  councilId: number,
  councilTables: readonly string[],
  keyedById: readonly string[],
): string | null {
  const id = Number(councilId);
  if (!Number.isInteger(id)) throw new Error(`審議会の番号が正しくありません: ${councilId}`);
  if (table === 'municipality' || keyedById.includes(table)) return `id = ${id}`;
  if (councilTables.includes(table)) return `council_id = ${id}`;
  return null;
}

/**
 * Refuses a target that lacks a table or a column of the backup's `tables`, or of which
 * `alsoRefuse` says something of a table (one message for each); the target's tables by name.
 */
export async function refuseSchemaMismatch(
  client: pg.ClientBase,
  tables: readonly BackupTableEntry[],
  alsoRefuse: (table: string) => string | null = () => null,
): Promise<Map<string, TableInfo>> {
  const targetTables = new Map((await listTables(client)).map((t) => [t.name, t]));
  const mismatch: string[] = [];
  for (const t of tables) {
    const target = targetTables.get(t.name);
    if (!target) mismatch.push(`表 ${t.name} がありません`);
    else {
      const missing = t.columns.filter((c) => !target.columns.includes(c));
      if (missing.length) mismatch.push(`表 ${t.name} に列 ${missing.join(', ')} がありません`);
    }
    const other = alsoRefuse(t.name);
    if (other) mismatch.push(other);
  }
  if (mismatch.length) throw OpsErrors.targetSchemaMismatch(mismatch);
  return targetTables;
}

import { COUNCIL_KEYED_BY_ID_TABLES, COUNCIL_TABLES } from '../../../src/database/council-tables';
import {
  councilRowFilter,
  listTables,
  STABLE_SESSION_SQL,
  tableDigest,
  type TableInfo,
} from '../../../src/ops/schema-catalog';
import { withClient } from '../../support/test-db';

export type Digests = Record<string, { rows: number; sha256: string }>;

/**
 * The digest of each table (but `except`) that `part` keeps: of the columns and rows (a WHERE
 * condition, '' for all) it names, in a session with the stable settings.
 */
async function digestsOf(
  url: string,
  except: string[] | undefined,
  part: (table: TableInfo) => { columns: string[]; where: string } | null,
): Promise<Digests> {
  return withClient(url, async (client) => {
    await client.query(STABLE_SESSION_SQL);
    const out: Digests = {};
    for (const table of await listTables(client)) {
      if (except?.includes(table.name)) continue;
      const p = part(table);
      if (p) out[table.name] = await tableDigest(client, table, p.columns, p.where);
    }
    return out;
  });
}

/**
 * A row-by-row SHA-256 of every table in the public schema, in primary-key order.
 * `except` leaves tables out; `ignoreColumns` leaves columns out (`table.column`).
 */
export async function databaseDigests(
  url: string,
  opts: { except?: string[]; ignoreColumns?: string[] } = {},
): Promise<Digests> {
  return digestsOf(url, opts.except, (table) => ({
    columns: table.columns.filter((c) => !opts.ignoreColumns?.includes(`${table.name}.${c}`)),
    where: '',
  }));
}

/**
 * The digest of one council's rows in every council-owned table and of its `municipality` row
 * (`except` leaves tables out), as the owner sees them.
 */
export async function councilDigests(
  url: string,
  councilId: number,
  opts: { except?: string[] } = {},
): Promise<Digests> {
  return digestsOf(url, opts.except, (table) => {
    const where = councilRowFilter(table.name, councilId, COUNCIL_TABLES, COUNCIL_KEYED_BY_ID_TABLES);
    return where === null ? null : { columns: table.columns, where };
  });
}

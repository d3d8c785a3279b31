import pg from 'pg';
import { COUNCIL_KEYED_BY_ID_TABLES, COUNCIL_TABLES } from '../../../src/database/council-tables';
import {
  councilRowFilter,
  listTables,
  STABLE_SESSION_SQL,
  tableDigest,
  type TableInfo,
} from '../../../src/ops/schema-catalog';

export type Digests = Record<string, { rows: number; sha256: string }>;

/**
 * A row-by-row SHA-256 of every table in the public schema, in primary-key order.
 * `except` leaves tables out; `ignoreColumns` leaves columns out (`table.column`).
 */
export async function databaseDigests(
  url: string,
  opts: { except?: string[]; ignoreColumns?: string[] } = {},
): Promise<Digests> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(STABLE_SESSION_SQL);
    const out: Digests = {};
    for (const table of await listTables(client)) {
      if (opts.except?.includes(table.name)) continue;
      const columns = table.columns.filter((c) => !opts.ignoreColumns?.includes(`${table.name}.${c}`));
      out[table.name] = await tableDigest(client, table as TableInfo, columns);
    }
    return out;
  } finally {
    await client.end();
  }
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
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
  return withClient(url, async (client) => {
    await client.query(STABLE_SESSION_SQL);
    const out: Digests = {};
    for (const table of await listTables(client)) {
      if (opts.except?.includes(table.name)) continue;
      const where = councilRowFilter(table.name, councilId, COUNCIL_TABLES, COUNCIL_KEYED_BY_ID_TABLES);
      if (where === null) continue;
      out[table.name] = await tableDigest(client, table, table.columns, where);
    }
    return out;
  });
}

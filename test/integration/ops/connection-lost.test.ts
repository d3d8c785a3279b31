import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { AppError } from '../../../src/common/errors/app-error';
import { toAppError } from '../../../src/common/errors/problem.filter';
import { bindPoolToCouncilContext } from '../../../src/database/council-context';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { ENTITIES } from '../../../src/database/entities';
import { preparedQuery } from '../../../src/database/prepared-query';
import { connect } from '../../../src/ops/restore';
import { createTestDatabase } from '../../support/test-db';

/**
 * A connection that dies at the wrong moment must fail the work that used it (a 503 for a request)
 * and nothing else. pg emits an 'error' event besides failing the query, and an 'error' event with
 * no listener ends the whole process: the database restarting (its sessions terminated) while a
 * pooled connection was being handed out, or during a scheduled backup, took the application down.
 * Here the socket is cut at exactly that moment.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const UNAVAILABLE = { status: 503, code: 'SERVICE_UNAVAILABLE' };

/** The problem the failure of `work` maps to; a success fails the test. */
async function problemOf(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (e) {
    return toAppError(e);
  }
  throw new Error('the query succeeded on a connection that was cut');
}

/** Cuts the connection's socket as if the server had gone (its next write fails). */
function cut(client: unknown): void {
  const stream = (client as { connection: { stream: { destroy(e?: Error): void } } }).connection.stream;
  stream.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' }));
}

it('a pooled connection lost while it takes on its council fails that query with a 503, and the pool goes on', async () => {
  const ds = new DataSource({ ...dataSourceOptions(db.url, ENTITIES), extra: { max: 2 } });
  await ds.initialize();
  try {
    bindPoolToCouncilContext(ds);
    const pool = (ds.driver as unknown as { master: Pool }).master;
    // the next connection handed out loses its socket just as it is given its council
    pool.once('acquire', (client: PoolClient) => cut(client));
    expect(await problemOf(ds.query('SELECT 1 AS one'))).toMatchObject(UNAVAILABLE);
    // let any late 'error' event of the dead connection fire inside this test
    await new Promise((r) => setTimeout(r, 50));
    // the dead connection was thrown away: the next query gets a good one
    expect(await ds.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  } finally {
    await ds.destroy();
  }
});

it('a connection of its own (backup, restore) that loses its server fails its query, not the process', async () => {
  const client = await connect(db.url);
  try {
    cut(client);
    expect(await problemOf(client.query('SELECT 1'))).toMatchObject(UNAVAILABLE);
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    await client.end().catch(() => undefined);
  }
});

it('a prepared read in a transaction whose connection failed fails too, instead of reading outside it', async () => {
  const ds = new DataSource({ ...dataSourceOptions(db.url, ENTITIES), extra: { max: 2 } });
  await ds.initialize();
  try {
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    expect(await preparedQuery(runner.manager, 'SELECT 1 AS one', [])).toEqual([{ one: 1 }]);
    // the connection fails between two queries: TypeORM releases the transaction's runner
    cut(await runner.connect());
    await new Promise((r) => setTimeout(r, 50));
    expect(runner.isReleased).toBe(true);
    expect(await problemOf(preparedQuery(runner.manager, 'SELECT 1 AS one', []))).toMatchObject(UNAVAILABLE);
  } finally {
    await ds.destroy();
  }
});

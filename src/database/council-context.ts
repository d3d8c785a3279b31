import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The council a request, a scheduled job or a command works for. Every database connection the
 * application checks out carries it as the PostgreSQL setting `app.council_id`, which the
 * row-level security policies of the council-owned tables compare with each row's `council_id`
 * (migration 1763753000000). No council → the setting is empty → no council-owned row is visible
 * and none can be written: the application fails closed, it never falls back to "council 1".
 *
 * The store is a mutable holder: a request enters it before authentication (middleware below) and
 * the JWT strategy fills in the council of the logged-in user, for the rest of that request only.
 */
export interface CouncilScope {
  councilId: number | null;
}

const scopes = new AsyncLocalStorage<CouncilScope>();

/** See `setCouncilOutsideScopes`: null in the application. */
let outsideScopes: number | null = null;

/** The council of the running request / job, or null (no council: nothing council-owned is visible). */
export function councilIdInContext(): number | null {
  const scope = scopes.getStore();
  return scope ? scope.councilId : outsideScopes;
}

/**
 * For the test harness only (test/support/test-app.ts): the council of code that runs in no scope
 * at all, i.e. a test calling a service or writing a fixture directly, and of anonymous requests
 * while the database has no council row (the tests' fixtures often make none). The application
 * never sets it: requests, scheduled passes and commands always run in a scope, code outside one
 * sees no council, and an anonymous request has the sole council or none.
 */
export function setCouncilOutsideScopes(councilId: number | null): void {
  outsideScopes = councilId;
}

/** Runs `work` for council `councilId` (a scheduler's per-council pass, a command, a login). */
export function runInCouncil<T>(councilId: number | null, work: () => T): T {
  return scopes.run({ councilId }, work);
}

/**
 * Switches the running scope to `councilId`, and the open transaction `m` with it (SET LOCAL):
 * for work that learns its council midway, e.g. the setup that has just created the council row.
 * Outside a scope (a command's top level) the switch applies to the transaction only.
 */
export async function enterCouncil(m: EntityManager, councilId: number): Promise<void> {
  const scope = scopes.getStore();
  if (scope) scope.councilId = councilId;
  await m.query(`SELECT set_config('app.council_id', $1, true)`, [String(councilId)]);
}

/** Sets the council of the request being authenticated (the JWT strategy, the login). */
export function setRequestCouncil(councilId: number | null): void {
  const scope = scopes.getStore();
  if (scope) scope.councilId = councilId;
}

/**
 * The council of a deployment that has exactly one: anonymous pages (the public portal, the login
 * page) of a single-council deployment work as before. With several councils, null: those pages
 * see no council's rows (the public portal per council slug is separate work).
 */
export async function soleCouncilId(m: EntityManager): Promise<number | null> {
  const ids = await firstCouncils(m);
  return ids.length === 1 ? ids[0] : null;
}

/**
 * The council of an anonymous request: the sole council (see `setCouncilOutsideScopes` for tests),
 * unless the platform administrator has suspended it (its pages then show no council).
 */
export async function councilForAnonymous(m: EntityManager): Promise<number | null> {
  const rows = (await m.query('SELECT id, state FROM municipality ORDER BY id LIMIT 2')) as {
    id: number;
    state: string;
  }[];
  if (rows.length === 0) return outsideScopes;
  return rows.length === 1 && rows[0].state === 'active' ? rows[0].id : null;
}

async function firstCouncils(m: EntityManager): Promise<number[]> {
  const rows = (await m.query('SELECT id FROM municipality ORDER BY id LIMIT 2')) as { id: number }[];
  return rows.map((r) => r.id);
}

/** Express middleware: every request gets its own scope, empty until authentication fills it. */
export function councilScopeMiddleware(_req: Request, _res: Response, next: NextFunction): void {
  scopes.run({ councilId: null }, next);
}

type Done = (err: Error | undefined, client?: PooledClient, release?: (err?: unknown) => void) => void;

interface PooledClient {
  query(text: string, values?: unknown[]): Promise<unknown>;
  on(event: 'error', listener: (err: Error) => void): unknown;
  /** Set once the connection carries its lifelong 'error' listener. */
  shingikaiGuarded?: boolean;
  /** The council whose setting this connection carries ('' = none); undefined until first set. */
  shingikaiCouncil?: string;
}

interface ConnectablePool {
  connect(cb?: Done): unknown;
}

/** Swallows a connection's 'error' event: the failed query's promise carries the same error. */
const ignoreSocketError = (): void => undefined;

/**
 * Makes every connection handed out by the data source's pool carry the council of the context
 * that asked for it. The council is read when `connect` is called, synchronously: pg-pool may
 * call back from another request's async context (a connection freed by that request). A
 * connection that already carries this council costs no extra round trip.
 *
 * Every connection the pool hands out also listens to its own 'error' event from then on. A
 * connection that dies emits 'error' besides failing its query, and an 'error' event with no
 * listener ends the process. pg-pool listens only while a connection is idle, TypeORM only once
 * its promise has handed the connection over; in between (while `set_config` runs, or when the
 * server's last reply and its "terminating connection" arrive in one read) nobody did, and a
 * database restart took the application down. The query that used the connection still fails
 * (a 503 for its request), and pg-pool still discards the connection.
 */
export function bindPoolToCouncilContext(ds: DataSource): void {
  const pool = (ds.driver as unknown as { master?: ConnectablePool }).master;
  if (!pool) throw new Error('bindPoolToCouncilContext: the data source is not initialised');
  const connect = pool.connect.bind(pool) as (cb: Done) => void;
  pool.connect = (cb?: Done): unknown => {
    const wanted = String(councilIdInContext() ?? '');
    const withCouncil = (done: Done) =>
      connect((err, client, release) => {
        if (err || !client || !release) return done(err, client, release);
        if (!client.shingikaiGuarded) {
          client.on('error', ignoreSocketError);
          client.shingikaiGuarded = true;
        }
        if (client.shingikaiCouncil === wanted) return done(undefined, client, release);
        client.query(`SELECT set_config('app.council_id', $1, false)`, [wanted]).then(
          () => {
            client.shingikaiCouncil = wanted;
            done(undefined, client, release);
          },
          (e: Error) => {
            release(e); // a connection in an unknown state is destroyed, not reused
            done(e);
          },
        );
      });
    if (cb) return withCouncil(cb);
    return new Promise((resolve, reject) =>
      withCouncil((err, client) => (err ? reject(err) : resolve(client))),
    );
  };
}

import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntitySubscriberInterface, QueryRunner, TransactionStartEvent } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { councilIdInContext } from './council-context';

/**
 * The first key of the advisory lock that keeps a council's transactions and its restore apart (the
 * second is the council's number). Every transaction of a council takes it shared at its start; the
 * single-council restore (src/ops/council-rewind.ts) takes it exclusive before it replaces the rows.
 * 727002 is the audit chain's lock (src/audit/audit.service.ts), 727004 the public PDF cache's.
 */
export const COUNCIL_RESTORE_LOCK = 727003;

/** What a refused request is told to wait before it tries again. */
export const RESTORING_RETRY_AFTER_SECONDS = 30;

export const CouncilRestoreErrors = {
  restoring: () =>
    new AppError(
      'COUNCIL_RESTORING',
      503,
      'この審議会のデータを復元しています。しばらくしてから、もう一度お試しください。',
      { retryAfterSeconds: RESTORING_RETRY_AFTER_SECONDS },
    ),
};

/**
 * The barrier, one statement: the state of the connection's council and, unless it is `restoring`,
 * the shared lock. Under READ COMMITTED the state is read with the statement's snapshot, taken before
 * the lock is waited for, so:
 * - a council already restoring (its state committed before this statement) is refused at once,
 *   without waiting for the restore (no pooled connection is held meanwhile);
 * - a transaction that saw the council usable holds the shared lock until it ends: a restore waits
 *   for it, and its rows are then replaced by the backup's;
 * - one that saw it usable just before the state changed and asks for the lock while the restore
 *   holds it waits for the restore to end and then works on the restored rows (as a request arriving
 *   after the restore would).
 * No council (the platform administrator, an anonymous page): no row, no lock.
 */
export const COUNCIL_BARRIER_SQL = `SELECT state,
         CASE WHEN state <> 'restoring' THEN pg_advisory_xact_lock_shared(${COUNCIL_RESTORE_LOCK}, id)::text END AS barrier
    FROM municipality WHERE id = nullif(current_setting('app.council_id', true), '')::int`;

const exempt = new AsyncLocalStorage<true>();

/** Runners whose transaction passed the barrier with its START TRANSACTION (the subscriber skips them). */
const passedAtStart = new WeakSet<QueryRunner>();

const barrierApplies = (): boolean => !exempt.getStore() && councilIdInContext() !== null;

/**
 * Starts the transaction of `runner` and passes the barrier in the same round trip: START TRANSACTION
 * and the barrier statement go as one simple-protocol query, so the unit of work (every request's
 * transaction) pays no extra round trip for it. TypeORM keeps its own bookkeeping (its
 * `startTransaction` runs; only the text it sends for START TRANSACTION is replaced). Throws the 503
 * (the transaction is open: the caller rolls it back, as after any failed start).
 */
export async function startTransactionAtBarrier(runner: QueryRunner): Promise<void> {
  if (!barrierApplies()) return runner.startTransaction();
  const original = runner.query;
  const query = runner.query.bind(runner) as (sql: string, p?: unknown[], s?: boolean) => Promise<unknown>;
  let state: string | undefined;
  runner.query = (async (sql: string, parameters?: unknown[], structured?: boolean) => {
    if (sql !== 'START TRANSACTION') return query(sql, parameters, structured);
    const client = (await runner.connect()) as { query(text: string): Promise<unknown> };
    const results = (await client.query(`START TRANSACTION; ${COUNCIL_BARRIER_SQL}`)) as {
      rows: { state: string }[];
    }[];
    state = results[1]?.rows[0]?.state;
    return undefined;
  }) as QueryRunner['query'];
  passedAtStart.add(runner);
  try {
    await runner.startTransaction();
  } finally {
    runner.query = original;
  }
  if (state === 'restoring') throw CouncilRestoreErrors.restoring();
}

/**
 * Runs `work` with no barrier: for the platform administrator's own moves of a council's state (taking
 * a council out of `restoring` must not be refused for being in it).
 */
export function outsideRestoreBarrier<T>(work: () => T): T {
  return exempt.run(true, work);
}

/**
 * Every other TypeORM transaction opened in a council's context (the services' own `ds.transaction`,
 * a repository's `save`, commands; the unit of work passes it in its START TRANSACTION, see
 * `startTransactionAtBarrier`) passes the barrier right after START TRANSACTION: one round trip,
 * none for work of no council. A savepoint
 * inside a transaction does not pass it again. The audit log's group commits are raw transactions
 * and do not pass it: a refusal is still recorded in the council's chain, which a restore keeps.
 */
class CouncilRestoreBarrier implements EntitySubscriberInterface {
  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    const runner = event.queryRunner as QueryRunner & { transactionDepth?: number };
    if (runner.transactionDepth !== 1 || passedAtStart.has(runner) || !barrierApplies()) return;
    const rows = (await runner.query(COUNCIL_BARRIER_SQL)) as { state: string }[];
    if (rows[0]?.state === 'restoring') throw CouncilRestoreErrors.restoring();
  }
}

/** Makes every transaction of the data source pass the barrier (see CouncilRestoreBarrier). */
export function installCouncilRestoreBarrier(ds: DataSource): void {
  (ds.subscribers as EntitySubscriberInterface[]).push(new CouncilRestoreBarrier());
}

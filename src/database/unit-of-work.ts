import { AsyncLocalStorage } from 'node:async_hooks';
import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { startTransactionAtBarrier } from './council-barrier';
import { runInCouncil } from './council-context';

/** Work that must only happen once the data it talks about is committed (mail, notices). */
export type AfterCommit = () => Promise<void> | void;

interface Unit {
  readonly manager: EntityManager;
  /** Who the work is for; null for scheduled work (scans, reminders). */
  readonly actor: AuthUser | null;
  readonly afterCommit: AfterCommit[];
}

/**
 * The unit of work of the running request (or scheduled job), carried by the async context so a
 * service several calls down needs no extra parameter to reach the transaction. One context for
 * the whole process: every UnitOfWork instance and `afterCommit` below share it.
 */
const units = new AsyncLocalStorage<Unit>();

const logger = new Logger('UnitOfWork');

/**
 * Registers work to run after the transaction `m` commits; it is dropped if it rolls back.
 * `m` must be the manager of the running unit of work: writing through another transaction and
 * publishing through this one would mail about rows that may never commit, so that is refused.
 */
export function afterCommit(m: EntityManager, work: AfterCommit): void {
  const unit = units.getStore();
  if (!unit || unit.manager !== m)
    throw new Error('afterCommit: the manager is not the transaction of a running UnitOfWork.run');
  unit.afterCommit.push(work);
}

/**
 * One request, one transaction (the model is Vendure's TransactionalConnection and its events
 * published after commit). `run` opens the transaction, or joins the one already running in this
 * async context, so a service calling another shares one commit; the callbacks registered with
 * `afterCommit` run once the outermost `run` has committed, never after a rollback, and their
 * failures are logged, never turned into a failed request (the data is already committed).
 */
@Injectable()
export class UnitOfWork {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async run<T>(actor: AuthUser | null, work: (m: EntityManager) => Promise<T>): Promise<T> {
    const outer = units.getStore();
    if (outer) return work(outer.manager);
    // As DataSource.transaction does, with the council's restore barrier passed in the same round
    // trip as START TRANSACTION (src/database/council-barrier.ts).
    const runner = this.ds.createQueryRunner();
    let unit: Unit | null = null;
    let result: T;
    try {
      await startTransactionAtBarrier(runner);
      const manager = runner.manager;
      unit = { manager, actor, afterCommit: [] };
      result = await units.run(unit, () => work(manager));
      await runner.commitTransaction();
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
    // Reached only after COMMIT: a throw above rolled back and skipped this.
    for (const job of (unit as Unit | null)?.afterCommit ?? []) {
      try {
        await job();
      } catch (err) {
        logger.error({ err }, 'after-commit work failed');
      }
    }
    return result;
  }

  /** Scheduled work with no user behind it (scans, reminders). */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.run(null, work);
  }

  /**
   * Scheduled work, once per council, each pass in its council's context (its own transactions,
   * its rows only). One council's failure is logged and does not stop the others. A council the
   * platform administrator has suspended is skipped until it is resumed.
   */
  async eachCouncil(label: string, work: (councilId: number) => Promise<unknown>): Promise<void> {
    const councils = (await this.ds.query(
      `SELECT id FROM municipality WHERE state = 'active' ORDER BY id`,
    )) as { id: number }[];
    for (const { id } of councils) {
      try {
        await runInCouncil(id, () => work(id));
      } catch (err) {
        logger.error({ err, councilId: id }, `${label} failed`);
      }
    }
  }

  /** The running transaction; an error outside `run` (a write must never land outside one). */
  manager(): EntityManager {
    const unit = units.getStore();
    if (!unit) throw new Error('UnitOfWork.manager() outside UnitOfWork.run');
    return unit.manager;
  }

  /**
   * For reads that may be called either inside a unit of work (they must then see its
   * uncommitted rows and locks) or on their own (a plain read on the pool).
   */
  managerOrRoot(): EntityManager {
    return units.getStore()?.manager ?? this.ds.manager;
  }

  /** Who the running unit of work is for; null outside one or in scheduled work. */
  actor(): AuthUser | null {
    return units.getStore()?.actor ?? null;
  }
}

/** Global: every feature module's services open their transactions through the same class. */
@Global()
@Module({ providers: [UnitOfWork], exports: [UnitOfWork] })
export class UnitOfWorkModule {}

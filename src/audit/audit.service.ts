import { Injectable, Logger } from '@nestjs/common';
import { councilIdInContext, runInCouncil } from '../database/council-context';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient, QueryResult } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import {
  chainHash,
  MultiChainVerifier,
  GENESIS_HASH,
  storableJson,
  storableText,
  truncateCodePoints,
  type ChainAnchor,
  type ChainedFields,
  type ChainRow,
  type ChainVerdict,
} from './audit-chain';
import { actorOf } from '../auth/actor';
import type { AuthUser } from '../auth/auth-user';
import { AuditLog } from './audit-log.entity';

export const AUDIT_ACTIONS = [
  'login.ok',
  'login.failed',
  'login.locked',
  'logout',
  'password.change',
  'view',
  'create',
  'update',
  'delete',
  'download',
  'state.change',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number] | (string & {});

export interface AuditActor {
  id: string | null;
  name: string | null;
  role: string | null;
}

export interface AuditEntry {
  actor: AuditActor | null;
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  status?: number | null;
  detail?: Record<string, unknown> | null;
}

/**
 * Serialises appends to one council's chain so each row links to the one before it (across
 * instances too). One lock per chain: the council's number (0 for the entries of no council), so
 * councils do not queue behind each other's commits.
 */
const AUDIT_CHAIN_LOCK = `pg_advisory_xact_lock(727002, coalesce(nullif(current_setting('app.council_id', true), '')::int, 0))`;
/** Rows per INSERT of a group commit (12 parameters each, far below PostgreSQL's 65,535). */
const MAX_BATCH = 500;

interface PendingEntry {
  readonly fields: AuditFields;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** The chained fields of one row (what its hash covers). */
type AuditFields = ChainedFields;

/** Longest text column value kept, in code points (user names, paths and the like are far shorter). */
const MAX_TEXT = 1000;

/** A text column's value as PostgreSQL will store it (what the hash must cover). */
function text(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : storableText(truncateCodePoints(value, MAX_TEXT));
}

/**
 * The row exactly as it will be stored: lone surrogates and NULs replaced, long texts cut by code
 * point, detail through the JSON round trip, so the hash verifies against what PostgreSQL returns.
 */
function toFields(entry: AuditEntry): AuditFields {
  return {
    occurredAt: new Date(),
    actorId: entry.actor?.id ?? null,
    actorName: text(entry.actor?.name),
    actorRole: text(entry.actor?.role),
    action: text(entry.action) ?? '',
    targetType: text(entry.targetType),
    targetId: text(entry.targetId),
    ip: text(entry.ip),
    status: entry.status ?? null,
    detail: storableJson(entry.detail ?? null),
  };
}

/** The pg connection under a TypeORM transaction (QueryRunner.connect() returns the driver's). */
type RawClient = Pick<PoolClient, 'query'>;

/**
 * The last hash of the chain a new row joins: that of the connection's council (the column default
 * fills `council_id` from the same setting). Explicit, not left to the policy: the owner, who is
 * exempt from it, writes entries too (restores, commands).
 */
const CHAIN_TIP = `SELECT hash FROM audit_log
  WHERE council_id IS NOT DISTINCT FROM nullif(current_setting('app.council_id', true), '')::smallint
  ORDER BY id DESC LIMIT 1`;

/** Lock, then read the chain's last hash: two statements in one round trip (simple protocol). */
const LOCK_AND_TIP = `SELECT ${AUDIT_CHAIN_LOCK}; ${CHAIN_TIP}`;

/**
 * Appends rows to the hash chain inside the open transaction of `client`: takes the chain lock
 * (held until that transaction ends), links the first row to the last one on record and each next
 * row to the one before it, in one INSERT. With `begin`, the transaction is opened in the same
 * round trip as the lock. Each statement of the multi-statement query takes its own snapshot, so
 * the last hash is read after the lock is held.
 */
async function appendRows(client: RawClient, rows: readonly AuditFields[], begin = false): Promise<string> {
  const results = (await client.query(
    begin ? `BEGIN; ${LOCK_AND_TIP}` : LOCK_AND_TIP,
  )) as unknown as QueryResult<{
    hash: string;
  }>[];
  let prevHash = results[results.length - 1].rows[0]?.hash ?? GENESIS_HASH;
  const params: unknown[] = [];
  const tuples: string[] = [];
  for (const f of rows) {
    const hash = chainHash(prevHash, f);
    const base = params.length;
    tuples.push(`(${Array.from({ length: 12 }, (_, i) => `$${base + i + 1}`).join(', ')})`);
    params.push(
      f.occurredAt,
      f.actorId,
      f.actorName,
      f.actorRole,
      f.action,
      f.targetType,
      f.targetId,
      f.ip,
      f.status,
      f.detail === null ? null : JSON.stringify(f.detail),
      prevHash,
      hash,
    );
    prevHash = hash;
  }
  await client.query(
    `INSERT INTO audit_log (occurred_at, actor_id, actor_name, actor_role, action, target_type, target_id, ip, status,
                            detail, prev_hash, hash)
     VALUES ${tuples.join(', ')}`,
    params,
  );
  return prevHash;
}

/**
 * One entry appended inside the open transaction of a raw connection (commands such as the council
 * restore), to the chain of the council in that connection's `app.council_id` setting.
 */
export async function appendAuditEntry(client: RawClient, entry: AuditEntry): Promise<void> {
  await appendRows(client, [toFields(entry)]);
}

const AUDIT_COLUMNS =
  'occurred_at, actor_id, actor_name, actor_role, action, target_type, target_id, ip, status, detail, prev_hash, hash';

/**
 * The rows as one INSERT with literal values (for the simple protocol, which runs several
 * statements in one round trip; values are escaped by the driver's escapeLiteral), each row linked
 * to the one before, the first to `prevHash`. With `guard`, rows are inserted only if `prevHash`
 * is still the chain's last hash when the statement runs.
 */
function literalInsert(
  client: Pick<PoolClient, 'escapeLiteral'>,
  rows: readonly AuditFields[],
  prevHash: string,
  guard: boolean,
): { sql: string; lastHash: string } {
  const lit = (v: string | null, cast = '') => `${v === null ? 'NULL' : client.escapeLiteral(v)}${cast}`;
  const tuples: string[] = [];
  let prev = prevHash;
  for (const f of rows) {
    const hash = chainHash(prev, f);
    const status = f.status !== null && Number.isSafeInteger(f.status) ? String(f.status) : 'NULL';
    tuples.push(
      `(${[
        lit(f.occurredAt.toISOString(), '::timestamptz'),
        lit(f.actorId, '::uuid'),
        lit(f.actorName),
        lit(f.actorRole),
        lit(f.action),
        lit(f.targetType),
        lit(f.targetId),
        lit(f.ip),
        `${status}::integer`,
        lit(f.detail === null ? null : JSON.stringify(f.detail), '::jsonb'),
        lit(prev),
        lit(hash),
      ].join(', ')})`,
    );
    prev = hash;
  }
  const values = `VALUES ${tuples.join(', ')}`;
  const sql = guard
    ? `INSERT INTO audit_log (${AUDIT_COLUMNS}) SELECT * FROM (${values}) v
        WHERE coalesce((${CHAIN_TIP}), ${lit(GENESIS_HASH)}) = ${lit(prevHash)}`
    : `INSERT INTO audit_log (${AUDIT_COLUMNS}) ${values}`;
  return { sql, lastHash: prev };
}

/** The group commit of one chain (see `AuditService.lanes`). */
interface Lane {
  readonly council: number | null;
  /** Entries waiting for the next group commit, and whether one is running. */
  pending: PendingEntry[];
  flushing: boolean;
  /** The chain's last hash as this instance's last group commit left it (null: not known). */
  tip: string | null;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);
  /**
   * One lane per chain: each council has its own chain (the policy shows a connection only its
   * council's rows, the chain's tip included), and the entries without a council have theirs.
   * A group commit carries the entries of one council only, committed in that council's context.
   */
  private readonly lanes = new Map<number | null, Lane>();

  private lane(): Lane {
    const council = councilIdInContext();
    let lane = this.lanes.get(council);
    if (!lane) this.lanes.set(council, (lane = { council, pending: [], flushing: false, tip: null }));
    return lane;
  }

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one row. Pass the caller's transaction manager to make the entry part of it (it then
   * disappears with a rollback). Without one, the entry joins a group commit: every entry that
   * arrives while a commit is running goes into the next one, so concurrent requests share one
   * lock and one commit instead of queueing for the chain lock one by one (which held a pool
   * connection each and serialised the whole app under load). The promise resolves once the
   * entry is committed.
   */
  /**
   * What a signed-in user did to one record (the usual entry of a service's write), in the
   * transaction of `manager`.
   */
  recordChange(
    user: AuthUser,
    action: AuditAction,
    targetType: string,
    targetId: string | null,
    detail?: Record<string, unknown> | null,
    manager?: EntityManager,
  ): Promise<void> {
    return this.record({ actor: actorOf(user), action, targetType, targetId, detail }, manager);
  }

  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const runner = manager?.queryRunner;
    // A manager outside a transaction has nothing to join: the entry goes into a group commit.
    if (runner?.isTransactionActive)
      return this.appendInTransaction(this.lane(), (await runner.connect()) as PoolClient, toFields(entry));
    return new Promise<void>((resolve, reject) => {
      const lane = this.lane();
      lane.pending.push({ fields: toFields(entry), resolve, reject });
      if (!lane.flushing) void this.flush(lane);
    });
  }

  /**
   * An entry inside the caller's transaction, which holds the chain lock from here to its end
   * (every request's group commit waits meanwhile): usually one round trip, the lock and an INSERT
   * linked to the last hash this instance knows, taking effect only if that is still the chain's
   * last. Otherwise the lock is held already: read the last hash, then insert. The new hash is
   * remembered before the caller commits; if it rolls back, the next guarded INSERT finds out.
   */
  private async appendInTransaction(lane: Lane, client: PoolClient, fields: AuditFields): Promise<void> {
    if (lane.tip !== null) {
      const { sql, lastHash } = literalInsert(client, [fields], lane.tip, true);
      const results = (await client.query(`SELECT ${AUDIT_CHAIN_LOCK}; ${sql}`)) as unknown as QueryResult[];
      if (results[1].rowCount === 1) {
        lane.tip = lastHash;
        return;
      }
    }
    lane.tip = await appendRows(client, [fields]);
  }

  /** Commits the lane's entries in its council's context (the connection carries that council). */
  private async flush(lane: Lane): Promise<void> {
    lane.flushing = true;
    try {
      while (lane.pending.length > 0) {
        const batch = lane.pending.splice(0, MAX_BATCH);
        try {
          await runInCouncil(lane.council, () =>
            this.commitBatch(
              lane,
              batch.map((p) => p.fields),
            ),
          );
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      lane.flushing = false;
    }
  }

  /**
   * One group commit. Usually one round trip: BEGIN, the chain lock, an INSERT that links to the
   * last hash this instance wrote and takes effect only if that is still the chain's last one, and
   * COMMIT, in one multi-statement query. When another instance (or a transactional entry) has
   * appended since, nothing was inserted and the batch goes again in two round trips: lock and
   * read the last hash, then INSERT and COMMIT.
   */
  private async commitBatch(lane: Lane, rows: readonly AuditFields[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      try {
        if (lane.tip !== null) {
          const { sql, lastHash } = literalInsert(client, rows, lane.tip, true);
          const results = (await client.query(
            `BEGIN; SELECT ${AUDIT_CHAIN_LOCK}; ${sql}; COMMIT`,
          )) as unknown as QueryResult[];
          if (results[2].rowCount === rows.length) {
            lane.tip = lastHash;
            return;
          }
        }
        const tipResults = (await client.query(`BEGIN; ${LOCK_AND_TIP}`)) as unknown as QueryResult<{
          hash: string;
        }>[];
        const prev = tipResults[tipResults.length - 1].rows[0]?.hash ?? GENESIS_HASH;
        const { sql, lastHash } = literalInsert(client, rows, prev, false);
        await client.query(`${sql}; COMMIT`);
        lane.tip = lastHash;
      } catch (err) {
        lane.tip = null;
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Adds an entry to the next group commit and returns at once (refusals: the answer never waits
   * for the audit write). A failed commit is logged.
   */
  enqueue(entry: AuditEntry): void {
    const lane = this.lane();
    lane.pending.push({
      fields: toFields(entry),
      resolve: () => undefined,
      reject: (err) => this.logger.error({ err, action: entry.action }, 'audit write failed'),
    });
    if (!lane.flushing) void this.flush(lane);
  }

  /** Best effort for request auditing: a failure is logged, never shown to the user. */
  async recordQuietly(entry: AuditEntry): Promise<void> {
    try {
      await this.record(entry);
    } catch (err) {
      this.logger.error({ err, action: entry.action }, 'audit write failed');
    }
  }

  /** Verifies the whole chain in batches (and, given one, that a recorded head is still in it). */
  async verify(anchor?: ChainAnchor): Promise<ChainVerdict> {
    return verifyAuditChain(this.dataSource, { anchor });
  }

  /** The chain's last row (id and hash), or null while the log is empty. */
  async head(): Promise<ChainAnchor | null> {
    return auditChainHead({ query: (sql) => this.dataSource.query(sql) });
  }
}

export async function auditChainHead(db: {
  query(sql: string): Promise<{ id: string; hash: string }[]>;
}): Promise<ChainAnchor | null> {
  const rows = await db.query('SELECT id::text AS id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  return rows[0] ? { id: rows[0].id, hash: rows[0].hash } : null;
}

export async function verifyAuditChain(
  ds: DataSource,
  opts: { anchor?: ChainAnchor; batch?: number } = {},
): Promise<ChainVerdict> {
  const batch = opts.batch ?? 5000;
  // The owner sees every council's chain; the application role its council's only.
  const verifier = new MultiChainVerifier(opts.anchor);
  let lastId = '0';
  for (;;) {
    const { entities: rows, raw } = await ds
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .addSelect('a.council_id', 'chain_council')
      .where('a.id > :lastId', { lastId })
      .orderBy('a.id', 'ASC')
      .limit(batch)
      .getRawAndEntities<{ chain_council: number | null }>();
    if (rows.length === 0) return verifier.verdict();
    rows.forEach((row, i) => verifier.push(raw[i].chain_council, row as ChainRow));
    lastId = rows[rows.length - 1].id;
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { chainHash, GENESIS_HASH, verifyChain, type ChainRow, type ChainVerdict } from './audit-chain';
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

/** Serialises appends so each row links to the one before it. */
const AUDIT_CHAIN_LOCK = 727_002;

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one row. Pass the caller's transaction manager to make the entry part of it
   * (it then disappears with a rollback); otherwise it commits on its own.
   */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const write = async (m: EntityManager) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      const last: { hash: string }[] = await m.query('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
      const prevHash = last[0]?.hash ?? GENESIS_HASH;
      const fields = {
        occurredAt: new Date(),
        actorId: entry.actor?.id ?? null,
        actorName: entry.actor?.name ?? null,
        actorRole: entry.actor?.role ?? null,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        ip: entry.ip ?? null,
        status: entry.status ?? null,
        detail: entry.detail ?? null,
      };
      await m.query(
        `INSERT INTO audit_log (occurred_at, actor_id, actor_name, actor_role, action, target_type, target_id, ip, status,
                                detail, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          fields.occurredAt,
          fields.actorId,
          fields.actorName,
          fields.actorRole,
          fields.action,
          fields.targetType,
          fields.targetId,
          fields.ip,
          fields.status,
          fields.detail === null ? null : JSON.stringify(fields.detail),
          prevHash,
          chainHash(prevHash, fields),
        ],
      );
    };
    if (manager) return write(manager);
    await this.dataSource.transaction(write);
  }

  /** Best effort for request auditing: a failure is logged, never shown to the user. */
  async recordQuietly(entry: AuditEntry): Promise<void> {
    try {
      await this.record(entry);
    } catch (err) {
      this.logger.error({ err, action: entry.action }, 'audit write failed');
    }
  }

  /** Verifies the whole chain in batches. */
  async verify(): Promise<ChainVerdict> {
    return verifyAuditChain(this.dataSource);
  }
}

export async function verifyAuditChain(ds: DataSource, batch = 5000): Promise<ChainVerdict> {
  let lastId = '0';
  let prev = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = await ds
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .where('a.id > :lastId', { lastId })
      .orderBy('a.id', 'ASC')
      .limit(batch)
      .getMany();
    if (rows.length === 0) return { ok: true, rows: count };
    const verdict = verifyChain(rows as ChainRow[], prev, count);
    if (!verdict.ok) return verdict;
    count = verdict.rows;
    prev = rows[rows.length - 1].hash;
    lastId = rows[rows.length - 1].id;
  }
}

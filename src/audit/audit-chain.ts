import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  occurredAt: Date;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  status: number | null;
  detail: Record<string, unknown> | null;
}

/** JSON with object keys sorted, so the hash does not depend on jsonb's key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 over the previous hash and the row's fields. */
export function chainHash(prevHash: string, row: ChainedFields): string {
  const payload = canonicalJson({
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    actorRole: row.actorRole,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    status: row.status,
    detail: row.detail,
  });
  return createHash('sha256').update(prevHash).update('\n').update(payload).digest('hex');
}

export interface ChainRow extends ChainedFields {
  id: string;
  prevHash: string;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; rows: number }
  | { ok: false; rows: number; brokenId: string; reason: string };

/** Walks rows in id order; reports the first row whose link or content does not match. */
export function verifyChain(
  rows: Iterable<ChainRow>,
  startPrevHash = GENESIS_HASH,
  startCount = 0,
): ChainVerdict {
  let prev = startPrevHash;
  let count = startCount;
  for (const row of rows) {
    count++;
    if (row.prevHash !== prev) {
      return {
        ok: false,
        rows: count,
        brokenId: row.id,
        reason: '直前の行のハッシュと一致しません（行の削除または挿入）',
      };
    }
    if (chainHash(row.prevHash, row) !== row.hash) {
      return {
        ok: false,
        rows: count,
        brokenId: row.id,
        reason: '行の内容がハッシュと一致しません（改ざん）',
      };
    }
    prev = row.hash;
  }
  return { ok: true, rows: count };
}

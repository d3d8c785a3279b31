import { appendAuditEntry, type AuditActor } from '../audit/audit.service';
import {
  beginRestore,
  endRestore,
  isCouncilState,
  type CouncilState,
} from '../platform/council-state-machine';
import { OpsErrors } from './ops.errors';
import { connect } from './restore';

/*
 * The council's state around a single-council restore (src/ops/council-rewind.ts): into `restoring`
 * before it, back to the state it came from after a failure. Each move is a committed transaction of
 * its own, recorded in the council's audit chain like the platform administrator's suspend / resume.
 */

/** A council the restore has put in `restoring`: the state it came from, with that state's reason and time. */
export interface Restoring {
  previous: CouncilState;
  reason: string | null;
  /** As PostgreSQL prints it (to the microsecond, which a Date would cut). */
  changedAt: string | null;
}

/**
 * One committed transaction of its own on the target, in the council's audit chain: the moves of the
 * council's state around a restore (the restore's own transaction is open meanwhile).
 */
async function inCouncilTransaction<T>(
  url: string,
  councilId: number,
  work: (client: Awaited<ReturnType<typeof connect>>) => Promise<T>,
): Promise<T> {
  const client = await connect(url);
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.council_id', $1, true)`, [String(councilId)]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Moves the council to `restoring`, remembering the state it came from, and commits: from here its
 * people's requests, logins and portal answer 503 and its new transactions are refused
 * (src/database/council-barrier.ts). Null when the target has no such council (nothing to hold back).
 */
export async function enterRestoring(
  url: string,
  council: { id: number; slug: string },
  actor: AuditActor,
  reason: string,
): Promise<Restoring | null> {
  return inCouncilTransaction(url, council.id, async (client) => {
    const { rows } = await client.query<{ state: string; reason: string | null; changed_at: string | null }>(
      `SELECT state, state_reason AS reason, state_changed_at::text AS changed_at FROM municipality WHERE id = $1 FOR NO KEY UPDATE`,
      [council.id],
    );
    if (!rows[0]) return null;
    const from = rows[0].state;
    if (!isCouncilState(from) || from === 'restoring')
      throw OpsErrors.councilAlreadyRestoring(`${council.id}（${council.slug}）`);
    const to = beginRestore(from);
    await client.query(
      `UPDATE municipality SET state = $2, state_before_restore = $3, state_reason = $4, state_changed_at = now()
        WHERE id = $1`,
      [council.id, to, from, reason],
    );
    await appendAuditEntry(client, {
      actor,
      action: 'state.change',
      targetType: 'council',
      targetId: String(council.id),
      detail: { transition: 'restore', from, to, reason, via: 'restore' },
    });
    return { previous: from, reason: rows[0].reason, changedAt: rows[0].changed_at };
  });
}

/**
 * After a failed restore: the council's row back exactly as it was before (the state it came from,
 * that state's reason and time), committed; the audit entry says why. Nothing happens when it is no
 * longer `restoring` (the platform administrator took it out meanwhile).
 */
export async function leaveRestoring(
  url: string,
  councilId: number,
  before: Restoring,
  actor: AuditActor,
  reason: string,
): Promise<void> {
  await inCouncilTransaction(url, councilId, async (client) => {
    const { rows } = await client.query<{ state: string; previous: string | null }>(
      `SELECT state, state_before_restore AS previous FROM municipality WHERE id = $1 FOR NO KEY UPDATE`,
      [councilId],
    );
    const row = rows[0];
    if (row?.state !== 'restoring' || row.previous !== before.previous) return;
    const { action, to } = endRestore(before.previous);
    await client.query(
      `UPDATE municipality SET state = $2, state_before_restore = NULL, state_reason = $3, state_changed_at = $4::timestamptz
        WHERE id = $1`,
      [councilId, to, before.reason, before.changedAt],
    );
    await appendAuditEntry(client, {
      actor,
      action: 'state.change',
      targetType: 'council',
      targetId: String(councilId),
      detail: { transition: action, from: 'restoring', to, reason, via: 'restore' },
    });
  });
}

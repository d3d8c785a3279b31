import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CommonErrors } from '../common/errors/app-error';
import { Minutes, MinutesConfirmation } from './minutes.entity';
import { MinutesErrors } from './minutes.errors';
import { minutesMachine } from './minutes-state-machine';
import { actorOf } from '../auth/actor';

/** What every write to the minutes shares: the locked row, the state and version checks, the audit entry. */

export async function lockMinutes(m: EntityManager, meetingId: string): Promise<Minutes> {
  const minutes = await m.findOne(Minutes, { where: { meetingId }, lock: { mode: 'pessimistic_write' } });
  if (!minutes) throw MinutesErrors.notFound();
  return minutes;
}

/** The minutes a correction or a mask belongs to (`id`: the minutes' own id), locked for the write. */
export function lockMinutesById(m: EntityManager, id: string): Promise<Minutes> {
  return m.findOneOrFail(Minutes, { where: { id }, lock: { mode: 'pessimistic_write' } });
}

export function assertDrafting(minutes: Minutes): void {
  if (minutes.state !== 'drafting') throw MinutesErrors.notDrafting(minutesMachine.label(minutes.state));
}

export function assertVersion(minutes: Minutes, version: number | undefined): void {
  if (version !== undefined && version !== minutes.version) throw CommonErrors.staleVersion('会議録');
}

/** The member's confirmation in the current round (the member must have attended). */
export async function confirmationOf(
  m: EntityManager,
  user: AuthUser,
  minutes: Minutes,
): Promise<MinutesConfirmation> {
  const row = await m.findOne(MinutesConfirmation, {
    where: { minutesId: minutes.id, round: minutes.round, userId: user.id },
  });
  if (!row) throw MinutesErrors.notAttended();
  return row;
}

export async function recordMinutes(
  audit: AuditService,
  m: EntityManager,
  user: AuthUser,
  action: string,
  minutes: Minutes,
  detail: Record<string, unknown>,
): Promise<void> {
  await audit.record(
    {
      actor: actorOf(user),
      action,
      targetType: 'minutes',
      targetId: minutes.id,
      detail: { meetingId: minutes.meetingId, ...detail },
    },
    m,
  );
}

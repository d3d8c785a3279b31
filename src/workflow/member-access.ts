import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { canViewCase, type CaseOwnership } from '../cases/case-access';

/** Whether a member or the chair attends a meeting that has this case on its agenda. */
export async function attendsMeetingWithCase(
  m: EntityManager,
  userId: string,
  caseId: string,
): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `SELECT 1 FROM agenda_item ai
       JOIN meeting_attendee ma ON ma.meeting_id = ai.meeting_id AND ma.category = 'member'
       JOIN council_member cm ON cm.id = ma.council_member_id
      WHERE ai.case_id = $1 AND cm.user_id = $2
      LIMIT 1`,
    [caseId, userId],
  );
  return rows.length > 0;
}

/** Whether a member or the chair attends this meeting. */
export async function attendsMeeting(m: EntityManager, userId: string, meetingId: string): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `SELECT 1 FROM meeting_attendee ma JOIN council_member cm ON cm.id = ma.council_member_id
      WHERE ma.meeting_id = $1 AND ma.category = 'member' AND cm.user_id = $2 LIMIT 1`,
    [meetingId, userId],
  );
  return rows.length > 0;
}

/**
 * The case-access rule narrowed for members and the chair: cases on the agenda of a meeting
 * they attend. Clerks and the secretariat follow `canViewCase` unchanged.
 */
export async function canViewCaseAsAttendee(
  m: EntityManager,
  user: AuthUser,
  c: CaseOwnership & { id: string },
): Promise<boolean> {
  if (!canViewCase(user, c)) return false;
  if (user.role === 'member' || user.role === 'chair') return attendsMeetingWithCase(m, user.id, c.id);
  return true;
}

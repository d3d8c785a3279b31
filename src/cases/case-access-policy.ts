import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { caseNotFound, type CaseOwnership } from './case-access';
import { UnitOfWork } from '../database/unit-of-work';

/** What the policy needs to know of a case. */
export interface CaseRef extends CaseOwnership {
  id: string;
}

/** Adds a bind parameter to the caller's query and returns its placeholder (`$n`). */
export type SqlParam = (value: unknown) => string;

export const isCouncilMember = (user: AuthUser): boolean => user.role === 'member' || user.role === 'chair';

/** The member (user `userSql`) attends, as a member, a meeting with case `caseSql` on its agenda. */
const onAttendedAgenda = (caseSql: string, userSql: string) =>
  `EXISTS (SELECT 1 FROM agenda_item ai_acl
             JOIN meeting_attendee ma_acl ON ma_acl.meeting_id = ai_acl.meeting_id AND ma_acl.category = 'member'
             JOIN council_member cm_acl ON cm_acl.id = ma_acl.council_member_id
            WHERE ai_acl.case_id = ${caseSql} AND cm_acl.user_id = ${userSql})`;

/**
 * The case's reply (答申) is public: issued, for an item deliberated in open session — exactly what
 * the public portal shows (PublicPortalService).
 */
const hasPublicReply = (caseSql: string) =>
  `EXISTS (SELECT 1 FROM reply r_acl JOIN agenda_item ri_acl ON ri_acl.id = r_acl.agenda_item_id
            WHERE r_acl.case_id = ${caseSql} AND r_acl.state = 'issued' AND NOT ri_acl.closed_session)`;

/**
 * THE rule of who sees a case, as an SQL condition on case alias `alias` (for lists: filter before paging).
 * - clerk: the cases of their own department, in every state;
 * - secretariat: every case except drafts (drafts belong to the department);
 * - member / chair: a case while it is on the agenda of a meeting they attend as a member, or once
 *   its reply is public. A case withdrawn before it reached an agenda is never theirs;
 * - admin (and anything else): none — admins run the system, not council business.
 */
export function caseVisibleSql(user: AuthUser, alias: string, p: SqlParam): string {
  switch (user.role) {
    case 'clerk':
      return user.departmentId ? `${alias}.department_id = ${p(user.departmentId)}` : 'false';
    case 'secretariat':
      return `${alias}.status <> 'draft'`;
    case 'member':
    case 'chair': {
      const u = p(user.id);
      return `(${onAttendedAgenda(`${alias}.id`, u)} OR ${hasPublicReply(`${alias}.id`)})`;
    }
    default:
      return 'false';
  }
}

/** The same rule for one case already loaded (no query for clerks, the secretariat and admins). */
export async function canViewCase(m: EntityManager, user: AuthUser, c: CaseRef): Promise<boolean> {
  switch (user.role) {
    case 'clerk':
      return !!user.departmentId && user.departmentId === c.departmentId;
    case 'secretariat':
      return c.status !== 'draft';
    case 'member':
    case 'chair': {
      const rows: unknown[] = await m.query(
        `SELECT 1 WHERE ${onAttendedAgenda('$1::uuid', '$2::uuid')} OR ${hasPublicReply('$1::uuid')}`,
        [c.id, user.id],
      );
      return rows.length > 0;
    }
    default:
      return false;
  }
}

/** The case if the user may see it; 404 otherwise, whether or not it exists (no existence leak). */
export async function assertCaseVisible<T extends CaseRef>(
  m: EntityManager,
  user: AuthUser,
  c: T | null | undefined,
): Promise<T> {
  if (!c || !(await canViewCase(m, user, c))) throw caseNotFound();
  return c;
}

/**
 * Replies (答申): only of a case the user sees, and drafts only for the secretariat, who writes them.
 * Clerks and members see issued replies only, in lists and alone.
 */
export function replyVisibleSql(user: AuthUser, replyAlias: string, caseAlias: string, p: SqlParam): string {
  const onCase = caseVisibleSql(user, caseAlias, p);
  return user.role === 'secretariat' ? onCase : `${onCase} AND ${replyAlias}.state = 'issued'`;
}

export async function canViewReply(
  m: EntityManager,
  user: AuthUser,
  reply: { state: string },
  c: CaseRef,
): Promise<boolean> {
  if (user.role !== 'secretariat' && reply.state !== 'issued') return false;
  return canViewCase(m, user, c);
}

/**
 * Internal (unredacted) minutes for members and the chair: only once they were sent round for
 * confirmation and not taken back to drafting — circulating (they are asked to confirm), confirmed
 * or published. Whether this member is asked at all is their confirmation row of the current round.
 */
export function membersMayReadInternalMinutes(state: string): boolean {
  return state === 'circulating' || state === 'confirmed' || state === 'published';
}

/** Whether a member or the chair attends this meeting (as a member). */
export async function attendsMeeting(m: EntityManager, userId: string, meetingId: string): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `SELECT 1 FROM meeting_attendee ma JOIN council_member cm ON cm.id = ma.council_member_id
      WHERE ma.meeting_id = $1 AND ma.category = 'member' AND cm.user_id = $2 LIMIT 1`,
    [meetingId, userId],
  );
  return rows.length > 0;
}

/**
 * Who sees a meeting (its agenda, papers, questions): the secretariat every meeting; members and
 * the chair the meetings they attend; clerks the meetings with one of their department's cases.
 */
export async function canSeeMeeting(m: EntityManager, user: AuthUser, meetingId: string): Promise<boolean> {
  if (user.role === 'secretariat') return true;
  if (isCouncilMember(user)) return attendsMeeting(m, user.id, meetingId);
  if (user.role === 'clerk' && user.departmentId) {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM agenda_item i JOIN case_file f ON f.id = i.case_id
        WHERE i.meeting_id = $1 AND f.department_id = $2 LIMIT 1`,
      [meetingId, user.departmentId],
    );
    return rows.length > 0;
  }
  return false;
}

/**
 * The access policy as a provider, for services: every route that returns a case, its reply,
 * conditions, attachments, documents or minutes asks it (test/integration/foundation/access-matrix.test.ts
 * walks every route as every role). Depends on the DataSource only, so any feature can import it.
 */
@Injectable()
export class CaseAccessPolicy {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  visibleSql(user: AuthUser, alias: string, p: SqlParam): string {
    return caseVisibleSql(user, alias, p);
  }

  canView(user: AuthUser, c: CaseRef, m: EntityManager = this.uow.managerOrRoot()): Promise<boolean> {
    return canViewCase(m, user, c);
  }

  assertVisible<T extends CaseRef>(
    user: AuthUser,
    c: T | null | undefined,
    m: EntityManager = this.uow.managerOrRoot(),
  ): Promise<T> {
    return assertCaseVisible(m, user, c);
  }

  canViewReply(
    user: AuthUser,
    reply: { state: string },
    c: CaseRef,
    m: EntityManager = this.uow.managerOrRoot(),
  ): Promise<boolean> {
    return canViewReply(m, user, reply, c);
  }
}

@Module({ providers: [CaseAccessPolicy], exports: [CaseAccessPolicy] })
export class CaseAccessModule {}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { membersMayReadInternalMinutes } from '../cases/case-access-policy';
import { CommonErrors } from '../common/errors/app-error';
import { CouncilMember } from '../council/council-member.entity';
import { Meeting } from '../meetings/meeting.entity';
import { NotificationsService } from '../notifications/notifications.service';
import {
  Minutes,
  MinutesConfirmation,
  MinutesCorrection,
  MinutesMask,
  MinutesRedactionSetting,
} from './minutes.entity';
import { MinutesCirculationService } from './minutes-circulation.service';
import { MinutesErrors } from './minutes.errors';
import { MinutesRedactionService } from './minutes-redaction.service';
import { minutesMachine, type MinutesAction } from './minutes-state-machine';
import { assertVersion, confirmationOf, lockMinutes, recordMinutes } from './minutes-tx';
import { UnitOfWork } from '../database/unit-of-work';
import { minutesRedactionSetting } from '../council/current-council';
import { indexMinutes } from '../public-portal/search/public-search-index';

/** An accepted correction applied to a line, as shown to the members (修正箇所). */
export interface TrackedChange {
  lineKey: string;
  lineNo: number | null;
  textBefore: string;
  textAfter: string;
  askedBy: string;
  acceptedAt: Date;
}

/**
 * The minutes of a meeting as the screens read them, and its state changes (each step's work is
 * done by the drafting, circulation and redaction services). Every step runs in one transaction
 * with its audit entry.
 */
@Injectable()
export class MinutesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly circulation: MinutesCirculationService,
    private readonly redaction: MinutesRedactionService,
  ) {}

  // ---- reading ----

  async find(meetingId: string, m: EntityManager = this.uow.managerOrRoot()): Promise<Minutes | null> {
    return m.findOne(Minutes, { where: { meetingId } });
  }

  async get(meetingId: string, m: EntityManager = this.uow.managerOrRoot()): Promise<Minutes> {
    const minutes = await this.find(meetingId, m);
    if (!minutes) throw MinutesErrors.notFound();
    return minutes;
  }

  async meeting(meetingId: string, m: EntityManager = this.uow.managerOrRoot()): Promise<Meeting> {
    const meeting = await m.findOne(Meeting, { where: { id: meetingId } });
    if (!meeting) throw CommonErrors.notFound('会議');
    return meeting;
  }

  /** The round's answers in 名簿順 (the chair first). */
  confirmations(minutes: Minutes): Promise<MinutesConfirmation[]> {
    return this.ds
      .getRepository(MinutesConfirmation)
      .createQueryBuilder('c')
      .leftJoin(CouncilMember, 'cm', 'cm.id = c.councilMemberId')
      .where('c.minutesId = :id AND c.round = :round', { id: minutes.id, round: minutes.round })
      .orderBy(`CASE cm.title WHEN 'chair' THEN 0 WHEN 'viceChair' THEN 1 ELSE 2 END`, 'ASC')
      .addOrderBy('cm.rosterOrder', 'ASC')
      .addOrderBy('c.memberName', 'ASC')
      .getMany();
  }

  /**
   * The tracked changes a member has not seen: corrections of this round accepted and applied after
   * the member last confirmed (all of the round's if the member has not confirmed yet), except the
   * member's own.
   */
  async unseenChanges(minutes: Minutes, confirmation: MinutesConfirmation): Promise<TrackedChange[]> {
    const seen =
      confirmation.status === 'confirmed' ? confirmation.respondedAt : confirmation.lastConfirmedAt;
    const rows: {
      line_key: string;
      text_before: string;
      proposed_text: string;
      member_name: string;
      decided_at: Date;
    }[] = await this.ds.query(
      `SELECT c.line_key, c.text_before, c.proposed_text, f.member_name, c.decided_at
         FROM minutes_correction c JOIN minutes_confirmation f ON f.id = c.confirmation_id
        WHERE c.minutes_id = $1 AND f.round = $2 AND c.status = 'accepted' AND c.text_before IS NOT NULL
          AND c.confirmation_id <> $3 AND ($4::timestamptz IS NULL OR c.decided_at > $4)
        ORDER BY c.decided_at, c.id`,
      [minutes.id, minutes.round, confirmation.id, seen],
    );
    const lineNo = new Map(minutes.lines.map((l, i) => [l.key, i + 1]));
    return rows.map((r) => ({
      lineKey: r.line_key,
      lineNo: lineNo.get(r.line_key) ?? null,
      textBefore: r.text_before,
      textAfter: r.proposed_text,
      askedBy: r.member_name,
      acceptedAt: r.decided_at,
    }));
  }

  /** Who asked for each correction: the member of its confirmation, by confirmation id. */
  async correctionAuthors(minutes: Minutes): Promise<Map<string, string>> {
    const rows: { id: string; member_name: string }[] = await this.ds.query(
      `SELECT id, member_name FROM minutes_confirmation WHERE minutes_id = $1`,
      [minutes.id],
    );
    return new Map(rows.map((r) => [r.id, r.member_name]));
  }

  corrections(minutes: Minutes): Promise<MinutesCorrection[]> {
    return this.ds.getRepository(MinutesCorrection).find({
      where: { minutesId: minutes.id },
      order: { createdAt: 'ASC' },
    });
  }

  masks(minutes: Minutes): Promise<MinutesMask[]> {
    return this.ds.getRepository(MinutesMask).find({
      where: { minutesId: minutes.id },
      order: { createdAt: 'ASC', lineKey: 'ASC', start: 'ASC' },
    });
  }

  async setting(): Promise<MinutesRedactionSetting> {
    return minutesRedactionSetting(this.ds.manager);
  }

  /** The member's confirmation in the current round (the member must have attended). */
  confirmationOf(user: AuthUser, minutes: Minutes, m: EntityManager = this.uow.managerOrRoot()) {
    return confirmationOf(m, user, minutes);
  }

  /**
   * Members see the internal minutes only once sent round to them and not taken back to drafting
   * (the case-access policy: `membersMayReadInternalMinutes`).
   */
  async memberMinutes(
    user: AuthUser,
    meetingId: string,
  ): Promise<{ minutes: Minutes; confirmation: MinutesConfirmation }> {
    const minutes = await this.get(meetingId);
    if (minutes.round === 0) throw MinutesErrors.notCirculating(minutesMachine.label(minutes.state));
    // A member who did not attend learns that first, whatever the state.
    const confirmation = await this.confirmationOf(user, minutes);
    if (!membersMayReadInternalMinutes(minutes.state))
      throw MinutesErrors.notCirculating(minutesMachine.label(minutes.state));
    return { minutes, confirmation };
  }

  // ---- state changes ----

  async act(
    user: AuthUser,
    meetingId: string,
    action: MinutesAction,
    input: { deadline?: string | null; comment?: string | null; version?: number },
  ): Promise<Minutes> {
    const result = await this.uow.run(user, async (m) => {
      const minutes = await lockMinutes(m, meetingId);
      const to = minutesMachine.check(action, minutes.state, user.role, input.comment);
      assertVersion(minutes, input.version);
      const from = minutes.state;
      const detail: Record<string, unknown> = { from, to };
      if (action === 'circulate')
        await this.circulation.circulate(m, minutes, input.deadline ?? null, detail);
      if (action === 'confirm') await this.circulation.confirm(m, minutes, detail);
      if (action === 'publish') await this.redaction.publish(m, minutes, detail);
      if (action === 'backToDrafting') {
        await m.delete(MinutesMask, { minutesId: minutes.id });
        minutes.redactionPrepared = false;
        minutes.publicLines = null;
        minutes.publishedAt = null;
        minutes.confirmedAt = null;
        detail.comment = input.comment;
      }
      minutes.state = to;
      minutes.updatedById = user.id;
      const saved = await m.save(minutes);
      // The public search reads only what publication produced, updated in the same transaction.
      if (action === 'publish' || action === 'backToDrafting') await indexMinutes(m, saved.meetingId);
      await recordMinutes(this.audit, m, user, 'state.change', saved, { action, ...detail });
      return saved;
    });
    return result;
  }
}

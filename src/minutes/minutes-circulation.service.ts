import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { Meeting } from '../meetings/meeting.entity';
import { NotificationsService } from '../notifications/notifications.service';
import {
  CONFIRMATION_STATUS_LABELS,
  Minutes,
  MinutesConfirmation,
  MinutesCorrection,
} from './minutes.entity';
import { MinutesErrors } from './minutes.errors';
import { editLine } from './minutes-lines';
import { minutesMachine } from './minutes-state-machine';
import { confirmationOf, lockMinutes, lockMinutesById, recordMinutes } from './minutes-tx';
import { todayInJapan } from '../common/format/today';
import { UnitOfWork } from '../database/unit-of-work';

export interface PaperAnswerInput {
  councilMemberId: string;
  result: 'confirmed' | 'corrected';
  /** YYYY-MM-DD, the day the answer arrived. */
  receivedOn: string | null;
  corrections?: string | null;
}

export interface CorrectionInput {
  lineKey: string;
  comment: string;
  proposedText?: string | null;
}

/**
 * The confirmation round: sending the draft to the attending members, their answers (online or on
 * paper), the secretariat's decisions on corrections, and closing the round.
 */
@Injectable()
export class MinutesCirculationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  // ---- steps of a state change (MinutesService.act), inside its transaction ----

  /** Opens a round: one pending confirmation per attending member, each notified. */
  async circulate(
    m: EntityManager,
    minutes: Minutes,
    deadline: string | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    if (!deadline) throw MinutesErrors.deadlineRequired();
    if (deadline < todayInJapan()) throw MinutesErrors.deadlineInPast();
    const attendees: { council_member_id: string; user_id: string | null; name: string }[] = await m.query(
      `SELECT a.council_member_id, cm.user_id, cm.name FROM meeting_attendee a
         JOIN council_member cm ON cm.id = a.council_member_id
        WHERE a.meeting_id = $1 AND a.category = 'member' AND a.attendance = 'present'
        ORDER BY a.sort_order, cm.roster_order, cm.name`,
      [minutes.meetingId],
    );
    if (attendees.length === 0) throw MinutesErrors.noAttendees();
    minutes.round += 1;
    minutes.deadline = deadline;
    minutes.circulatedAt = new Date();
    for (const a of attendees)
      await m.save(
        m.create(MinutesConfirmation, {
          minutesId: minutes.id,
          round: minutes.round,
          councilMemberId: a.council_member_id,
          userId: a.user_id,
          memberName: a.name,
          status: 'pending',
        }),
      );
    const meeting = await m.findOneByOrFail(Meeting, { id: minutes.meetingId });
    await this.notifications.toUsers(
      m,
      attendees.map((a) => a.user_id).filter((id): id is string => Boolean(id)),
      {
        kind: 'minutesCirculated',
        title: `第${meeting.number}回会議録（案）の確認のお願い（期限 ${deadline}）`,
        body: '会議録（案）を確認し、確認済みとするか修正を依頼してください。',
        link: `/minutes/${minutes.meetingId}/confirm`,
      },
    );
    Object.assign(detail, { round: minutes.round, deadline, members: attendees.map((a) => a.name) });
  }

  /** Closes the round: every member answered (or the deadline passed: silence) and no correction open. */
  async confirm(m: EntityManager, minutes: Minutes, detail: Record<string, unknown>): Promise<void> {
    const rows = await m.find(MinutesConfirmation, {
      where: { minutesId: minutes.id, round: minutes.round },
    });
    const pending = rows.filter((r) => r.status === 'pending');
    const pastDeadline = minutes.deadline !== null && minutes.deadline < todayInJapan();
    if (pending.length && !pastDeadline) throw MinutesErrors.pendingAnswers(pending.map((p) => p.memberName));
    for (const p of pending) {
      p.status = 'silent';
      p.silenceRecordedAt = new Date();
      await m.save(p);
    }
    const open = await m.count(MinutesCorrection, { where: { minutesId: minutes.id, status: 'open' } });
    if (open) throw MinutesErrors.openCorrections(open);
    minutes.confirmedAt = new Date();
    Object.assign(detail, { silent: pending.map((p) => p.memberName) });
  }

  // ---- the member's answer ----

  async memberConfirm(user: AuthUser, meetingId: string): Promise<MinutesConfirmation> {
    return this.uow.run(user, async (m) => {
      const minutes = await lockMinutes(m, meetingId);
      const row = await this.answerable(user, minutes, m);
      row.status = 'confirmed';
      row.respondedAt = new Date();
      row.lastConfirmedAt = row.respondedAt;
      const saved = await m.save(row);
      await recordMinutes(this.audit, m, user, 'minutes.member.confirm', minutes, {
        round: minutes.round,
        member: row.memberName,
      });
      return saved;
    });
  }

  async memberCorrect(
    user: AuthUser,
    meetingId: string,
    input: CorrectionInput[],
  ): Promise<MinutesCorrection[]> {
    const items = input.filter((c) => c.comment.trim() || c.proposedText?.trim());
    if (items.length === 0) throw MinutesErrors.correctionsEmpty();
    return this.uow.run(user, async (m) => {
      const minutes = await lockMinutes(m, meetingId);
      const row = await this.answerable(user, minutes, m);
      const saved: MinutesCorrection[] = [];
      for (const c of items) {
        const line = minutes.lines.find((l) => l.key === c.lineKey);
        if (!line) throw MinutesErrors.lineNotFound(c.lineKey);
        saved.push(
          await m.save(
            m.create(MinutesCorrection, {
              minutesId: minutes.id,
              confirmationId: row.id,
              lineKey: c.lineKey,
              originalText: line.text,
              proposedText: c.proposedText?.trim() || null,
              comment: c.comment.trim() || '（修正案のとおり）',
              status: 'open',
            }),
          ),
        );
      }
      row.status = 'corrected';
      row.respondedAt = new Date();
      await m.save(row);
      await recordMinutes(this.audit, m, user, 'minutes.member.correct', minutes, {
        round: minutes.round,
        member: row.memberName,
        lines: items.map((c) => c.lineKey),
      });
      return saved;
    });
  }

  /**
   * The secretariat enters an answer a member sent by post or on paper: the same confirmation
   * row as an online answer, marked with the channel, the day received and who entered it. A
   * paper correction is free text and waits for the secretariat's decision like any other.
   */
  async recordPaperAnswer(
    user: AuthUser,
    meetingId: string,
    input: PaperAnswerInput,
  ): Promise<{ confirmation: MinutesConfirmation; correction: MinutesCorrection | null }> {
    const corrections = input.corrections?.trim() ?? '';
    return this.uow.run(user, async (m) => {
      const minutes = await lockMinutes(m, meetingId);
      if (minutes.state !== 'circulating')
        throw MinutesErrors.paperRoundClosed(minutesMachine.label(minutes.state));
      const row = await m.findOne(MinutesConfirmation, {
        where: { minutesId: minutes.id, round: minutes.round, councilMemberId: input.councilMemberId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw MinutesErrors.paperNotAttendee();
      // A letter posted in time may arrive after the deadline scan recorded silence.
      if (row.status !== 'pending' && row.status !== 'silent')
        throw MinutesErrors.paperAlreadyAnswered(row.memberName, CONFIRMATION_STATUS_LABELS[row.status]);
      if (!input.receivedOn) throw MinutesErrors.receivedOnRequired();
      const from = todayInJapan(minutes.circulatedAt ?? new Date());
      const today = todayInJapan();
      if (input.receivedOn < from || input.receivedOn > today)
        throw MinutesErrors.receivedOnOutOfRange(from, today);
      if (input.result === 'corrected' && !corrections) throw MinutesErrors.paperCorrectionsEmpty();
      const previous = row.status;
      row.status = input.result;
      row.respondedAt = new Date();
      row.silenceRecordedAt = null;
      if (input.result === 'confirmed') row.lastConfirmedAt = row.respondedAt;
      row.channel = 'paper';
      row.receivedOn = input.receivedOn;
      row.recordedById = user.id;
      row.recordedByName = user.displayName;
      const confirmation = await m.save(row);
      const correction =
        input.result === 'corrected'
          ? await m.save(
              m.create(MinutesCorrection, {
                minutesId: minutes.id,
                confirmationId: row.id,
                lineKey: null,
                originalText: null,
                proposedText: null,
                comment: corrections,
                status: 'open',
              }),
            )
          : null;
      await recordMinutes(
        this.audit,
        m,
        user,
        input.result === 'confirmed' ? 'minutes.paper.confirm' : 'minutes.paper.correct',
        minutes,
        {
          round: minutes.round,
          member: row.memberName,
          channel: 'paper',
          receivedOn: input.receivedOn,
          previous,
          ...(correction ? { correction: correction.id, text: corrections } : {}),
        },
      );
      return { confirmation, correction };
    });
  }

  private async answerable(user: AuthUser, minutes: Minutes, m: EntityManager): Promise<MinutesConfirmation> {
    if (minutes.state !== 'circulating') {
      // A member who did not attend learns that first, whatever the state.
      await confirmationOf(m, user, minutes);
      throw MinutesErrors.notCirculating(minutesMachine.label(minutes.state));
    }
    const row = await confirmationOf(m, user, minutes);
    if (row.status !== 'pending') throw MinutesErrors.alreadyAnswered();
    return row;
  }

  /** The secretariat accepts (the line takes the proposed text) or rejects a correction. */
  async decideCorrection(
    user: AuthUser,
    correctionId: string,
    accept: boolean,
    note: string | null,
    postal: { lineKey?: string | null; text?: string | null } = {},
  ): Promise<MinutesCorrection> {
    return this.uow.run(user, async (m) => {
      const c = await m.findOne(MinutesCorrection, { where: { id: correctionId } });
      if (!c) throw MinutesErrors.correctionNotFound();
      const minutes = await lockMinutesById(m, c.minutesId);
      if (minutes.state !== 'circulating')
        throw MinutesErrors.notCirculating(minutesMachine.label(minutes.state));
      if (c.status !== 'open') throw MinutesErrors.correctionDecided();
      // A correction received by post is free text: the secretariat names the line and transcribes
      // the new text when accepting it, and it is then applied like an online one.
      const postalText = postal.text?.trim();
      if (accept && c.lineKey === null && postal.lineKey && postalText) {
        const line = minutes.lines.find((l) => l.key === postal.lineKey);
        if (!line) throw MinutesErrors.lineNotFound(postal.lineKey);
        c.lineKey = line.key;
        c.originalText = line.text;
        c.proposedText = postalText;
      }
      if (accept && c.proposedText !== null && c.lineKey !== null) {
        const index = minutes.lines.findIndex((l) => l.key === c.lineKey);
        if (index < 0) throw MinutesErrors.lineNotFound(c.lineKey);
        // Kept as a tracked change: the text before, the text after (proposed), who asked, when.
        c.textBefore = minutes.lines[index].text;
        minutes.lines[index] = editLine(minutes.lines[index], c.proposedText);
        minutes.updatedById = user.id;
        await m.save(minutes);
        // The round goes on: only a member who confirmed before this change (and did not ask for it)
        // has not seen it, so only that member's confirmation is opened again.
        await m.query(
          `UPDATE minutes_confirmation SET status = 'pending', responded_at = NULL
            WHERE minutes_id = $1 AND round = $2 AND status = 'confirmed' AND id <> $3`,
          [minutes.id, minutes.round, c.confirmationId],
        );
      }
      c.status = accept ? 'accepted' : 'rejected';
      c.decisionNote = note;
      c.decidedById = user.id;
      c.decidedAt = new Date();
      const saved = await m.save(c);
      await recordMinutes(
        this.audit,
        m,
        user,
        accept ? 'minutes.correction.accept' : 'minutes.correction.reject',
        minutes,
        {
          correction: c.id,
          line: c.lineKey,
          proposed: c.proposedText,
          note,
        },
      );
      return saved;
    });
  }
}

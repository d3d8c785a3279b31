import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { membersMayReadInternalMinutes } from '../cases/case-access-policy';
import { CommonErrors } from '../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CouncilMember } from '../council/council-member.entity';
import { Meeting } from '../meetings/meeting.entity';
import { MEETING_STATE_LABELS } from '../meetings/meeting-state-machine';
import {
  NotificationsService,
  todayInJapan,
  type NotificationBatch,
} from '../notifications/notifications.service';
import { actorOf } from '../workflow/workflow.service';
import {
  CONFIRMATION_STATUS_LABELS,
  Minutes,
  MinutesConfirmation,
  MinutesCorrection,
  MinutesMask,
  MinutesRedactionSetting,
} from './minutes.entity';
import { MinutesErrors } from './minutes.errors';
import { generateMinutes } from './minutes-generator';
import { editLine, mergeRegenerated, type MinutesLine, type SpeakerRole } from './minutes-lines';
import { loadMinutesRecord, loadRecordPeople } from './minutes-record';
import { minutesMachine, type MinutesAction } from './minutes-state-machine';
import { buildPublicLines, proposeMasks } from './redaction/public-version';

/** Who may be actor of a system step (the scheduled scan). */
const SYSTEM_ACTOR = { id: null, name: 'system', role: 'system' };
/** Days before the deadline when pending members are reminded. */
export const REMINDER_DAYS = 3;

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
 * The minutes of a meeting: drafting from the record (regeneration keeps hand edits), the
 * confirmation round with the attending members, redaction for publication and publishing.
 * Every step runs in one transaction with its audit entry.
 */
/** An accepted correction applied to a line, as shown to the members (修正箇所). */
export interface TrackedChange {
  lineKey: string;
  lineNo: number | null;
  textBefore: string;
  textAfter: string;
  askedBy: string;
  acceptedAt: Date;
}

@Injectable()
export class MinutesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MinutesService.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.minutesScanMinutes === 0) return;
    const run = () =>
      this.scanConfirmations().catch((err: unknown) => this.logger.error({ err }, 'minutes scan failed'));
    this.timer = setInterval(run, this.config.minutesScanMinutes * 60_000);
    this.timer.unref();
    void run();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  // ---- reading ----

  async find(meetingId: string, m: EntityManager = this.ds.manager): Promise<Minutes | null> {
    return m.findOne(Minutes, { where: { meetingId } });
  }

  async get(meetingId: string, m: EntityManager = this.ds.manager): Promise<Minutes> {
    const minutes = await this.find(meetingId, m);
    if (!minutes) throw MinutesErrors.notFound();
    return minutes;
  }

  async meeting(meetingId: string, m: EntityManager = this.ds.manager): Promise<Meeting> {
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
    return this.ds.getRepository(MinutesRedactionSetting).findOneByOrFail({ id: 1 });
  }

  /** The member's confirmation in the current round (the member must have attended). */
  async confirmationOf(user: AuthUser, minutes: Minutes, m: EntityManager = this.ds.manager) {
    const row = await m.findOne(MinutesConfirmation, {
      where: { minutesId: minutes.id, round: minutes.round, userId: user.id },
    });
    if (!row) throw MinutesErrors.notAttended();
    return row;
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

  // ---- drafting ----

  /** Creates the draft from the record, or regenerates it keeping hand edits (with warnings). */
  async generate(user: AuthUser, meetingId: string, version?: number): Promise<Minutes> {
    return this.ds.transaction(async (m) => {
      const meeting = await m.findOne(Meeting, {
        where: { id: meetingId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!meeting) throw CommonErrors.notFound('会議');
      if (meeting.state !== 'held' && meeting.state !== 'closed')
        throw MinutesErrors.meetingNotHeld(MEETING_STATE_LABELS[meeting.state]);
      const fresh = generateMinutes(await loadMinutesRecord(m, meeting));
      const existing = await this.find(meetingId, m);
      if (!existing) {
        const created = await m.save(
          m.create(Minutes, {
            meetingId,
            state: 'drafting',
            lines: fresh.map((g) => ({
              ...g,
              source: 'generated' as const,
              generatedText: g.text,
              after: null,
            })),
            warnings: [],
            publicLines: null,
            updatedById: user.id,
          }),
        );
        await this.record(m, user, 'create', created, { lines: created.lines.length });
        return created;
      }
      this.assertDrafting(existing);
      this.assertVersion(existing, version);
      const { lines, warnings } = mergeRegenerated(existing.lines, fresh);
      existing.lines = lines;
      existing.warnings = warnings;
      existing.updatedById = user.id;
      const saved = await m.save(existing);
      await this.record(m, user, 'minutes.regenerate', saved, {
        lines: lines.length,
        warnings: warnings.map((w) => w.kind),
      });
      return saved;
    });
  }

  async editLine(
    user: AuthUser,
    meetingId: string,
    key: string,
    text: string,
    version?: number,
  ): Promise<Minutes> {
    return this.mutateDraft(user, meetingId, version, (minutes) => {
      const index = minutes.lines.findIndex((l) => l.key === key);
      if (index < 0) throw MinutesErrors.lineNotFound(key);
      const before = minutes.lines[index].text;
      minutes.lines[index] = editLine(minutes.lines[index], text);
      return { action: 'minutes.line.edit', detail: { key, before, after: text } };
    });
  }

  async addLine(
    user: AuthUser,
    meetingId: string,
    input: { afterKey: string | null; text: string; speakerRole: SpeakerRole | null },
    version?: number,
  ): Promise<Minutes> {
    return this.mutateDraft(user, meetingId, version, (minutes) => {
      let index = -1;
      if (input.afterKey !== null) {
        index = minutes.lines.findIndex((l) => l.key === input.afterKey);
        if (index < 0) throw MinutesErrors.lineNotFound(input.afterKey);
      }
      const anchor = index >= 0 ? minutes.lines[index] : null;
      const line: MinutesLine = {
        key: `manual:${randomUUID()}`,
        kind: input.speakerRole ? 'speech' : 'text',
        speakerRole: input.speakerRole,
        speakerName: null,
        text: input.text,
        closed: anchor?.closed ?? false,
        source: 'manual',
        generatedText: null,
        after: anchor?.key ?? null,
      };
      minutes.lines.splice(index + 1, 0, line);
      return { action: 'minutes.line.add', detail: { key: line.key, after: line.after, text: line.text } };
    });
  }

  async deleteLine(user: AuthUser, meetingId: string, key: string, version?: number): Promise<Minutes> {
    return this.mutateDraft(user, meetingId, version, (minutes) => {
      const index = minutes.lines.findIndex((l) => l.key === key);
      if (index < 0) throw MinutesErrors.lineNotFound(key);
      if (minutes.lines[index].source !== 'manual') throw MinutesErrors.notManualLine();
      const [removed] = minutes.lines.splice(index, 1);
      // Manual lines anchored to the removed one follow its own anchor.
      for (const l of minutes.lines) if (l.after === key) l.after = removed.after ?? null;
      return { action: 'minutes.line.delete', detail: { key, text: removed.text } };
    });
  }

  private async mutateDraft(
    user: AuthUser,
    meetingId: string,
    version: number | undefined,
    fn: (minutes: Minutes) => { action: string; detail: Record<string, unknown> },
  ): Promise<Minutes> {
    return this.ds.transaction(async (m) => {
      const minutes = await this.lock(m, meetingId);
      this.assertDrafting(minutes);
      this.assertVersion(minutes, version);
      const { action, detail } = fn(minutes);
      minutes.updatedById = user.id;
      const saved = await m.save(minutes);
      await this.record(m, user, action, saved, detail);
      return saved;
    });
  }

  // ---- state changes ----

  async act(
    user: AuthUser,
    meetingId: string,
    action: MinutesAction,
    input: { deadline?: string | null; comment?: string | null; version?: number },
  ): Promise<Minutes> {
    const batch = this.notifications.batch();
    const result = await this.ds.transaction(async (m) => {
      const minutes = await this.lock(m, meetingId);
      const to = minutesMachine.check(action, minutes.state, user.role, input.comment);
      this.assertVersion(minutes, input.version);
      const from = minutes.state;
      const detail: Record<string, unknown> = { from, to };
      if (action === 'circulate') await this.circulate(m, minutes, input.deadline ?? null, batch, detail);
      if (action === 'confirm') await this.confirm(m, minutes, detail);
      if (action === 'publish') await this.publish(m, minutes, detail);
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
      await this.record(m, user, 'state.change', saved, { action, ...detail });
      return saved;
    });
    await batch.send();
    return result;
  }

  private async circulate(
    m: EntityManager,
    minutes: Minutes,
    deadline: string | null,
    batch: NotificationBatch,
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
    await batch.toUsers(
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

  private async confirm(m: EntityManager, minutes: Minutes, detail: Record<string, unknown>): Promise<void> {
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

  private async publish(m: EntityManager, minutes: Minutes, detail: Record<string, unknown>): Promise<void> {
    if (!minutes.redactionPrepared) throw MinutesErrors.redactionNotPrepared();
    const masks = await m.find(MinutesMask, { where: { minutesId: minutes.id } });
    const undecided = masks.filter((x) => x.status === 'proposed').length;
    if (undecided) throw MinutesErrors.masksUndecided(undecided);
    const accepted = masks.filter((x) => x.status === 'accepted');
    minutes.publicLines = buildPublicLines(minutes.lines, accepted);
    minutes.publishedAt = new Date();
    Object.assign(detail, { masks: accepted.length, publicLines: minutes.publicLines.length });
  }

  // ---- the member's answer ----

  async memberConfirm(user: AuthUser, meetingId: string): Promise<MinutesConfirmation> {
    return this.ds.transaction(async (m) => {
      const minutes = await this.lock(m, meetingId);
      const row = await this.answerable(user, minutes, m);
      row.status = 'confirmed';
      row.respondedAt = new Date();
      row.lastConfirmedAt = row.respondedAt;
      const saved = await m.save(row);
      await this.record(m, user, 'minutes.member.confirm', minutes, {
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
    return this.ds.transaction(async (m) => {
      const minutes = await this.lock(m, meetingId);
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
      await this.record(m, user, 'minutes.member.correct', minutes, {
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
    return this.ds.transaction(async (m) => {
      const minutes = await this.lock(m, meetingId);
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
      await this.record(
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
      await this.confirmationOf(user, minutes, m);
      throw MinutesErrors.notCirculating(minutesMachine.label(minutes.state));
    }
    const row = await this.confirmationOf(user, minutes, m);
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
    return this.ds.transaction(async (m) => {
      const c = await m.findOne(MinutesCorrection, { where: { id: correctionId } });
      if (!c) throw MinutesErrors.correctionNotFound();
      const minutes = await m.findOneOrFail(Minutes, {
        where: { id: c.minutesId },
        lock: { mode: 'pessimistic_write' },
      });
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
      await this.record(
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

  // ---- redaction ----

  /** Runs detection over the confirmed minutes and records every proposal and allow-list hit. */
  async prepareRedaction(user: AuthUser, meetingId: string): Promise<MinutesMask[]> {
    return this.ds.transaction(async (m) => {
      const minutes = await this.lock(m, meetingId);
      if (minutes.state !== 'confirmed')
        throw MinutesErrors.notConfirmed(minutesMachine.label(minutes.state));
      await m.delete(MinutesMask, { minutesId: minutes.id });
      const setting = await m.findOneByOrFail(MinutesRedactionSetting, { id: 1 });
      const people = await loadRecordPeople(m, minutes.meetingId, setting);
      const candidates = proposeMasks(minutes.lines, people, setting.allowList);
      const now = new Date();
      const rows = await m.save(
        candidates.map((c) =>
          m.create(MinutesMask, {
            ...c,
            minutesId: minutes.id,
            decidedById: c.status === 'allowed' ? user.id : null,
            decidedAt: c.status === 'allowed' ? now : null,
          }),
        ),
      );
      minutes.redactionPrepared = true;
      await m.save(minutes);
      await this.record(m, user, 'minutes.redaction.prepare', minutes, {
        proposed: rows.filter((r) => r.status === 'proposed').length,
        allowed: rows
          .filter((r) => r.status === 'allowed')
          .map((r) => ({ text: r.original, as: r.allowedAs })),
      });
      return rows;
    });
  }

  async decideMask(
    user: AuthUser,
    maskId: string,
    accept: boolean,
    replacement?: string | null,
  ): Promise<MinutesMask> {
    return this.ds.transaction(async (m) => {
      const mask = await m.findOne(MinutesMask, { where: { id: maskId } });
      if (!mask) throw MinutesErrors.maskNotFound();
      const minutes = await m.findOneOrFail(Minutes, {
        where: { id: mask.minutesId },
        lock: { mode: 'pessimistic_write' },
      });
      if (minutes.state !== 'confirmed')
        throw MinutesErrors.notConfirmed(minutesMachine.label(minutes.state));
      mask.status = accept ? 'accepted' : 'rejected';
      if (accept && replacement?.trim()) mask.replacement = replacement.trim();
      mask.decidedById = user.id;
      mask.decidedAt = new Date();
      const saved = await m.save(mask);
      await this.record(m, user, accept ? 'minutes.mask.accept' : 'minutes.mask.reject', minutes, {
        mask: mask.id,
        line: mask.lineKey,
        kind: mask.kind,
        original: mask.original,
        replacement: mask.replacement,
      });
      return saved;
    });
  }

  async updateSetting(
    user: AuthUser,
    input: Pick<MinutesRedactionSetting, 'explainerNames' | 'secretariatNames' | 'allowList' | 'version'>,
  ): Promise<MinutesRedactionSetting> {
    return this.ds.transaction(async (m) => {
      const s = await m.findOneOrFail(MinutesRedactionSetting, {
        where: { id: 1 },
        lock: { mode: 'pessimistic_write' },
      });
      if (s.version !== input.version) throw CommonErrors.staleVersion('公開時の氏名の扱い');
      s.explainerNames = input.explainerNames;
      s.secretariatNames = input.secretariatNames;
      s.allowList = input.allowList;
      const saved = await m.save(s);
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'update',
          targetType: 'minutes_redaction_setting',
          targetId: '1',
          detail: { ...input },
        },
        m,
      );
      return saved;
    });
  }

  // ---- the scheduled scan ----

  /**
   * Reminds pending members of circulating minutes whose deadline is near (once each) and records
   * the silence of members who did not answer by the deadline. `today` is YYYY-MM-DD in Japan.
   */
  async scanConfirmations(today = todayInJapan()): Promise<{ reminded: number; silent: number }> {
    const batch = this.notifications.batch();
    const counts = { reminded: 0, silent: 0 };
    await this.ds.transaction(async (m) => {
      const rows: {
        id: string;
        minutes_id: string;
        meeting_id: string;
        user_id: string | null;
        deadline: string;
        number: number;
        late: boolean;
        member_name: string;
      }[] = await m.query(
        `SELECT c.id, c.minutes_id, mi.meeting_id, c.user_id, mi.deadline::text AS deadline, mt.number,
                  mi.deadline < $1::date AS late, c.member_name
             FROM minutes_confirmation c
             JOIN minutes mi ON mi.id = c.minutes_id AND mi.round = c.round
             JOIN meeting mt ON mt.id = mi.meeting_id
            WHERE mi.state = 'circulating' AND c.status = 'pending'
              AND (mi.deadline < $1::date OR (mi.deadline <= $1::date + $2::int AND c.reminded_at IS NULL))
            FOR UPDATE OF c`,
        [today, REMINDER_DAYS],
      );
      for (const r of rows) {
        if (r.late) {
          await m.update(
            MinutesConfirmation,
            { id: r.id },
            { status: 'silent', silenceRecordedAt: new Date() },
          );
          await this.audit.record(
            {
              actor: SYSTEM_ACTOR,
              action: 'minutes.member.silent',
              targetType: 'minutes',
              targetId: r.minutes_id,
              detail: { member: r.member_name, deadline: r.deadline },
            },
            m,
          );
          counts.silent++;
          continue;
        }
        await m.update(MinutesConfirmation, { id: r.id }, { remindedAt: new Date() });
        if (r.user_id)
          await batch.toUsers(m, [r.user_id], {
            kind: 'minutesReminder',
            title: `第${r.number}回会議録（案）の確認期限（${r.deadline}）が近づいています`,
            body: '会議録（案）を確認し、確認済みとするか修正を依頼してください。',
            link: `/minutes/${r.meeting_id}/confirm`,
          });
        await this.audit.record(
          {
            actor: SYSTEM_ACTOR,
            action: 'minutes.member.remind',
            targetType: 'minutes',
            targetId: r.minutes_id,
            detail: { member: r.member_name, deadline: r.deadline },
          },
          m,
        );
        counts.reminded++;
      }
    });
    await batch.send();
    return counts;
  }

  // ---- helpers ----

  private async lock(m: EntityManager, meetingId: string): Promise<Minutes> {
    const minutes = await m.findOne(Minutes, { where: { meetingId }, lock: { mode: 'pessimistic_write' } });
    if (!minutes) throw MinutesErrors.notFound();
    return minutes;
  }

  private assertDrafting(minutes: Minutes): void {
    if (minutes.state !== 'drafting') throw MinutesErrors.notDrafting(minutesMachine.label(minutes.state));
  }

  private assertVersion(minutes: Minutes, version: number | undefined): void {
    if (version !== undefined && version !== minutes.version) throw CommonErrors.staleVersion('会議録');
  }

  private async record(
    m: EntityManager,
    user: AuthUser,
    action: string,
    minutes: Minutes,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(
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
}

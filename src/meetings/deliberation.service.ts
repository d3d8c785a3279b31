import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CaseFile } from '../cases/case-file.entity';
import { CommonErrors } from '../common/errors/app-error';
import { NotificationsService } from '../notifications/notifications.service';
import { RepliesService } from '../replies/replies.service';
import type { CaseAction } from '../workflow/case-state-machine';
import { WorkflowService } from '../workflow/workflow.service';
import {
  AGENDA_SECTION_LABELS,
  AgendaItem,
  AgendaItemCorrection,
  DeliberationEntry,
  OUTCOME_LABELS,
  SupplementaryOpinion,
  type Outcome,
  type OutcomeSnapshot,
} from './agenda-item.entity';
import type { AddEntryDto, CorrectOutcomeDto, RecordOutcomeDto } from './dto/deliberation.dto';
import { formatReplyNumber } from '../workflow/numbering';
import type { ReplyOutcome } from '../replies/reply.entity';
import { meetingMachine } from './meeting-state-machine';
import { Meeting } from './meeting.entity';
import { MeetingErrors } from './meetings.errors';
import { lastPosition } from './positions';
import { actorOf } from '../auth/actor';
import { lockRow } from '../database/lock-row';
import { UnitOfWork } from '../database/unit-of-work';

const SECTION_OUTCOMES: Record<AgendaItem['section'], readonly Outcome[]> = {
  consultation: ['approved', 'approvedWithOpinion', 'rejected', 'continued', 'withdrawn'],
  report: ['noted', 'continued', 'withdrawn'],
};

const CASE_ACTION_OF: Record<Outcome, CaseAction> = {
  approved: 'decide',
  approvedWithOpinion: 'decide',
  rejected: 'decide',
  noted: 'decide',
  continued: 'continue',
  withdrawn: 'recordWithdrawal',
};

const REPLY_OUTCOMES: readonly Outcome[] = ['approved', 'approvedWithOpinion', 'rejected'];

/**
 * The case transition that follows a corrected outcome (from the case table), or null when
 * the case stays where it is (a continued item corrected to continued, e.g. new counts).
 * Withdrawals are not corrected here.
 */
export function correctionAction(from: Outcome, to: Outcome): CaseAction | null {
  if (from === 'continued' && to === 'continued') return null;
  if (from === 'continued') return 'correctFromContinued';
  if (to === 'continued') return 'correctToContinued';
  return 'correctOutcome';
}

/** Checks an outcome against the item; pure so the rules are tested without a database. */
export function validateOutcome(section: AgendaItem['section'], dto: RecordOutcomeDto): void {
  if (!SECTION_OUTCOMES[section].includes(dto.outcome))
    throw MeetingErrors.outcomeNotForSection(OUTCOME_LABELS[dto.outcome], AGENDA_SECTION_LABELS[section]);
  const opinions = (dto.supplementaryOpinions ?? []).filter((t) => t.trim());
  if (dto.outcome === 'approvedWithOpinion' && opinions.length === 0) throw MeetingErrors.opinionRequired();
  if (dto.outcome !== 'approvedWithOpinion' && opinions.length > 0) throw MeetingErrors.opinionNotAllowed();
  if (['approved', 'approvedWithOpinion', 'rejected'].includes(dto.outcome) && !dto.voteMethod)
    throw MeetingErrors.voteRequired();
  if (dto.outcome === 'withdrawn' && !dto.withdrawalReason?.trim())
    throw MeetingErrors.withdrawalReasonRequired();
}

@Injectable()
export class DeliberationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly workflow: WorkflowService,
    private readonly replies: RepliesService,
    private readonly notifications: NotificationsService,
  ) {}

  entries(itemIds: string[], m: EntityManager = this.uow.managerOrRoot()): Promise<DeliberationEntry[]> {
    if (itemIds.length === 0) return Promise.resolve([]);
    return m
      .getRepository(DeliberationEntry)
      .find({ where: { agendaItemId: In(itemIds) }, order: { position: 'ASC' } });
  }

  opinions(itemIds: string[], m: EntityManager = this.uow.managerOrRoot()): Promise<SupplementaryOpinion[]> {
    if (itemIds.length === 0) return Promise.resolve([]);
    return m
      .getRepository(SupplementaryOpinion)
      .find({ where: { agendaItemId: In(itemIds) }, order: { position: 'ASC' } });
  }

  /** Q&A of the same case at earlier meetings (a continued case carries its record along). */
  async earlierEntries(item: AgendaItem): Promise<(DeliberationEntry & { meetingNumber: number })[]> {
    if (!item.caseId) return [];
    return this.ds.query(
      `SELECT e.id, e.phase, e.speaker_role AS "speakerRole", e.speaker_name AS "speakerName", e.text, e.position,
              mt.number AS "meetingNumber"
         FROM deliberation_entry e JOIN agenda_item i ON i.id = e.agenda_item_id JOIN meeting mt ON mt.id = i.meeting_id
        WHERE i.case_id = $1 AND i.id <> $2 AND mt.starts_at < (SELECT starts_at FROM meeting WHERE id = $3)
        ORDER BY mt.starts_at, e.position`,
      [item.caseId, item.id, item.meetingId],
    );
  }

  /** Locks the meeting and the item; the meeting must be in one of `states` (held by default). */
  private async lockItem(
    m: EntityManager,
    meetingId: string,
    itemId: string,
    states: readonly Meeting['state'][] = ['held'],
    notInState: (stateLabel: string) => Error = MeetingErrors.notHeld,
  ): Promise<{ meeting: Meeting; item: AgendaItem }> {
    const meeting = await lockRow(m, Meeting, { id: meetingId }, MeetingErrors.notFound);
    const item = await lockRow(m, AgendaItem, { id: itemId, meetingId }, MeetingErrors.itemNotFound);
    if (!states.includes(meeting.state)) throw notInState(meetingMachine.label(meeting.state));
    return { meeting, item };
  }

  /** The rules of validateOutcome, plus: items that are not cases are only noted or continued. */
  private validateItemOutcome(item: AgendaItem, dto: RecordOutcomeDto): void {
    validateOutcome(item.section, dto);
    if (item.kind !== 'case' && !['noted', 'continued'].includes(dto.outcome))
      throw MeetingErrors.outcomeNotForSection(
        OUTCOME_LABELS[dto.outcome],
        '報告（付帯意見の対応状況・事務局報告）',
      );
  }

  corrections(itemId: string): Promise<AgendaItemCorrection[]> {
    return this.ds
      .getRepository(AgendaItemCorrection)
      .find({ where: { agendaItemId: itemId }, order: { occurredAt: 'ASC' } });
  }

  /** One line of Q&A or opinion, appended in order. */
  async addEntry(
    actor: AuthUser,
    meetingId: string,
    itemId: string,
    dto: AddEntryDto,
  ): Promise<DeliberationEntry> {
    return this.uow.run(actor, async (m) => {
      await this.lockItem(m, meetingId, itemId);
      const pos = await lastPosition(m, 'deliberation_entry', { agenda_item_id: itemId });
      const entry = await m.save(
        m.create(DeliberationEntry, {
          agendaItemId: itemId,
          position: pos + 1,
          phase: dto.phase ?? 'qa',
          speakerRole: dto.speakerRole,
          speakerName: dto.speakerName || null,
          text: dto.text,
          createdById: actor.id,
        }),
      );
      await this.audit.recordChange(
        actor,
        'create',
        'deliberation_entry',
        entry.id,
        { meetingId, itemId },
        m,
      );
      return entry;
    });
  }

  async removeEntry(actor: AuthUser, meetingId: string, itemId: string, entryId: string): Promise<void> {
    await this.uow.run(actor, async (m) => {
      await this.lockItem(m, meetingId, itemId);
      const res = await m.delete(DeliberationEntry, { id: entryId, agendaItemId: itemId });
      if (!res.affected) throw CommonErrors.notFound('発言');
      await this.audit.recordChange(actor, 'delete', 'deliberation_entry', entryId, { meetingId, itemId }, m);
    });
  }

  /**
   * Records the outcome of one item while its meeting is held, moves its case on, and drafts
   * the reply of a decided consultation, all in one transaction.
   */
  async recordOutcome(
    actor: AuthUser,
    meetingId: string,
    itemId: string,
    dto: RecordOutcomeDto,
  ): Promise<AgendaItem> {
    await this.uow.run(actor, async (m) => {
      const { meeting, item } = await this.lockItem(m, meetingId, itemId);
      if (dto.version !== undefined && dto.version !== item.version)
        throw CommonErrors.staleVersion('この議題');
      if (item.outcome) throw MeetingErrors.outcomeRecorded();
      this.validateItemOutcome(item, dto);
      const opinions = (dto.supplementaryOpinions ?? []).map((t) => t.trim()).filter(Boolean);
      await m.update(
        AgendaItem,
        { id: itemId },
        {
          outcome: dto.outcome,
          voteMethod: dto.voteMethod ?? null,
          votesFor: dto.votesFor ?? null,
          votesAgainst: dto.votesAgainst ?? null,
          abstentions: dto.abstentions ?? null,
          withdrawalReason: dto.outcome === 'withdrawn' ? (dto.withdrawalReason ?? null) : null,
          explainedBy: dto.explainedBy ?? item.explainedBy,
          decidedAt: new Date(),
          decidedById: actor.id,
        },
      );
      for (const [i, text] of opinions.entries())
        await m.insert(SupplementaryOpinion, { agendaItemId: itemId, position: i + 1, text });
      if (item.kind === 'case' && item.caseId) {
        const c = await m.findOneOrFail(CaseFile, {
          where: { id: item.caseId },
          lock: { mode: 'pessimistic_write' },
        });
        await this.workflow.fire(m, c, CASE_ACTION_OF[dto.outcome], actor, {
          comment:
            dto.outcome === 'withdrawn'
              ? dto.withdrawalReason
              : `第${meeting.number}回会議: ${OUTCOME_LABELS[dto.outcome]}`,
        });
        if (dto.outcome === 'approved' || dto.outcome === 'approvedWithOpinion' || dto.outcome === 'rejected')
          await this.replies.createDraft(m, item, c, meeting, dto.outcome, opinions, actor);
      }
      await this.audit.recordChange(
        actor,
        'state.change',
        'agenda_item',
        itemId,
        { meetingId, outcome: dto.outcome, voteMethod: dto.voteMethod ?? null },
        m,
      );
    });
    return this.ds.getRepository(AgendaItem).findOneByOrFail({ id: itemId });
  }

  /**
   * Corrects a recorded outcome (the secretary clicked the wrong one) until the item's reply is
   * issued. In one transaction: the item and its opinions, the case (through the case table),
   * the draft reply (updated, drafted or discarded), the item's correction history and the audit.
   */
  async correctOutcome(
    actor: AuthUser,
    meetingId: string,
    itemId: string,
    dto: CorrectOutcomeDto,
  ): Promise<AgendaItem> {
    await this.uow.run(actor, async (m) => {
      const { meeting, item } = await this.lockItem(
        m,
        meetingId,
        itemId,
        ['held', 'closed'],
        MeetingErrors.notHeldForCorrection,
      );
      if (!item.outcome) throw MeetingErrors.outcomeNotRecorded();
      const reply = await this.replies.lockForItem(m, itemId);
      if (reply?.state === 'issued') throw MeetingErrors.outcomeFrozen(formatReplyNumber(reply.number ?? 0));
      if (dto.version !== undefined && dto.version !== item.version)
        throw CommonErrors.staleVersion('この議題');
      if (item.outcome === 'withdrawn' || dto.outcome === 'withdrawn')
        throw MeetingErrors.withdrawalNotCorrectable();
      this.validateItemOutcome(item, dto);
      const reason = dto.reason.trim();
      const opinions = (dto.supplementaryOpinions ?? []).map((t) => t.trim()).filter(Boolean);
      const oldOpinions = (await this.opinions([itemId], m)).map((o) => o.text);
      const before: OutcomeSnapshot = {
        outcome: item.outcome,
        voteMethod: item.voteMethod,
        votesFor: item.votesFor,
        votesAgainst: item.votesAgainst,
        abstentions: item.abstentions,
        explainedBy: item.explainedBy,
        supplementaryOpinions: oldOpinions,
      };
      const after: OutcomeSnapshot = {
        outcome: dto.outcome,
        voteMethod: dto.voteMethod ?? null,
        votesFor: dto.votesFor ?? null,
        votesAgainst: dto.votesAgainst ?? null,
        abstentions: dto.abstentions ?? null,
        explainedBy: dto.explainedBy ?? item.explainedBy,
        supplementaryOpinions: opinions,
      };

      if (item.kind === 'case' && item.caseId) {
        const c = await m.findOneOrFail(CaseFile, {
          where: { id: item.caseId },
          lock: { mode: 'pessimistic_write' },
        });
        const action = correctionAction(item.outcome, dto.outcome);
        if (action)
          await this.workflow.fire(m, c, action, actor, {
            comment: `第${meeting.number}回会議の審議結果を「${OUTCOME_LABELS[item.outcome]}」から「${OUTCOME_LABELS[dto.outcome]}」に訂正: ${reason}`,
          });
        await this.replies.followCorrection(
          m,
          reply,
          item,
          c,
          meeting,
          REPLY_OUTCOMES.includes(dto.outcome) ? (dto.outcome as ReplyOutcome) : null,
          opinions,
          actor,
          reason,
        );
      }
      await m.update(
        AgendaItem,
        { id: itemId },
        {
          outcome: after.outcome,
          voteMethod: after.voteMethod,
          votesFor: after.votesFor,
          votesAgainst: after.votesAgainst,
          abstentions: after.abstentions,
          explainedBy: after.explainedBy,
        },
      );
      await m.delete(SupplementaryOpinion, { agendaItemId: itemId });
      for (const [i, text] of opinions.entries())
        await m.insert(SupplementaryOpinion, { agendaItemId: itemId, position: i + 1, text });
      const correction = await m.save(
        m.create(AgendaItemCorrection, {
          agendaItemId: itemId,
          fromOutcome: before.outcome,
          toOutcome: after.outcome,
          before,
          after,
          reason,
          actorId: actor.id,
          actorName: actor.displayName,
        }),
      );
      await this.audit.record(
        {
          actor: actorOf(actor),
          action: 'update',
          targetType: 'agenda_item',
          targetId: itemId,
          detail: {
            meetingId,
            correction: correction.id,
            from: before.outcome,
            to: after.outcome,
            reason,
          },
        },
        m,
      );
    });
    return this.ds.getRepository(AgendaItem).findOneByOrFail({ id: itemId });
  }
}

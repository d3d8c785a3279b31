import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CaseFile } from '../cases/case-file.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { attendsMeeting, canSeeMeeting } from '../cases/case-access-policy';
import { advanceQuestionMachine, type AdvanceQuestionAction } from './advance-question-state-machine';
import { AdvanceQuestion } from './advance-question.entity';
import { AgendaItem, DeliberationEntry } from './agenda-item.entity';
import { meetingMachine } from './meeting-state-machine';
import { Meeting } from './meeting.entity';
import { MeetingErrors } from './meetings.errors';
import { lastPosition } from './positions';
import { lockRow } from '../database/lock-row';
import { UnitOfWork } from '../database/unit-of-work';

/** 事前質問: posted by members after the notice, forwarded to the department, answered there. */
@Injectable()
export class AdvanceQuestionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Members attending and the secretariat see every question with its answer; a clerk sees
   * the questions forwarded about their department's cases.
   */
  async list(
    user: AuthUser,
    meetingId: string,
  ): Promise<(AdvanceQuestion & { itemTitle: string; departmentId: string | null })[]> {
    // A meeting that is not there (or another council's) is 404 for everyone, before attendance.
    if (!(await this.ds.manager.exists(Meeting, { where: { id: meetingId } })))
      throw MeetingErrors.notFound();
    const rows = await this.ds
      .getRepository(AdvanceQuestion)
      .createQueryBuilder('q')
      .innerJoin(AgendaItem, 'i', 'i.id = q.agendaItemId')
      .leftJoin(CaseFile, 'f', 'f.id = i.caseId')
      .addSelect(['i.title', 'f.departmentId'])
      .where('q.meetingId = :meetingId', { meetingId })
      .orderBy('i.section')
      .addOrderBy('i.position')
      .addOrderBy('q.createdAt')
      .getRawAndEntities();
    const all = rows.entities.map((q, idx) => ({
      ...q,
      itemTitle: rows.raw[idx].i_title as string,
      departmentId: (rows.raw[idx].f_department_id as string | null) ?? null,
    }));
    if (user.role === 'secretariat') return all;
    if (user.role === 'member' || user.role === 'chair') {
      if (!(await attendsMeeting(this.ds.manager, user.id, meetingId))) throw MeetingErrors.notAttending();
      return all;
    }
    if (user.role === 'clerk') {
      if (!(await canSeeMeeting(this.ds.manager, user, meetingId))) throw MeetingErrors.notFound();
      return all.filter((q) => q.state !== 'posted' && q.departmentId === user.departmentId);
    }
    return [];
  }

  async post(
    user: AuthUser,
    meetingId: string,
    agendaItemId: string,
    text: string,
  ): Promise<AdvanceQuestion> {
    return this.uow.run(user, async (m) => {
      const meeting = await m.findOne(Meeting, { where: { id: meetingId } });
      if (!meeting) throw MeetingErrors.notFound();
      if (!(await attendsMeeting(m, user.id, meetingId))) throw MeetingErrors.notAttending();
      if (meeting.state !== 'convened')
        throw MeetingErrors.questionsClosed(meetingMachine.label(meeting.state));
      if (!(await m.exists(AgendaItem, { where: { id: agendaItemId, meetingId } })))
        throw MeetingErrors.itemNotFound();
      const q = await m.save(
        m.create(AdvanceQuestion, {
          meetingId,
          agendaItemId,
          askedById: user.id,
          askedByName: user.displayName,
          text,
          state: 'posted',
        }),
      );
      await this.audit.recordChange(user, 'create', 'advance_question', q.id, { meetingId, agendaItemId }, m);
      return q;
    });
  }

  /** forward (secretariat → department) or answer (the department, or the secretariat for it). */
  async act(
    user: AuthUser,
    questionId: string,
    action: AdvanceQuestionAction,
    answer?: string,
  ): Promise<AdvanceQuestion> {
    const result = await this.uow.run(user, async (m) => {
      const q = await lockRow(m, AdvanceQuestion, { id: questionId }, MeetingErrors.questionNotFound);
      const item = await m.findOneByOrFail(AgendaItem, { id: q.agendaItemId });
      const c = item.caseId ? await m.findOne(CaseFile, { where: { id: item.caseId } }) : null;
      if (user.role === 'clerk' && (!c || c.departmentId !== user.departmentId))
        throw MeetingErrors.questionNotFound();
      const meeting = await m.findOneByOrFail(Meeting, { id: q.meetingId });
      if (meeting.state !== 'convened')
        throw MeetingErrors.questionsClosed(meetingMachine.label(meeting.state));
      const to = advanceQuestionMachine.check(action, q.state, user.role);
      const changes: Partial<AdvanceQuestion> = { state: to };
      if (action === 'forward') {
        changes.forwardedAt = new Date();
        if (c)
          await this.notifications.toDepartment(m, c.departmentId, {
            kind: 'questionForwarded',
            title: `委員から事前質問が届きました: ${c.title}`,
            body: q.text,
            link: `/meetings/${q.meetingId}/questions`,
            caseId: c.id,
          });
      } else {
        Object.assign(changes, {
          answer,
          answeredById: user.id,
          answeredByName: user.displayName,
          answeredAt: new Date(),
        });
      }
      await m.update(AdvanceQuestion, { id: q.id }, changes);
      await this.audit.recordChange(
        user,
        'state.change',
        'advance_question',
        q.id,
        { transition: action },
        m,
      );
      return m.findOneByOrFail(AdvanceQuestion, { id: q.id });
    });
    return result;
  }

  /** When the meeting opens, answered questions become the first lines of each item's Q&A. */
  async carryIntoRecord(m: EntityManager, meetingId: string): Promise<void> {
    const questions = await m.find(AdvanceQuestion, {
      where: { meetingId, state: 'answered', carried: false },
      order: { createdAt: 'ASC' },
    });
    for (const q of questions) {
      const pos = await lastPosition(m, 'deliberation_entry', { agenda_item_id: q.agendaItemId });
      await m.insert(DeliberationEntry, [
        {
          agendaItemId: q.agendaItemId,
          position: pos + 1,
          phase: 'advance',
          speakerRole: 'member',
          speakerName: q.askedByName,
          text: q.text,
        },
        {
          agendaItemId: q.agendaItemId,
          position: pos + 2,
          phase: 'advance',
          speakerRole: 'explainer',
          speakerName: q.answeredByName,
          text: q.answer ?? '',
        },
      ]);
      await m.update(AdvanceQuestion, { id: q.id }, { carried: true });
    }
  }
}

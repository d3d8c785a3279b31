import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CommonErrors } from '../common/errors/app-error';
import { CouncilMember, memberSortOrder } from '../council/council-member.entity';
import { canSeeMeeting } from '../cases/case-access-policy';
import { AgendaService } from './agenda.service';
import { AdvanceQuestionsService } from './advance-questions.service';
import type { CreateMeetingDto, SetAttendanceDto, AddStaffDto, UpdateMeetingDto } from './dto/meeting.dto';
import { AgendaItem } from './agenda-item.entity';
import { MeetingAttendee, type Attendance } from './meeting-attendee.entity';
import { meetingMachine, type MeetingAction } from './meeting-state-machine';
import { Meeting } from './meeting.entity';
import { MeetingErrors } from './meetings.errors';
import { quorumStatus, type QuorumStatus } from './quorum';
import { todayInJapan } from '../common/format/today';
import { actorOf } from '../auth/actor';
import { lockRow } from '../database/lock-row';
import { UnitOfWork } from '../database/unit-of-work';
import { findCouncilSetting } from '../council/current-council';

/** A council member's attendance row. */
function memberAttendee(meetingId: string, member: CouncilMember, attendance: Attendance) {
  return {
    meetingId,
    category: 'member' as const,
    councilMemberId: member.id,
    userId: member.userId,
    name: member.name,
    attendance,
    sortOrder: memberSortOrder(member),
  };
}

/** The calendar day of a meeting in Japan. */
export function meetingDate(m: Pick<Meeting, 'startsAt'>): string {
  return todayInJapan(m.startsAt);
}

@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly agenda: AgendaService,
    private readonly questions: AdvanceQuestionsService,
  ) {}

  /** Meetings the user may see: the secretariat all; members those they attend; clerks those with their cases. */
  async list(user: AuthUser): Promise<Meeting[]> {
    const qb = this.ds.getRepository(Meeting).createQueryBuilder('m').orderBy('m.startsAt', 'DESC');
    if (user.role === 'member' || user.role === 'chair') {
      qb.where(
        `EXISTS (SELECT 1 FROM meeting_attendee a JOIN council_member cm ON cm.id = a.council_member_id
                 WHERE a.meeting_id = m.id AND a.category = 'member' AND cm.user_id = :uid)`,
        { uid: user.id },
      );
    } else if (user.role === 'clerk') {
      qb.where(
        `EXISTS (SELECT 1 FROM agenda_item i JOIN case_file f ON f.id = i.case_id
                 WHERE i.meeting_id = m.id AND f.department_id = :dept)`,
        { dept: user.departmentId },
      );
    } else if (user.role !== 'secretariat') return [];
    return qb.getMany();
  }

  async get(user: AuthUser, id: string, m: EntityManager = this.uow.managerOrRoot()): Promise<Meeting> {
    const meeting = await m.findOne(Meeting, { where: { id } });
    if (!meeting || !(await this.canSee(m, user, meeting))) throw MeetingErrors.notFound();
    return meeting;
  }

  private canSee(m: EntityManager, user: AuthUser, meeting: Meeting): Promise<boolean> {
    return canSeeMeeting(m, user, meeting.id);
  }

  lock(m: EntityManager, id: string): Promise<Meeting> {
    return lockRow(m, Meeting, { id }, MeetingErrors.notFound);
  }

  /** Locks a meeting whose attendees may still change (refused once it is closed). */
  private async lockOpen(m: EntityManager, id: string): Promise<Meeting> {
    const meeting = await this.lock(m, id);
    if (meeting.state === 'closed') throw MeetingErrors.notEditable(meetingMachine.label(meeting.state));
    return meeting;
  }

  /** An audited change to a meeting's attendees. */
  private recordUpdate(m: EntityManager, actor: AuthUser, id: string, detail: Record<string, unknown>) {
    return this.audit.recordChange(actor, 'update', 'meeting', id, detail, m);
  }

  async create(actor: AuthUser, dto: CreateMeetingDto): Promise<Meeting> {
    const id = await this.ds
      .transaction(async (m) => {
        if (await m.exists(Meeting, { where: { number: dto.number } }))
          throw MeetingErrors.numberTaken(dto.number);
        const meeting = await m.save(
          m.create(Meeting, {
            number: dto.number,
            startsAt: new Date(dto.startsAt),
            endsAt: dto.endsAt ? new Date(dto.endsAt) : null,
            place: dto.place,
            state: 'planned',
            createdById: actor.id,
          }),
        );
        // Every member in term on the day is expected; attendance is marked later.
        const day = meetingDate(meeting);
        const members = await this.membersInTerm(m, day);
        for (const cm of members) await m.insert(MeetingAttendee, memberAttendee(meeting.id, cm, 'expected'));
        await this.audit.recordChange(actor, 'create', 'meeting', meeting.id, { number: dto.number }, m);
        return meeting.id;
      })
      .catch((e: unknown) => {
        // Two concurrent creations of the same number: the unique constraint decides.
        if (e instanceof QueryFailedError && (e as { code?: string }).code === '23505')
          throw MeetingErrors.numberTaken(dto.number);
        throw e;
      });
    return this.ds.getRepository(Meeting).findOneByOrFail({ id });
  }

  async update(actor: AuthUser, id: string, dto: UpdateMeetingDto): Promise<Meeting> {
    await this.uow.run(actor, async (m) => {
      const meeting = await this.lock(m, id);
      if (meeting.version !== dto.version) throw CommonErrors.staleVersion('この会議');
      if (meeting.state === 'closed') {
        // その他 belongs to the record the minutes are drafted from: editable until they are confirmed.
        const other = (['number', 'startsAt', 'endsAt', 'place'] as const).some((k) => dto[k] !== undefined);
        if (other || dto.otherNotes === undefined)
          throw MeetingErrors.notEditable(meetingMachine.label(meeting.state));
        const [minutes]: { state: string }[] = await m.query(
          `SELECT state FROM minutes WHERE meeting_id = $1`,
          [id],
        );
        if (minutes && (minutes.state === 'confirmed' || minutes.state === 'published'))
          throw MeetingErrors.minutesConfirmed();
      }
      if (dto.number !== undefined && dto.number !== meeting.number) {
        if (await m.exists(Meeting, { where: { number: dto.number } }))
          throw MeetingErrors.numberTaken(dto.number);
      }
      const changes: Partial<Meeting> = {};
      if (dto.number !== undefined) changes.number = dto.number;
      if (dto.startsAt !== undefined) changes.startsAt = new Date(dto.startsAt);
      if (dto.endsAt !== undefined) changes.endsAt = dto.endsAt ? new Date(dto.endsAt) : null;
      if (dto.place !== undefined) changes.place = dto.place;
      if (dto.otherNotes !== undefined) changes.otherNotes = dto.otherNotes || null;
      await m.update(Meeting, { id }, changes);
      await this.audit.record(
        { actor: actorOf(actor), action: 'update', targetType: 'meeting', targetId: id, detail: { ...dto } },
        m,
      );
    });
    return this.ds.getRepository(Meeting).findOneByOrFail({ id });
  }

  /** convene / hold / close, with what each implies. */
  async transition(actor: AuthUser, id: string, action: MeetingAction, version?: number): Promise<Meeting> {
    await this.uow.run(actor, async (m) => {
      const meeting = await this.lock(m, id);
      if (version !== undefined && version !== meeting.version) throw CommonErrors.staleVersion('この会議');
      const from = meeting.state;
      const to = meetingMachine.check(action, from, actor.role);
      const changes: Partial<Meeting> = { state: to };
      if (action === 'convene') {
        await this.agenda.freezeNumbers(m, meeting.id);
        changes.convenedAt = new Date();
      }
      if (action === 'hold') {
        await this.questions.carryIntoRecord(m, meeting.id);
        // A past meeting entered from the records was held on its own day, not today.
        changes.heldAt = meeting.startsAt < new Date() ? meeting.startsAt : new Date();
      }
      if (action === 'close') {
        const open: { label: string | null }[] = await m.query(
          `SELECT number_label AS label FROM agenda_item WHERE meeting_id = $1 AND outcome IS NULL ORDER BY section, position`,
          [meeting.id],
        );
        if (open.length) throw MeetingErrors.itemsUndecided(open.map((o) => o.label ?? '?'));
        changes.closedAt = meeting.endsAt && meeting.endsAt < new Date() ? meeting.endsAt : new Date();
      }
      await m.update(Meeting, { id }, changes);
      await this.audit.recordChange(
        actor,
        'state.change',
        'meeting',
        id,
        { transition: action, from, to },
        m,
      );
    });
    return this.ds.getRepository(Meeting).findOneByOrFail({ id });
  }

  // ---- attendance ----

  membersInTerm(m: EntityManager, day: string): Promise<CouncilMember[]> {
    return m
      .getRepository(CouncilMember)
      .createQueryBuilder('c')
      .where('c.termStart <= :day AND c.termEnd >= :day', { day })
      .orderBy('c.rosterOrder', 'ASC')
      .addOrderBy('c.name', 'ASC')
      .getMany();
  }

  async attendees(
    meetingId: string,
    m: EntityManager = this.uow.managerOrRoot(),
  ): Promise<MeetingAttendee[]> {
    return m.getRepository(MeetingAttendee).find({
      where: { meetingId },
      order: { category: 'ASC', sortOrder: 'ASC', name: 'ASC' },
    });
  }

  /** Marks a council member present or absent; only members within their term on the day may be present. */
  async setAttendance(actor: AuthUser, meetingId: string, dto: SetAttendanceDto): Promise<void> {
    await this.uow.run(actor, async (m) => {
      const meeting = await this.lockOpen(m, meetingId);
      const member = await m.findOne(CouncilMember, { where: { id: dto.councilMemberId } });
      if (!member) throw MeetingErrors.memberUnknown();
      const day = meetingDate(meeting);
      const inTerm = member.termStart <= day && day <= member.termEnd;
      if (!inTerm && dto.attendance === 'present') throw MeetingErrors.memberOutOfTerm(member.name, day);
      const existing = await m.findOne(MeetingAttendee, { where: { meetingId, councilMemberId: member.id } });
      if (existing) await m.update(MeetingAttendee, { id: existing.id }, { attendance: dto.attendance });
      else if (inTerm) await m.insert(MeetingAttendee, memberAttendee(meetingId, member, dto.attendance));
      await this.recordUpdate(m, actor, meetingId, {
        attendance: dto.attendance,
        councilMemberId: member.id,
      });
    });
  }

  /** Secretariat staff, or an explainer for one agenda item. */
  async addStaff(actor: AuthUser, meetingId: string, dto: AddStaffDto): Promise<MeetingAttendee> {
    return this.uow.run(actor, async (m) => {
      await this.lockOpen(m, meetingId);
      if (dto.agendaItemId && !(await m.exists(AgendaItem, { where: { id: dto.agendaItemId, meetingId } })))
        throw MeetingErrors.itemNotFound();
      const row = await m.save(
        m.create(MeetingAttendee, {
          meetingId,
          category: dto.category,
          name: dto.name,
          position: dto.position ?? null,
          departmentId: dto.departmentId ?? null,
          agendaItemId: dto.category === 'explainer' ? (dto.agendaItemId ?? null) : null,
          attendance: 'present',
          sortOrder: dto.sortOrder ?? 0,
        }),
      );
      await this.recordUpdate(m, actor, meetingId, { addAttendee: dto.name, category: dto.category });
      return row;
    });
  }

  async removeStaff(actor: AuthUser, meetingId: string, attendeeId: string): Promise<void> {
    await this.uow.run(actor, async (m) => {
      await this.lockOpen(m, meetingId);
      const row = await m.findOne(MeetingAttendee, { where: { id: attendeeId, meetingId } });
      if (!row || row.category === 'member') throw CommonErrors.notFound('出席者');
      await m.delete(MeetingAttendee, { id: attendeeId });
      await this.recordUpdate(m, actor, meetingId, { removeAttendee: row.name });
    });
  }

  /** Members in term on the day, those marked present, and the quorum they must reach. */
  async quorum(meeting: Meeting, m: EntityManager = this.uow.managerOrRoot()): Promise<QuorumStatus> {
    const setting = await findCouncilSetting(m);
    const members = (await this.membersInTerm(m, meetingDate(meeting))).length;
    const [{ n }] = await m.query(
      `SELECT count(*)::int AS n FROM meeting_attendee WHERE meeting_id = $1 AND category = 'member' AND attendance = 'present'`,
      [meeting.id],
    );
    return quorumStatus(members, n, {
      numerator: setting?.quorumNumerator ?? 1,
      denominator: setting?.quorumDenominator ?? 2,
      inclusive: setting?.quorumInclusive ?? false,
    });
  }
}

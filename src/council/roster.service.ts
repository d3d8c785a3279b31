import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actorOf } from '../auth/actor';
import type { AuthUser } from '../auth/auth-user';
import { SessionService } from '../auth/session.service';
import { CommonErrors } from '../common/errors/app-error';
import { UnitOfWork } from '../database/unit-of-work';
import { createAccount } from '../users/user-factory';
import { User } from '../users/user.entity';
import { CouncilMember, memberSortOrder, type MemberTitle } from './council-member.entity';
import type {
  CreateMemberAccountDto,
  CreateRosterMemberDto,
  EndTermDto,
  LinkAccountDto,
  UpdateRosterMemberDto,
} from './dto/roster.dto';
import { RosterErrors } from './roster.errors';

/** A roster member with what the roster screen shows about it. */
export interface RosterEntry {
  member: CouncilMember;
  account: Pick<User, 'username' | 'role' | 'disabled'> | null;
  /** Recorded at a meeting (present, or on a closed meeting, or asked to confirm minutes): never deleted. */
  hasHistory: boolean;
}

/** The roles a roster member's login account may have. */
const MEMBER_ROLES = new Set(['member', 'chair']);
/** The account role that goes with a position: the 会長 acts as chair, everyone else as a member. */
const accountRoleOf = (title: MemberTitle) => (title === 'chair' ? 'chair' : 'member');

/** The council's roster (委員名簿): members, terms, 名簿順 and their login accounts. */
@Injectable()
export class RosterService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
  ) {}

  /** Every member in 名簿順. */
  async list(m: EntityManager = this.ds.manager): Promise<RosterEntry[]> {
    const members = await m.find(CouncilMember, { order: { rosterOrder: 'ASC', name: 'ASC' } });
    return this.entries(m, members);
  }

  async get(id: string, m: EntityManager = this.ds.manager): Promise<RosterEntry> {
    const member = await m.findOne(CouncilMember, { where: { id } });
    if (!member) throw RosterErrors.notFound();
    return (await this.entries(m, [member]))[0];
  }

  async create(actor: AuthUser, dto: CreateRosterMemberDto): Promise<RosterEntry> {
    if (dto.termEnd < dto.termStart) throw RosterErrors.termInvalid();
    const id = await this.uow.run(actor, async (m) => {
      // The new member goes to the end of the roster; the lock keeps two additions from sharing a place.
      await m.query(`LOCK TABLE council_member IN SHARE ROW EXCLUSIVE MODE`);
      const [{ last }]: { last: number }[] = await m.query(
        `SELECT COALESCE(max(roster_order), 0)::int AS last FROM council_member`,
      );
      const member = await m.save(
        m.create(CouncilMember, {
          name: dto.name,
          title: dto.title,
          affiliation: dto.affiliation ?? null,
          termStart: dto.termStart,
          termEnd: dto.termEnd,
          rosterOrder: last + 1,
          userId: null,
        }),
      );
      await this.record(m, actor, 'create', member.id, { ...dto });
      return member.id;
    });
    return this.get(id);
  }

  async update(actor: AuthUser, id: string, dto: UpdateRosterMemberDto): Promise<RosterEntry> {
    let roleChanged = false;
    await this.uow.run(actor, async (m) => {
      const member = await this.lock(m, id, dto.version);
      const next = {
        name: dto.name ?? member.name,
        title: dto.title ?? member.title,
        affiliation: dto.affiliation === undefined ? member.affiliation : dto.affiliation,
        termStart: dto.termStart ?? member.termStart,
        termEnd: dto.termEnd ?? member.termEnd,
      };
      if (next.termEnd < next.termStart) throw RosterErrors.termInvalid();
      const titleChanged = next.title !== member.title;
      await this.save(m, member, next);
      await this.record(m, actor, 'update', id, { ...dto });
      if (titleChanged && member.userId) roleChanged = await this.followTitle(m, actor, member);
    });
    // The account's role is cached with its session.
    if (roleChanged) this.sessions.invalidate();
    return this.get(id);
  }

  /** 退任: the term ends on the given day; the member stays on the roster and in every record. */
  async endTerm(actor: AuthUser, id: string, dto: EndTermDto): Promise<RosterEntry> {
    await this.uow.run(actor, async (m) => {
      const member = await this.lock(m, id, dto.version);
      if (dto.termEnd < member.termStart) throw RosterErrors.termInvalid();
      await this.save(m, member, { termEnd: dto.termEnd });
      await this.record(m, actor, 'update', id, { termEnd: dto.termEnd, endedTerm: true });
    });
    return this.get(id);
  }

  /**
   * Removes a member entered by mistake. A member with history (see RosterEntry) is refused:
   * their term is ended instead, so papers and minutes keep naming them.
   */
  async remove(actor: AuthUser, id: string, version: number): Promise<void> {
    await this.uow.run(actor, async (m) => {
      const member = await this.lock(m, id, version);
      if (await this.historyOf(m, [id]).then((h) => h.has(id))) throw RosterErrors.hasHistory(member.name);
      // Only rows of meetings still in preparation remain (expected or absent): they go with the member.
      await m.query(`DELETE FROM meeting_attendee WHERE council_member_id = $1`, [id]);
      await m.delete(CouncilMember, { id });
      await this.record(m, actor, 'delete', id, { name: member.name });
    });
  }

  /** Sets 名簿順 from the full list of member ids in their new order. */
  async reorder(actor: AuthUser, memberIds: string[]): Promise<RosterEntry[]> {
    await this.uow.run(actor, async (m) => {
      await m.query(`LOCK TABLE council_member IN SHARE ROW EXCLUSIVE MODE`);
      const members = await m.find(CouncilMember);
      const known = new Set(members.map((x) => x.id));
      const given = new Set(memberIds);
      if (
        given.size !== memberIds.length ||
        given.size !== known.size ||
        memberIds.some((x) => !known.has(x))
      )
        throw RosterErrors.orderMismatch();
      const byId = new Map(members.map((x) => [x.id, x]));
      for (const [i, memberId] of memberIds.entries()) {
        const member = byId.get(memberId) as CouncilMember;
        if (member.rosterOrder !== i + 1) await this.save(m, member, { rosterOrder: i + 1 });
      }
      await this.record(m, actor, 'update', null, { rosterOrder: memberIds });
    });
    return this.list();
  }

  /** Moves one member a place up or down in 名簿順. */
  async move(actor: AuthUser, id: string, direction: 'up' | 'down'): Promise<RosterEntry[]> {
    const ids = (await this.list()).map((e) => e.member.id);
    const at = ids.indexOf(id);
    if (at < 0) throw RosterErrors.notFound();
    const to = direction === 'up' ? at - 1 : at + 1;
    if (to < 0 || to >= ids.length) return this.list();
    [ids[at], ids[to]] = [ids[to], ids[at]];
    return this.reorder(actor, ids);
  }

  /** Links an existing 委員 / 会長 account to the member. */
  async linkAccount(actor: AuthUser, id: string, dto: LinkAccountDto): Promise<RosterEntry> {
    await this.uow
      .run(actor, async (m) => {
        const member = await this.lock(m, id, dto.version);
        if (member.userId) throw RosterErrors.alreadyLinked(member.name);
        const user = await m.findOne(User, { where: { id: dto.userId } });
        if (!user || user.disabled) throw RosterErrors.accountUnknown();
        if (!MEMBER_ROLES.has(user.role)) throw RosterErrors.accountRole();
        if (await m.exists(CouncilMember, { where: { userId: user.id } }))
          throw RosterErrors.accountTaken(user.username);
        await this.save(m, member, { userId: user.id });
        await this.record(m, actor, 'update', id, { linkedUserId: user.id, username: user.username });
      })
      .catch((e: unknown) => this.takenOnRace(e, dto.userId));
    return this.get(id);
  }

  async unlinkAccount(actor: AuthUser, id: string, version: number): Promise<RosterEntry> {
    await this.uow.run(actor, async (m) => {
      const member = await this.lock(m, id, version);
      if (!member.userId) throw RosterErrors.notLinked(member.name);
      await this.save(m, member, { userId: null });
      await this.record(m, actor, 'update', id, { unlinkedUserId: member.userId });
    });
    return this.get(id);
  }

  /**
   * Creates the member's login account (委員, or 会長 for the chair) and links it, in one transaction.
   * Without an initial password a temporary one is generated and returned once; either must be
   * changed at the first login.
   */
  async createAccount(
    actor: AuthUser,
    id: string,
    dto: CreateMemberAccountDto,
  ): Promise<{ entry: RosterEntry; temporaryPassword?: string }> {
    const temporaryPassword = await this.uow.run(actor, async (m) => {
      const member = await this.lock(m, id, dto.version);
      if (member.userId) throw RosterErrors.alreadyLinked(member.name);
      const created = await createAccount(
        m,
        this.audit,
        actor,
        {
          username: dto.username,
          displayName: member.name,
          role: accountRoleOf(member.title),
          departmentId: null,
          initialPassword: dto.initialPassword,
        },
        { councilMemberId: id },
      );
      const { user } = created;
      await this.save(m, member, { userId: user.id });
      await this.record(m, actor, 'update', id, { linkedUserId: user.id, username: user.username });
      return created.temporaryPassword;
    });
    return { entry: await this.get(id), temporaryPassword };
  }

  /** 委員 / 会長 accounts in use and not yet linked to a roster member: what "link an account" offers. */
  linkableAccounts(): Promise<{ id: string; username: string; displayName: string }[]> {
    return this.ds.query(
      `SELECT u.id, u.username, u.display_name AS "displayName" FROM app_user u
        WHERE u.role IN ('member', 'chair') AND NOT u.disabled
          AND NOT EXISTS (SELECT 1 FROM council_member cm WHERE cm.user_id = u.id)
        ORDER BY u.username`,
    );
  }

  // ---- inside a transaction ----

  private async lock(m: EntityManager, id: string, version: number): Promise<CouncilMember> {
    const member = await m.findOne(CouncilMember, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!member) throw RosterErrors.notFound();
    if (member.version !== version) throw CommonErrors.staleVersion('この委員');
    return member;
  }

  /**
   * Writes the member's changes and carries them to the meetings still in preparation (name, account,
   * place among the attendees) and to the member's unanswered confirmation of the minutes (account).
   * Closed meetings keep the record as it was.
   */
  private async save(
    m: EntityManager,
    member: CouncilMember,
    changes: Partial<CouncilMember>,
  ): Promise<void> {
    Object.assign(member, changes);
    await m.query(
      `UPDATE council_member SET name = $2, title = $3, affiliation = $4, term_start = $5, term_end = $6,
              roster_order = $7, user_id = $8, version = version + 1, updated_at = now() WHERE id = $1`,
      [
        member.id,
        member.name,
        member.title,
        member.affiliation,
        member.termStart,
        member.termEnd,
        member.rosterOrder,
        member.userId,
      ],
    );
    await m.query(
      `UPDATE meeting_attendee a SET name = $2, user_id = $3, sort_order = $4
         FROM meeting mt
        WHERE mt.id = a.meeting_id AND mt.state <> 'closed' AND a.council_member_id = $1`,
      [member.id, member.name, member.userId, memberSortOrder(member)],
    );
    if ('userId' in changes)
      await m.query(
        `UPDATE minutes_confirmation c SET user_id = $2
           FROM minutes mi
          WHERE mi.id = c.minutes_id AND c.round = mi.round AND c.council_member_id = $1 AND c.status = 'pending'`,
        [member.id, member.userId],
      );
  }

  /** A member made 会長 (or no longer 会長) gets the matching account role; true when it changed. */
  private async followTitle(m: EntityManager, actor: AuthUser, member: CouncilMember): Promise<boolean> {
    const role = accountRoleOf(member.title);
    const [account]: { role: string }[] = await m.query(`SELECT role FROM app_user WHERE id = $1`, [
      member.userId,
    ]);
    if (!account || !MEMBER_ROLES.has(account.role) || account.role === role) return false;
    await m.query(`UPDATE app_user SET role = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
      member.userId,
      role,
    ]);
    await this.audit.record(
      {
        actor: actorOf(actor),
        action: 'update',
        targetType: 'user',
        targetId: member.userId,
        detail: { role, councilMemberId: member.id },
      },
      m,
    );
    return true;
  }

  private record(
    m: EntityManager,
    actor: AuthUser,
    action: 'create' | 'update' | 'delete',
    id: string | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      { actor: actorOf(actor), action, targetType: 'council_member', targetId: id, detail },
      m,
    );
  }

  // ---- reading ----

  private async entries(m: EntityManager, members: CouncilMember[]): Promise<RosterEntry[]> {
    const userIds = members.map((x) => x.userId).filter((x): x is string => Boolean(x));
    const users = userIds.length
      ? await m.find(User, {
          where: { id: In(userIds) },
          select: { id: true, username: true, role: true, disabled: true },
        })
      : [];
    const userOf = new Map(users.map((u) => [u.id, u]));
    const history = await this.historyOf(
      m,
      members.map((x) => x.id),
    );
    return members.map((member) => ({
      member,
      account: member.userId ? (userOf.get(member.userId) ?? null) : null,
      hasHistory: history.has(member.id),
    }));
  }

  /** Members recorded at a meeting: present at one, listed on a closed one, or asked to confirm its minutes. */
  private async historyOf(m: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await m.query(
      `SELECT a.council_member_id AS id FROM meeting_attendee a JOIN meeting mt ON mt.id = a.meeting_id
        WHERE a.council_member_id = ANY($1) AND (a.attendance = 'present' OR mt.state = 'closed')
       UNION
       SELECT council_member_id FROM minutes_confirmation WHERE council_member_id = ANY($1)`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Two links of one account at once: the unique index decides, with the same answer. */
  private async takenOnRace(e: unknown, userId: string): Promise<never> {
    if (e instanceof QueryFailedError && (e as { code?: string }).code === '23505') {
      const user = await this.ds.getRepository(User).findOne({ where: { id: userId } });
      throw RosterErrors.accountTaken(user?.username ?? '');
    }
    throw e;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CaseFile } from '../cases/case-file.entity';
import { CommonErrors } from '../common/errors/app-error';
import { formatWareki } from '../common/format/wareki';
import { ConditionsService } from '../conditions/conditions.service';
import type { AgendaItem } from '../meetings/agenda-item.entity';
import type { Meeting } from '../meetings/meeting.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { canViewReply, replyVisibleSql } from '../cases/case-access-policy';
import { formatReplyNumber } from '../workflow/numbering';
import { drawNumber } from '../workflow/sequence';
import type { StandardConditionDto, UpdateReplyDto, UpdateStandardConditionDto } from './dto/reply.dto';
import { CategoricalConsultation } from '../cases/categorical-consultation.entity';
import { LegalBasis } from '../cases/legal-basis.entity';
import type { CategoricalCriteria } from '../meetings/agenda-item.entity';
import { toAnswerConditions } from './categorical-criteria';
import { Reply, ReplyRevision, StandardCondition, type ReplyOutcome } from './reply.entity';
import { replyMachine } from './reply-state-machine';
import { ReplyErrors } from './replies.errors';
import { lastPosition } from '../meetings/positions';
import { todayInJapan } from '../common/format/today';
import { actorOf } from '../auth/actor';
import { UnitOfWork } from '../database/unit-of-work';
import { findCouncilSetting, findCurrentCouncil } from '../council/current-council';
import { searchTerms } from '../cases/search-text';
import { FileRegisterService } from '../file-register/file-register.service';
import { indexReply } from '../public-portal/search/public-search-index';

/** What a reply is found by: its own text, its case's search text and the case's legal bases. */
const REPLY_SEARCH_TEXT = `lower(normalize(r.title || ' ' || r.body || ' ' || r.supplementary_opinions::text || ' '
  || coalesce((SELECT s.search_text FROM case_search s WHERE s.case_id = r.case_id), '') || ' '
  || coalesce((SELECT string_agg(b.short_name || ' ' || b.article, ' ') FROM case_legal_basis lb
                 JOIN legal_basis b ON b.id = lb.legal_basis_id WHERE lb.case_id = r.case_id), ''), NFKC))`;

export interface ReplySearch {
  q?: string;
  outcomes?: ReplyOutcome[];
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const EDITABLE = [
  'replyDate',
  'addressee',
  'sender',
  'title',
  'body',
  'supplementaryOpinions',
  'conditionDueDate',
] as const;

@Injectable()
export class RepliesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly conditions: ConditionsService,
    private readonly notifications: NotificationsService,
    private readonly fileRegister: FileRegisterService,
  ) {}

  /** Drafts the reply of a decided consultation, inside the deciding transaction. */
  async createDraft(
    m: EntityManager,
    item: AgendaItem,
    c: CaseFile,
    meeting: Meeting,
    outcome: ReplyOutcome,
    opinions: string[],
    actor: AuthUser,
  ): Promise<Reply> {
    const municipality = await findCurrentCouncil(m);
    const standard = await m.find(StandardCondition, { where: { active: true }, order: { position: 'ASC' } });
    const day = todayInJapan(meeting.startsAt);
    const chair: { name: string }[] = await m.query(
      `SELECT name FROM council_member WHERE title = 'chair' AND term_start <= $1 AND term_end >= $1 LIMIT 1`,
      [day],
    );
    const council = municipality?.councilName ?? '審議会';
    const reply = await m.save(
      m.create(Reply, {
        agendaItemId: item.id,
        caseId: c.id,
        state: 'draft',
        replyDate: day,
        addressee: municipality?.implementingBody ?? '',
        sender: `${council} 会長${chair[0] ? ` ${chair[0].name}` : ''}`,
        title: `${c.title}について（答申）`,
        outcome,
        body: `${formatWareki(day)}に開催した第${meeting.number}回${council}において審議した「${c.title}」${
          c.receiptNumber ? `（受付番号 ${c.receiptNumber}）` : ''
        }について、下記のとおり答申します。`,
        standardConditions: standard.map((s) => s.text),
        supplementaryOpinions: opinions,
      }),
    );
    await this.revision(m, reply, actor, false);
    await this.audit.recordChange(actor, 'create', 'reply', reply.id, { caseId: c.id, outcome }, m);
    return reply;
  }

  /** The reply of an agenda item, locked, for a correction of its outcome. */
  lockForItem(m: EntityManager, agendaItemId: string): Promise<Reply | null> {
    return m.findOne(Reply, { where: { agendaItemId }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Follows a corrected outcome inside the correcting transaction: a draft reply takes the new
   * outcome and opinions, or is drafted when the item now needs one, or is discarded (with any
   * conditions hanging on it) when it no longer does. `reply` is the item's reply, locked by
   * the caller, who has refused the correction if it is issued.
   */
  async followCorrection(
    m: EntityManager,
    reply: Reply | null,
    item: AgendaItem,
    c: CaseFile,
    meeting: Meeting,
    outcome: ReplyOutcome | null,
    opinions: string[],
    actor: AuthUser,
    reason: string,
  ): Promise<void> {
    if (outcome && !reply) {
      await this.createDraft(m, item, c, meeting, outcome, opinions, actor);
      return;
    }
    if (!reply) return;
    if (outcome) {
      await m.update(Reply, { id: reply.id }, { outcome, supplementaryOpinions: opinions });
      await this.revision(m, await m.findOneByOrFail(Reply, { id: reply.id }), actor, false);
    } else {
      await m.query(`DELETE FROM case_condition WHERE reply_id = $1`, [reply.id]);
      await m.delete(Reply, { id: reply.id });
    }
    await this.audit.record(
      {
        actor: actorOf(actor),
        action: outcome ? 'update' : 'delete',
        targetType: 'reply',
        targetId: reply.id,
        detail: { reason: 'outcomeCorrected', comment: reason, from: reply.outcome, to: outcome },
      },
      m,
    );
  }

  /** The replies the user may see (the case-access policy; drafts for the secretariat only). */
  async list(user: AuthUser, filter: ReplySearch = {}): Promise<(Reply & { caseTitle: string })[]> {
    const params: Record<string, unknown> = {};
    const p = (v: unknown) => {
      const key = `acl${Object.keys(params).length}`;
      params[key] = v;
      return `:${key}`;
    };
    const visible = replyVisibleSql(user, 'r', 'f', p);
    const qb = this.ds
      .getRepository(Reply)
      .createQueryBuilder('r')
      .innerJoin(CaseFile, 'f', 'f.id = r.caseId')
      .addSelect('f.title')
      .where(visible, params);
    if (filter.outcomes?.length) qb.andWhere(`r.outcome IN (${filter.outcomes.map(p).join(', ')})`, params);
    // Precedent search: every term in the reply or in its case (content, items, legal bases).
    for (const term of searchTerms(filter.q ?? ''))
      qb.andWhere(`strpos(${REPLY_SEARCH_TEXT}, ${p(term)}) > 0`, params);
    const rows = await qb.orderBy('r.replyDate', 'DESC').addOrderBy('r.number', 'DESC').getRawAndEntities();
    return rows.entities.map((r, i) => ({ ...r, caseTitle: rows.raw[i].f_title as string }));
  }

  /** A reply the user may see (as `list`); 404 otherwise. */
  async get(
    user: AuthUser,
    id: string,
  ): Promise<{ reply: Reply; caseFile: CaseFile; revisions: ReplyRevision[] }> {
    const reply = await this.ds.getRepository(Reply).findOne({ where: { id } });
    if (!reply) throw ReplyErrors.notFound();
    const caseFile = await this.ds.getRepository(CaseFile).findOneByOrFail({ id: reply.caseId });
    if (!(await canViewReply(this.ds.manager, user, reply, caseFile))) throw ReplyErrors.notFound();
    const revisions = await this.ds
      .getRepository(ReplyRevision)
      .find({ where: { replyId: id }, order: { revision: 'ASC' } });
    return { reply, caseFile, revisions };
  }

  private async lock(
    m: EntityManager,
    id: string,
    version: number | undefined,
    action: 'edit' | 'issue',
    actor: AuthUser,
  ) {
    const reply = await m.findOne(Reply, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!reply) throw ReplyErrors.notFound();
    if (reply.state === 'issued') throw ReplyErrors.issued(formatReplyNumber(reply.number ?? 0));
    replyMachine.check(action, reply.state, actor.role);
    if (version !== undefined && version !== reply.version) throw CommonErrors.staleVersion('この答申');
    return reply;
  }

  async update(actor: AuthUser, id: string, dto: UpdateReplyDto): Promise<Reply> {
    await this.uow.run(actor, async (m) => {
      await this.lock(m, id, dto.version, 'edit', actor);
      const changes: Partial<Reply> = {};
      for (const key of EDITABLE) if (dto[key] !== undefined) Object.assign(changes, { [key]: dto[key] });
      if (changes.supplementaryOpinions)
        changes.supplementaryOpinions = changes.supplementaryOpinions.filter((t) => t.trim());
      await m.update(Reply, { id }, changes);
      const saved = await m.findOneByOrFail(Reply, { id });
      await this.revision(m, saved, actor, false);
      await this.audit.recordChange(actor, 'update', 'reply', id, { fields: Object.keys(changes) }, m);
    });
    return this.ds.getRepository(Reply).findOneByOrFail({ id });
  }

  /**
   * Issues the reply: draws 答申第N号 (per fiscal year of its date, or continuous), freezes it as a
   * revision, turns its supplementary opinions into tracked conditions, registers a
   * categorical consultation, and tells the department.
   */
  async issue(actor: AuthUser, id: string, version?: number): Promise<Reply> {
    await this.uow.run(actor, async (m) => {
      const reply = await this.lock(m, id, version, 'issue', actor);
      const drawn = await drawNumber(m, 'reply', reply.replyDate);
      const { fiscalYear, value: number } = drawn;
      await m.update(
        Reply,
        { id },
        {
          state: 'issued',
          fiscalYear,
          number,
          numbering: drawn.scheme,
          issuedAt: new Date(),
          issuedById: actor.id,
        },
      );
      const issued = await m.findOneByOrFail(Reply, { id });
      await indexReply(m, id);
      await this.revision(m, issued, actor, true);
      const c = await m.findOneOrFail(CaseFile, {
        where: { id: reply.caseId },
        lock: { mode: 'pessimistic_write' },
      });
      await this.registerCategorical(m, issued, c);
      // An approving reply proposes the register change its case implies (same transaction).
      if (issued.outcome !== 'rejected') await this.fileRegister.proposeFromCase(m, c.id, id);
      if (issued.supplementaryOpinions.length) {
        const setting = await findCouncilSetting(m);
        const due = issued.conditionDueDate ?? addDays(issued.replyDate, setting?.conditionDueDays ?? 90);
        await this.conditions.createForReply(m, c, id, issued.supplementaryOpinions, due, actor);
      }
      await this.notifyIssued(m, issued, c);
      await this.audit.record(
        {
          actor: actorOf(actor),
          action: 'state.change',
          targetType: 'reply',
          targetId: id,
          detail: {
            transition: 'issue',
            number: formatReplyNumber(number),
            fiscalYear,
            numbering: drawn.scheme,
          },
        },
        m,
      );
    });
    return this.ds.getRepository(Reply).findOneByOrFail({ id });
  }

  private async registerCategorical(m: EntityManager, reply: Reply, c: CaseFile): Promise<void> {
    if (reply.outcome === 'rejected') return;
    const [item]: { categorical: boolean; criteria: CategoricalCriteria | null }[] = await m.query(
      `SELECT categorical, categorical_criteria AS criteria FROM agenda_item WHERE id = $1`,
      [reply.agendaItemId],
    );
    if (!item?.categorical || !item.criteria) return;
    const catalog = await m.find(LegalBasis);
    await m.save(
      m.create(CategoricalConsultation, {
        title: c.title,
        criteria: toAnswerConditions(item.criteria, catalog),
        replyReference: `${formatReplyNumber(reply.number ?? 0)}（${formatWareki(reply.issuedAt ?? new Date())}）`,
        sourceCaseId: c.id,
        replyId: reply.id,
        active: true,
      }),
    );
  }

  private notifyIssued(m: EntityManager, reply: Reply, c: CaseFile) {
    return this.notifications.toDepartment(m, c.departmentId, {
      kind: 'replyIssued',
      title: `${formatReplyNumber(reply.number ?? 0)}が発出されました: ${c.title}`,
      body: reply.supplementaryOpinions.length
        ? `付帯意見 ${reply.supplementaryOpinions.length} 件への対応をお願いします。`
        : null,
      link: `/replies/${reply.id}`,
      caseId: c.id,
    });
  }

  private async revision(m: EntityManager, reply: Reply, actor: AuthUser, issued: boolean): Promise<void> {
    const [{ n }] = await m.query(
      `SELECT coalesce(max(revision), 0)::int AS n FROM reply_revision WHERE reply_id = $1`,
      [reply.id],
    );
    const content: Record<string, unknown> = {};
    for (const key of [...EDITABLE, 'outcome', 'standardConditions', 'number', 'fiscalYear'] as const)
      content[key] = reply[key];
    await m.save(
      m.create(ReplyRevision, { replyId: reply.id, revision: n + 1, issued, content, createdById: actor.id }),
    );
  }

  // ---- 定型文言 ----

  standardConditions(): Promise<StandardCondition[]> {
    return this.ds.getRepository(StandardCondition).find({ order: { active: 'DESC', position: 'ASC' } });
  }

  async saveStandardCondition(
    actor: AuthUser,
    dto: StandardConditionDto | UpdateStandardConditionDto,
    id?: string,
  ): Promise<StandardCondition> {
    return this.uow.run(actor, async (m) => {
      let row: StandardCondition;
      if (id) {
        const found = await m.findOne(StandardCondition, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!found) throw ReplyErrors.standardConditionNotFound();
        if (!('version' in dto) || dto.version !== found.version)
          throw CommonErrors.staleVersion('この定型文言');
        await m.update(
          StandardCondition,
          { id },
          { text: dto.text, position: dto.position ?? found.position, active: dto.active ?? found.active },
        );
        row = await m.findOneByOrFail(StandardCondition, { id });
      } else {
        const pos = await lastPosition(m, 'standard_condition');
        row = await m.save(
          m.create(StandardCondition, {
            text: dto.text,
            position: dto.position ?? pos + 1,
            active: dto.active ?? true,
          }),
        );
      }
      await this.audit.record(
        {
          actor: actorOf(actor),
          action: id ? 'update' : 'create',
          targetType: 'standard_condition',
          targetId: row.id,
        },
        m,
      );
      return row;
    });
  }
}

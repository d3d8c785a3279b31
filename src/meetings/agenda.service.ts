import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CaseFile } from '../cases/case-file.entity';
import { caseNotFound } from '../cases/case-access';
import { CommonErrors } from '../common/errors/app-error';
import { CaseCondition } from '../conditions/condition.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { katakanaLabel } from '../workflow/numbering';
import { WorkflowService } from '../workflow/workflow.service';
import { AgendaItem, AgendaMaterialDocument } from './agenda-item.entity';
import { numberAgenda } from './agenda-numbering';
import type { ItemOptionsDto, ReorderDto } from './dto/agenda.dto';
import { meetingMachine } from './meeting-state-machine';
import { Meeting } from './meeting.entity';
import { MeetingErrors } from './meetings.errors';
import { lastPosition } from './positions';
import { actorOf } from '../auth/actor';
import { lockRow } from '../database/lock-row';
import { UnitOfWork } from '../database/unit-of-work';

@Injectable()
export class AgendaService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly workflow: WorkflowService,
    private readonly notifications: NotificationsService,
  ) {}

  items(meetingId: string, m: EntityManager = this.uow.managerOrRoot()): Promise<AgendaItem[]> {
    return m
      .getRepository(AgendaItem)
      .find({ where: { meetingId }, order: { section: 'ASC', position: 'ASC' } });
  }

  documents(
    itemIds: string[],
    m: EntityManager = this.uow.managerOrRoot(),
  ): Promise<AgendaMaterialDocument[]> {
    if (itemIds.length === 0) return Promise.resolve([]);
    return m.getRepository(AgendaMaterialDocument).find({
      where: { agendaItemId: In(itemIds) },
      order: { position: 'ASC' },
    });
  }

  /**
   * Labels and material numbers as printed: stored ones once the meeting is convened,
   * otherwise computed from the current order.
   */
  numbersOf(meeting: Meeting, items: AgendaItem[]): Map<string, { label: string; materialNumber: number }> {
    if (meeting.state === 'planned') return numberAgenda(items);
    return new Map(
      items.map((i) => [i.id, { label: i.numberLabel ?? '', materialNumber: i.materialNumber ?? 0 }]),
    );
  }

  /** Stores the current numbering; from now on labels never move without a confirmed renumbering. */
  async freezeNumbers(m: EntityManager, meetingId: string): Promise<void> {
    const items = await this.items(meetingId, m);
    for (const [id, n] of numberAgenda(items))
      await m.update(AgendaItem, { id }, { numberLabel: n.label, materialNumber: n.materialNumber });
  }

  private async lockMeeting(m: EntityManager, meetingId: string, allowConvened = true): Promise<Meeting> {
    const meeting = await lockRow(m, Meeting, { id: meetingId }, MeetingErrors.notFound);
    if (meeting.state === 'held' || meeting.state === 'closed') throw MeetingErrors.agendaLocked();
    if (!allowConvened && meeting.state !== 'planned') throw MeetingErrors.removeAfterConvene();
    return meeting;
  }

  /** Appends an item; after convening it takes the next free label so no printed number moves. */
  private async append(
    m: EntityManager,
    meeting: Meeting,
    fields: Pick<AgendaItem, 'section' | 'kind' | 'title'> & Partial<AgendaItem>,
  ): Promise<AgendaItem> {
    const pos = await lastPosition(m, 'agenda_item', { meeting_id: meeting.id, section: fields.section });
    let numberLabel: string | null = null;
    let materialNumber: number | null = null;
    if (meeting.state !== 'planned') {
      const [{ n, mat }] = await m.query(
        `SELECT count(*) FILTER (WHERE section = $2)::int AS n, coalesce(max(material_number), 0)::int AS mat
           FROM agenda_item WHERE meeting_id = $1`,
        [meeting.id, fields.section],
      );
      numberLabel = katakanaLabel(n + 1);
      materialNumber = mat + 1;
    }
    return m.save(
      m.create(AgendaItem, {
        ...fields,
        meetingId: meeting.id,
        position: pos + 1,
        numberLabel,
        materialNumber,
      }),
    );
  }

  /** Puts an accepted case on the agenda (the case becomes scheduled). */
  async addCase(actor: AuthUser, meetingId: string, caseId: string): Promise<AgendaItem> {
    const item = await this.uow.run(actor, async (m) => {
      const meeting = await this.lockMeeting(m, meetingId);
      const c = await lockRow(m, CaseFile, { id: caseId }, caseNotFound);
      if (await m.exists(AgendaItem, { where: { meetingId, caseId, kind: 'case' } }))
        throw MeetingErrors.alreadyOnAgenda();
      await this.workflow.fire(m, c, 'schedule', actor, {
        comment: `第${meeting.number}回会議の議題に追加`,
      });
      const created = await this.append(m, meeting, {
        section: c.procedure,
        kind: 'case',
        caseId: c.id,
        title: c.title,
      });
      await this.auditAgenda(m, actor, meetingId, { addCase: caseId, item: created.id });
      return created;
    });
    return item;
  }

  /** A report of the secretariat's own (登録状況, 運用状況 …) with no case behind it. */
  async addSecretariatReport(actor: AuthUser, meetingId: string, title: string): Promise<AgendaItem> {
    return this.uow.run(actor, async (m) => {
      const meeting = await this.lockMeeting(m, meetingId);
      const item = await this.append(m, meeting, { section: 'report', kind: 'secretariatReport', title });
      await this.auditAgenda(m, actor, meetingId, { addReport: title, item: item.id });
      return item;
    });
  }

  /**
   * Puts open conditions on the agenda as report items, one per condition: all open and
   * reported ones not yet on an unfinished meeting, or the given ones.
   */
  async addConditionReports(
    actor: AuthUser,
    meetingId: string,
    conditionIds?: string[],
  ): Promise<AgendaItem[]> {
    return this.uow.run(actor, async (m) => {
      const meeting = await this.lockMeeting(m, meetingId);
      const conditions: (CaseCondition & { caseTitle: string })[] = await m.query(
        `SELECT c.id, c.position, f.title AS "caseTitle"
           FROM case_condition c JOIN case_file f ON f.id = c.case_id
          WHERE c.state IN ('open','reported')
            AND ($2::uuid[] IS NULL OR c.id = ANY($2))
            AND NOT EXISTS (SELECT 1 FROM agenda_item i JOIN meeting mt ON mt.id = i.meeting_id
                             WHERE i.condition_id = c.id AND (mt.state <> 'closed' OR i.meeting_id = $1))
          ORDER BY c.created_at, c.position`,
        [meetingId, conditionIds?.length ? conditionIds : null],
      );
      if (conditions.length === 0) throw MeetingErrors.conditionsNone();
      const created: AgendaItem[] = [];
      for (const c of conditions) {
        created.push(
          await this.append(m, meeting, {
            section: 'report',
            kind: 'conditionReport',
            conditionId: c.id,
            title: `付帯意見への対応状況（${c.caseTitle}）`,
          }),
        );
      }
      await this.auditAgenda(m, actor, meetingId, { addConditionReports: conditions.map((c) => c.id) });
      return created;
    });
  }

  /** Removes an item before the meeting is convened; its case goes back to accepted. */
  async removeItem(actor: AuthUser, meetingId: string, itemId: string): Promise<void> {
    await this.uow.run(actor, async (m) => {
      await this.lockMeeting(m, meetingId, false);
      const item = await m.findOne(AgendaItem, { where: { id: itemId, meetingId } });
      if (!item) throw MeetingErrors.itemNotFound();
      if (item.kind === 'case' && item.caseId) {
        const c = await m.findOne(CaseFile, {
          where: { id: item.caseId },
          lock: { mode: 'pessimistic_write' },
        });
        if (c) await this.workflow.fire(m, c, 'unschedule', actor, { comment: '議題から削除' });
      }
      await m.delete(AgendaItem, { id: itemId });
      await this.auditAgenda(m, actor, meetingId, { removeItem: itemId, title: item.title });
    });
  }

  /**
   * Reorders one section. Before convening numbers simply follow; afterwards the caller must
   * confirm, and the renumbering is stored and audited with the old and new labels.
   */
  async reorder(actor: AuthUser, meetingId: string, dto: ReorderDto): Promise<void> {
    await this.uow.run(actor, async (m) => {
      const meeting = await this.lockMeeting(m, meetingId);
      const items = await this.items(meetingId, m);
      const section = items.filter((i) => i.section === dto.section);
      const ids = new Set(section.map((i) => i.id));
      if (
        dto.itemIds.length !== section.length ||
        !dto.itemIds.every((id) => ids.has(id)) ||
        new Set(dto.itemIds).size !== ids.size
      )
        throw MeetingErrors.badOrder();
      const frozen = meeting.state !== 'planned';
      if (frozen && !dto.confirmRenumber) throw MeetingErrors.agendaFrozen();
      for (const [i, id] of dto.itemIds.entries()) await m.update(AgendaItem, { id }, { position: i + 1 });
      const detail: Record<string, unknown> = { section: dto.section, order: dto.itemIds };
      if (frozen) {
        const before = Object.fromEntries(items.map((i) => [i.id, i.numberLabel]));
        await this.freezeNumbers(m, meetingId);
        const after = await this.items(meetingId, m);
        detail.renumbered = after
          .filter((i) => before[i.id] !== i.numberLabel)
          .map((i) => ({ item: i.id, title: i.title, from: before[i.id], to: i.numberLabel }));
        detail.confirmed = true;
      }
      await this.auditAgenda(m, actor, meetingId, detail, frozen ? 'agenda.renumber' : 'update');
    });
  }

  /** Groups items for joint deliberation (併せて審議); each keeps its own outcome. */
  async group(actor: AuthUser, meetingId: string, itemIds: string[]): Promise<string> {
    return this.uow.run(actor, async (m) => {
      await this.lockMeeting(m, meetingId);
      const items = await m.find(AgendaItem, { where: { id: In(itemIds), meetingId } });
      if (
        items.length < 2 ||
        items.length !== new Set(itemIds).size ||
        new Set(items.map((i) => i.section)).size !== 1
      )
        throw MeetingErrors.badGroup();
      const groupId = randomUUID();
      await m.update(AgendaItem, { id: In(itemIds) }, { groupId });
      await this.auditAgenda(m, actor, meetingId, { group: itemIds, groupId });
      return groupId;
    });
  }

  async ungroup(actor: AuthUser, meetingId: string, itemId: string): Promise<void> {
    await this.uow.run(actor, async (m) => {
      await this.lockMeeting(m, meetingId);
      const item = await m.findOne(AgendaItem, { where: { id: itemId, meetingId } });
      if (!item) throw MeetingErrors.itemNotFound();
      if (!item.groupId) return;
      await m.update(AgendaItem, { id: itemId }, { groupId: null });
      // A group of one is no group.
      const rest = await m.find(AgendaItem, { where: { groupId: item.groupId, id: Not(itemId) } });
      if (rest.length === 1) await m.update(AgendaItem, { id: rest[0].id }, { groupId: null });
      await this.auditAgenda(m, actor, meetingId, { ungroup: itemId });
    });
  }

  async addDocument(
    actor: AuthUser,
    meetingId: string,
    itemId: string,
    title: string,
  ): Promise<AgendaMaterialDocument> {
    return this.uow.run(actor, async (m) => {
      const meeting = await lockRow(m, Meeting, { id: meetingId }, MeetingErrors.notFound);
      if (meeting.state === 'closed') throw MeetingErrors.notEditable(meetingMachine.label(meeting.state));
      if (!(await m.exists(AgendaItem, { where: { id: itemId, meetingId } })))
        throw MeetingErrors.itemNotFound();
      const pos = await lastPosition(m, 'agenda_material_document', { agenda_item_id: itemId });
      const doc = await m.save(
        m.create(AgendaMaterialDocument, { agendaItemId: itemId, position: pos + 1, title }),
      );
      await this.auditAgenda(m, actor, meetingId, { addDocument: title, item: itemId });
      return doc;
    });
  }

  async removeDocument(actor: AuthUser, meetingId: string, documentId: string): Promise<void> {
    await this.uow.run(actor, async (m) => {
      const doc = await m.findOne(AgendaMaterialDocument, { where: { id: documentId } });
      const item = doc ? await m.findOne(AgendaItem, { where: { id: doc.agendaItemId, meetingId } }) : null;
      if (!doc || !item) throw CommonErrors.notFound('資料');
      await m.delete(AgendaMaterialDocument, { id: documentId });
      await this.auditAgenda(m, actor, meetingId, { removeDocument: doc.title, item: item.id });
    });
  }

  /** Open/closed session, who explains, and whether a consultation is categorical (with its criteria). */
  async setOptions(
    actor: AuthUser,
    meetingId: string,
    itemId: string,
    dto: ItemOptionsDto,
  ): Promise<AgendaItem> {
    return this.uow.run(actor, async (m) => {
      const item = await lockRow(m, AgendaItem, { id: itemId, meetingId }, MeetingErrors.itemNotFound);
      if (dto.version !== undefined && dto.version !== item.version)
        throw CommonErrors.staleVersion('この議題');
      if (item.outcome) throw MeetingErrors.outcomeRecorded();
      const changes: Partial<AgendaItem> = {};
      if (dto.closedSession !== undefined) changes.closedSession = dto.closedSession;
      if (dto.explainedBy !== undefined) changes.explainedBy = dto.explainedBy || null;
      if (dto.categorical !== undefined) {
        const criteria = dto.criteria ?? item.categoricalCriteria;
        const any = criteria && Object.values(criteria).some((v) => Array.isArray(v) && v.length > 0);
        if (dto.categorical && (item.section !== 'consultation' || !any))
          throw MeetingErrors.categoricalNeedsCriteria();
        changes.categorical = dto.categorical;
        changes.categoricalCriteria = dto.categorical ? criteria : null;
      }
      await m.update(AgendaItem, { id: itemId }, changes);
      await this.auditAgenda(m, actor, meetingId, { item: itemId, options: dto });
      return m.findOneByOrFail(AgendaItem, { id: itemId });
    });
  }

  /** Items without any material (a named document or an uploaded file), for the readiness check. */
  async itemsWithoutMaterials(meetingId: string): Promise<AgendaItem[]> {
    return this.ds
      .getRepository(AgendaItem)
      .createQueryBuilder('i')
      .where('i.meetingId = :meetingId', { meetingId })
      .andWhere('NOT EXISTS (SELECT 1 FROM agenda_material_document d WHERE d.agenda_item_id = i.id)')
      .andWhere('NOT EXISTS (SELECT 1 FROM agenda_item_file f WHERE f.agenda_item_id = i.id)')
      .orderBy('i.section')
      .addOrderBy('i.position')
      .getMany();
  }

  private auditAgenda(
    m: EntityManager,
    actor: AuthUser,
    meetingId: string,
    detail: Record<string, unknown>,
    action = 'update',
  ): Promise<void> {
    return this.audit.record(
      {
        actor: actorOf(actor),
        action,
        targetType: 'meeting',
        targetId: meetingId,
        detail: { agenda: true, ...detail },
      },
      m,
    );
  }
}

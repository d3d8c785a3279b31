import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { canViewCase, caseVisibleSql } from '../cases/case-access-policy';
import { CaseFile } from '../cases/case-file.entity';
import { extensionOf, sniffFileType } from '../cases/file-type';
import { CommonErrors } from '../common/errors/app-error';
import { NotificationsService } from '../notifications/notifications.service';
import { WorkflowService } from '../workflow/workflow.service';
import {
  CaseCondition,
  ConditionReport,
  ConditionReportAttachment,
  ConditionTransition,
} from './condition.entity';
import { conditionMachine, type ConditionAction } from './condition-state-machine';
import { ConditionErrors } from './conditions.errors';
import { todayInJapan } from '../common/format/today';
import { lockRow } from '../database/lock-row';
import { UnitOfWork } from '../database/unit-of-work';

export interface ConditionRow extends CaseCondition {
  caseTitle: string;
  receiptNumber: string | null;
  departmentName: string;
  overdue: boolean;
}

export interface UploadedFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export const ATTACHMENT_LIMIT_MB = 10;

/** Overdue: still open after its due date (a reported one waits on the secretariat, not the department). */
export function isOverdue(c: Pick<CaseCondition, 'state' | 'dueDate'>, today = todayInJapan()): boolean {
  return c.state === 'open' && c.dueDate < today;
}

@Injectable()
export class ConditionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly workflow: WorkflowService,
    private readonly notifications: NotificationsService,
  ) {}

  /** The conditions of the cases the user sees (the case-access policy). */
  async list(
    user: AuthUser,
    filter: { state?: string; overdue?: boolean; id?: string } = {},
  ): Promise<ConditionRow[]> {
    const params: unknown[] = [
      todayInJapan(),
      filter.state ?? null,
      filter.overdue ?? null,
      filter.id ?? null,
    ];
    const visible = caseVisibleSql(user, 'f', (v) => {
      params.push(v);
      return `$${params.length}`;
    });
    const rows: ConditionRow[] = await this.ds.query(
      `SELECT c.id, c.case_id AS "caseId", c.reply_id AS "replyId", c.position, c.text, c.department_id AS "departmentId",
              c.due_date::text AS "dueDate", c.state, c.closing_comment AS "closingComment", c.closed_at AS "closedAt",
              c.version, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
              f.title AS "caseTitle", f.receipt_number AS "receiptNumber", d.name AS "departmentName",
              (c.state = 'open' AND c.due_date < $1::date) AS overdue
         FROM case_condition c JOIN case_file f ON f.id = c.case_id JOIN department d ON d.id = c.department_id
        WHERE ${visible}
          AND ($2::text IS NULL OR c.state = $2)
          AND ($3::boolean IS NULL OR (c.state = 'open' AND c.due_date < $1::date) = $3)
          AND ($4::uuid IS NULL OR c.id = $4)
        ORDER BY (c.state = 'closed'), c.due_date, c.position`,
      params,
    );
    return rows;
  }

  async get(user: AuthUser, id: string): Promise<ConditionRow> {
    const [row] = await this.list(user, { id });
    if (!row) throw ConditionErrors.notFound();
    return row;
  }

  /** A condition is seen with its case (the case-access policy). */
  private async canSee(m: EntityManager, user: AuthUser, c: CaseCondition): Promise<boolean> {
    const f = await m.findOne(CaseFile, { where: { id: c.caseId } });
    return !!f && (await canViewCase(m, user, f));
  }

  reports(conditionId: string): Promise<ConditionReport[]> {
    return this.ds
      .getRepository(ConditionReport)
      .find({ where: { conditionId }, order: { createdAt: 'ASC' } });
  }

  attachments(reportIds: string[]): Promise<ConditionReportAttachment[]> {
    if (reportIds.length === 0) return Promise.resolve([]);
    return this.ds
      .getRepository(ConditionReportAttachment)
      .createQueryBuilder('a')
      .where('a.reportId IN (:...ids)', { ids: reportIds })
      .orderBy('a.createdAt')
      .getMany();
  }

  history(conditionId: string): Promise<ConditionTransition[]> {
    return this.ds
      .getRepository(ConditionTransition)
      .find({ where: { conditionId }, order: { occurredAt: 'ASC' } });
  }

  async attachment(user: AuthUser, attachmentId: string): Promise<ConditionReportAttachment> {
    const a = await this.ds
      .getRepository(ConditionReportAttachment)
      .createQueryBuilder('a')
      .addSelect('a.data')
      .where('a.id = :id', { id: attachmentId })
      .getOne();
    if (!a) throw ConditionErrors.attachmentNotFound();
    const report = await this.ds.getRepository(ConditionReport).findOneByOrFail({ id: a.reportId });
    await this.get(user, report.conditionId);
    return a;
  }

  /** Creates the tracked conditions of an issued reply and opens the case's follow-up. */
  async createForReply(
    m: EntityManager,
    c: CaseFile,
    replyId: string,
    texts: string[],
    dueDate: string,
    actor: AuthUser,
  ): Promise<CaseCondition[]> {
    const created: CaseCondition[] = [];
    for (const [i, text] of texts.entries()) {
      created.push(
        await m.save(
          m.create(CaseCondition, {
            caseId: c.id,
            replyId,
            position: i + 1,
            text,
            departmentId: c.departmentId,
            dueDate,
            state: 'open',
          }),
        ),
      );
    }
    if (created.length)
      await this.workflow.fire(m, c, 'openConditions', actor, {
        comment: `付帯意見 ${created.length} 件`,
      });
    return created;
  }

  /** The department's follow-up report (対応報告), with attachments. */
  async report(
    user: AuthUser,
    id: string,
    body: string,
    uploaded: UploadedFile[],
    version?: number,
  ): Promise<void> {
    // Multipart file names arrive as latin1 bytes; Japanese names need them read as UTF-8.
    const files = uploaded.map((f) => ({
      ...f,
      originalname: Buffer.from(f.originalname, 'latin1').toString('utf8'),
    }));
    for (const f of files)
      if (f.size > ATTACHMENT_LIMIT_MB * 1024 * 1024)
        throw ConditionErrors.attachmentTooLarge(ATTACHMENT_LIMIT_MB);
    // The same rule as case attachments: the bytes decide the type, never the name or the browser.
    const mediaTypes = files.map((f) => {
      const type = sniffFileType(f.buffer);
      if (!type.ok)
        throw type.reason === 'executable'
          ? ConditionErrors.attachmentExecutable(f.originalname)
          : ConditionErrors.attachmentType(f.originalname);
      const ext = extensionOf(f.originalname);
      if (!type.extensions.includes(ext))
        throw ConditionErrors.attachmentNameMismatch(f.originalname, type.label, ext || '（なし）');
      return type.mediaType;
    });
    await this.uow.run(user, async (m) => {
      const c = await this.lock(m, user, id, version);
      const to = conditionMachine.check('report', c.state, user.role);
      const report = await m.save(
        m.create(ConditionReport, {
          conditionId: id,
          body,
          submittedById: user.id,
          submittedByName: user.displayName,
        }),
      );
      for (const [i, f] of files.entries()) {
        await m.insert(ConditionReportAttachment, {
          reportId: report.id,
          filename: f.originalname,
          contentType: mediaTypes[i],
          sizeBytes: f.size,
          data: f.buffer,
        });
      }
      await this.move(m, user, c, 'report', to, null, { reportId: report.id, attachments: files.length });
    });
  }

  /** close (with the secretariat's comment) or reopen (back to the department). */
  async decide(
    user: AuthUser,
    id: string,
    action: 'close' | 'reopen',
    comment: string,
    version?: number,
  ): Promise<void> {
    await this.uow.run(user, async (m) => {
      const c = await this.lock(m, user, id, version);
      const to = conditionMachine.check(action, c.state, user.role, comment);
      const wasClosed = c.state === 'closed';
      await this.move(m, user, c, action, to, comment, {});
      const caseFile = await m.findOne(CaseFile, {
        where: { id: c.caseId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!caseFile) return;
      if (action === 'close') {
        const [{ n }] = await m.query(
          `SELECT count(*)::int AS n FROM case_condition WHERE case_id = $1 AND state <> 'closed'`,
          [c.caseId],
        );
        if (n === 0 && caseFile.status === 'conditionsOpen')
          await this.workflow.fire(m, caseFile, 'closeConditions', user, {
            comment: '全ての付帯意見の対応が完了',
          });
      } else if (wasClosed && caseFile.status === 'closed') {
        await this.workflow.fire(m, caseFile, 'reopenConditions', user, { comment });
      }
    });
  }

  private async lock(m: EntityManager, user: AuthUser, id: string, version?: number): Promise<CaseCondition> {
    const c = await lockRow(m, CaseCondition, { id }, ConditionErrors.notFound);
    if (!(await this.canSee(m, user, c))) throw ConditionErrors.notFound();
    if (version !== undefined && version !== c.version) throw CommonErrors.staleVersion('この付帯意見');
    return c;
  }

  private async move(
    m: EntityManager,
    user: AuthUser,
    c: CaseCondition,
    action: ConditionAction,
    to: CaseCondition['state'],
    comment: string | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    const changes: Partial<CaseCondition> = { state: to };
    if (action === 'close') Object.assign(changes, { closingComment: comment, closedAt: new Date() });
    if (action === 'reopen') Object.assign(changes, { closedAt: null });
    await m.update(CaseCondition, { id: c.id }, changes);
    await m.insert(ConditionTransition, {
      conditionId: c.id,
      action,
      fromState: c.state,
      toState: to,
      actorId: user.id,
      actorName: user.displayName,
      comment,
    });
    await this.audit.recordChange(
      user,
      'state.change',
      'condition',
      c.id,
      { transition: action, from: c.state, to, comment, ...detail },
      m,
    );
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { caseNotFound } from '../cases/case-access';
import { assertCaseVisible } from '../cases/case-access-policy';
import { CaseFile } from '../cases/case-file.entity';
import { CommonErrors } from '../common/errors/app-error';
import { todayInJapan } from '../common/format/today';
import { UnitOfWork } from '../database/unit-of-work';
import { NotificationsService, type NotificationInput } from '../notifications/notifications.service';
import { CaseTransition, insertCaseTransition } from './case-transition.entity';
import { caseMachine, MANUAL_CASE_ACTIONS, type CaseAction } from './case-state-machine';
import { drawNumber, receiptLabel } from './sequence';
import { SUBMISSION_CHECKS, type SubmissionChecks } from './submission-checks';
import { WorkflowCaseErrors } from './workflow.errors';

export interface FireOptions {
  comment?: string | null;
  /** Optimistic lock: the version the user saw. */
  version?: number;
  /**
   * accept only: the day the case was received (YYYY-MM-DD, Japan), when the secretariat enters a
   * past receipt; the 受付番号 is drawn in that day's fiscal year. Never after today.
   */
  receivedOn?: string;
}

/** A corrected outcome, told with what it now is and the reason given. */
const outcomeCorrected =
  (what: string) =>
  (c: CaseFile, comment: string | null): NotificationInput => ({
    kind: 'decided',
    title: `${what}: ${c.title}`,
    body: comment ? `訂正の理由: ${comment}` : null,
  });

/** What each transition tells the department. */
const DEPARTMENT_NOTICES: Partial<
  Record<CaseAction, (c: CaseFile, comment: string | null) => NotificationInput>
> = {
  sendBack: (c, comment) => ({
    kind: 'sentBack',
    title: `事案が差し戻されました: ${c.title}`,
    body: comment ? `差戻しの理由: ${comment}` : null,
  }),
  accept: (c) => ({
    kind: 'accepted',
    title: `事案が受け付けられました（受付番号 ${c.receiptNumber}）: ${c.title}`,
  }),
  schedule: (c, comment) => ({
    kind: 'scheduled',
    title: `事案が会議の議題になりました: ${c.title}`,
    body: comment,
  }),
  decide: (c, comment) => ({ kind: 'decided', title: `審議結果が記録されました: ${c.title}`, body: comment }),
  continue: (c, comment) => ({
    kind: 'decided',
    title: `事案は継続審議となりました: ${c.title}`,
    body: comment,
  }),
  correctOutcome: outcomeCorrected('審議結果が訂正されました'),
  correctToContinued: outcomeCorrected('審議結果が「継続審議」に訂正されました'),
  correctFromContinued: outcomeCorrected('審議結果が訂正されました'),
  recordWithdrawal: (c, comment) => ({
    kind: 'decided',
    title: `会議で事案の取下げが記録されました: ${c.title}`,
    body: comment,
  }),
};

@Injectable()
export class WorkflowService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    @Inject(SUBMISSION_CHECKS) private readonly checks: SubmissionChecks,
  ) {}

  /** A case the user may see, with its department. */
  async getCase(user: AuthUser, id: string, m: EntityManager = this.uow.managerOrRoot()): Promise<CaseFile> {
    const c = await m.findOne(CaseFile, { where: { id }, relations: { department: true } });
    return assertCaseVisible(m, user, c);
  }

  /** Locks a case row for a transition; hides cases the user may not see. */
  async lockCase(m: EntityManager, user: AuthUser, id: string): Promise<CaseFile> {
    const c = await m.findOne(CaseFile, { where: { id }, lock: { mode: 'pessimistic_write' } });
    return assertCaseVisible(m, user, c);
  }

  /**
   * Fires one transition on a locked case inside the caller's transaction: checks the table,
   * the record-level rules, writes the history row, the audit entry and the notifications.
   */
  async fire(
    m: EntityManager,
    c: CaseFile,
    action: CaseAction,
    actor: AuthUser,
    opts: FireOptions = {},
  ): Promise<CaseFile> {
    const from = c.status;
    if (opts.version !== undefined && opts.version !== c.version) throw CommonErrors.staleVersion('この事案');
    const comment = opts.comment?.trim() || null;
    const to = caseMachine.check(action, from, actor.role, comment);
    if (actor.role === 'clerk' && actor.departmentId !== c.departmentId) throw caseNotFound();

    if (action === 'submit' || action === 'resubmit') {
      const problems = await this.checks.validateForSubmission(c.id, m);
      if (problems.length) throw WorkflowCaseErrors.notReady(problems);
    }
    const changes: Partial<CaseFile> = { status: to, updatedById: actor.id };
    if (opts.receivedOn !== undefined && action !== 'accept')
      throw WorkflowCaseErrors.receivedOnOnlyOnAccept();
    const receivedOn = opts.receivedOn && opts.receivedOn !== todayInJapan() ? opts.receivedOn : null;
    if (receivedOn && receivedOn > todayInJapan()) throw WorkflowCaseErrors.receivedOnInFuture();
    if (action === 'accept') {
      await this.assertNotSubmitter(m, c, actor);
      changes.receiptNumber = receiptLabel(await drawNumber(m, 'receipt', receivedOn ?? new Date()));
    }
    await m.update(CaseFile, { id: c.id }, changes);
    Object.assign(c, changes, { version: c.version + 1 });
    if (action === 'submit' || action === 'resubmit') await this.checks.snapshot(c.id, m, actor.id);
    // Withdrawn before its meeting: the agenda item records it, so the meeting can still close.
    if (action === 'withdraw' && from === 'scheduled')
      await m.query(
        `UPDATE agenda_item SET outcome = 'withdrawn', withdrawal_reason = $2, decided_at = now(), decided_by_id = $3,
                version = version + 1 WHERE case_id = $1 AND kind = 'case' AND outcome IS NULL`,
        [c.id, comment, actor.id],
      );

    await insertCaseTransition(m, {
      caseId: c.id,
      action,
      from,
      to,
      actor,
      comment,
      // A past receipt entered from the records keeps its day.
      at: receivedOn ? new Date(`${receivedOn}T09:00:00+09:00`) : null,
    });
    await this.audit.recordChange(
      actor,
      'state.change',
      'case',
      c.id,
      { transition: action, from, to, comment, receiptNumber: changes.receiptNumber ?? undefined },
      m,
    );
    const notice = DEPARTMENT_NOTICES[action];
    if (notice)
      await this.notifications.toDepartment(m, c.departmentId, {
        ...notice(c, comment),
        caseId: c.id,
        link: `/cases/${c.id}/workflow`,
      });
    return c;
  }

  /** A manual action from the case screen, in its own transaction. */
  async act(
    actor: AuthUser,
    id: string,
    action: CaseAction,
    input: { comment?: string | null; version?: number; receivedOn?: string },
  ): Promise<CaseFile> {
    if (!MANUAL_CASE_ACTIONS.includes(action))
      throw WorkflowCaseErrors.manualActionOnly(caseMachine.table[action].label);
    await this.uow.run(actor, async (m) => {
      const c = await this.lockCase(m, actor, id);
      await this.fire(m, c, action, actor, input);
    });
    return this.getCase(actor, id);
  }

  /** Segregation of duties: whoever created or (re)submitted the case never accepts it. */
  private async assertNotSubmitter(m: EntityManager, c: CaseFile, actor: AuthUser): Promise<void> {
    if (c.createdById === actor.id) throw WorkflowCaseErrors.segregationOfDuties();
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM case_transition WHERE case_id = $1 AND action IN ('submit','resubmit') AND actor_id = $2 LIMIT 1`,
      [c.id, actor.id],
    );
    if (rows.length) throw WorkflowCaseErrors.segregationOfDuties();
  }

  history(caseId: string): Promise<CaseTransition[]> {
    return this.ds.getRepository(CaseTransition).find({ where: { caseId }, order: { occurredAt: 'ASC' } });
  }

  /** The intake queue: submitted cases, oldest first, with when and by whom. */
  async intakeQueue(): Promise<IntakeRow[]> {
    return this.ds.query(
      `SELECT f.id, f.title, f.procedure, f.version, d.name AS "departmentName",
              t.occurred_at AS "submittedAt", t.actor_name AS "submittedBy", t.action AS "submitAction"
         FROM case_file f
         JOIN department d ON d.id = f.department_id
         LEFT JOIN LATERAL (SELECT occurred_at, actor_name, action FROM case_transition
                             WHERE case_id = f.id AND action IN ('submit','resubmit')
                             ORDER BY occurred_at DESC LIMIT 1) t ON true
        WHERE f.status = 'submitted'
        ORDER BY t.occurred_at ASC NULLS LAST`,
    );
  }

  /** Cases the user works with: clerks their department's, the secretariat every non-draft one. */
  async listCases(user: AuthUser, status?: string): Promise<CaseFile[]> {
    const qb = this.ds
      .getRepository(CaseFile)
      .createQueryBuilder('c')
      .leftJoinAndSelect('c.department', 'd')
      .orderBy('c.updatedAt', 'DESC');
    if (user.role === 'clerk') qb.andWhere('c.departmentId = :dept', { dept: user.departmentId });
    else if (user.role === 'secretariat') qb.andWhere(`c.status <> 'draft'`);
    else return [];
    if (status) qb.andWhere('c.status = :status', { status });
    return qb.getMany();
  }
}

export interface IntakeRow {
  id: string;
  title: string;
  procedure: string;
  version: number;
  departmentName: string;
  submittedAt: Date | null;
  submittedBy: string | null;
  submitAction: string | null;
}

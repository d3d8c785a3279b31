import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf } from '../auth/actor';
import type { AuthUser } from '../auth/auth-user';
import { AttachmentsService, type UploadedFileLike } from '../cases/attachments.service';
import { canEditCaseContent } from '../cases/case-access';
import { assertCaseVisible, caseVisibleSql } from '../cases/case-access-policy';
import { CaseFile } from '../cases/case-file.entity';
import { EDITABLE_STATUSES } from '../cases/case-kinds';
import { CaseAttachment } from '../cases/case-parts.entity';
import { CasesService } from '../cases/cases.service';
import { sniffFileType } from '../cases/file-type';
import { AuditService } from '../audit/audit.service';
import { CommonErrors } from '../common/errors/app-error';
import { todayInJapan } from '../common/format/today';
import { currentCouncil } from '../council/current-council';
import { lockRow } from '../database/lock-row';
import { UnitOfWork } from '../database/unit-of-work';
import { CASE_STATE_LABELS, type CaseState } from '../workflow/case-state-machine';
import { standardChecklistRows } from './checklist';
import type {
  AssessmentFactsDto,
  CreateFindingDto,
  CreateImpactAssessmentDto,
  SaveChecklistDto,
  SignificantChangeDto,
  UpdateImpactAssessmentDto,
} from './dto/impact-assessment.dto';
import { findingMachine, type FindingAction } from './finding-state-machine';
import { AssessmentCheckItem, AssessmentFinding, ImpactAssessment } from './impact-assessment.entity';
import { ImpactAssessmentErrors } from './impact-assessments.errors';
import { reassessmentDueOn, reassessmentState, type ReassessmentState } from './reassessment';
import { judgeThreshold, type ThresholdResult } from './threshold';

/** The 評価書 is a PDF, Word or Excel file (images are attachments of other cases, not an 評価書). */
const EVALUATION_DOCUMENT_TYPES = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);
export const EVALUATION_DOCUMENT_TITLE = '特定個人情報保護評価書';

/** After intake the council reviews; before it the department still holds the case. */
const REVIEW_STATES: readonly CaseState[] = ['accepted', 'scheduled', 'decided', 'conditionsOpen', 'closed'];

export interface AssessmentRow extends ImpactAssessment {
  title: string;
  status: CaseState;
  receiptNumber: string | null;
  departmentId: string;
  departmentName: string;
  openFindings: number;
}

export interface AssessmentDetail {
  row: AssessmentRow;
  threshold: ThresholdResult;
  documents: CaseAttachment[];
  checklist: AssessmentCheckItem[];
  findings: AssessmentFinding[];
  editable: boolean;
  reviewOpen: boolean;
}

/** The case's title, from the facts: what the agenda and the packet print. */
export function reviewTitle(
  f: Pick<AssessmentFactsDto, 'affairName' | 'targetCount' | 'handlerCount' | 'seriousIncident'>,
): string {
  const t = judgeThreshold(f);
  const kind = t.evaluations.includes('full')
    ? '全項目評価書'
    : t.evaluations.includes('priority')
      ? '重点項目評価書'
      : '基礎項目評価書';
  return `${f.affairName}に係る特定個人情報保護評価書（${kind}）の第三者点検について`;
}

/** The stored facts of an assessment, from the department's input (or the sample data). */
export function factsOf(f: AssessmentFactsDto): AssessmentFactsDto {
  return {
    affairName: f.affairName,
    fileName: f.fileName,
    targetCount: f.targetCount,
    handlerCount: f.handlerCount,
    seriousIncident: f.seriousIncident,
    evaluatedOn: f.evaluatedOn,
  };
}

export function overviewOf(f: AssessmentFactsDto, departmentName: string) {
  const t = judgeThreshold(f);
  return {
    businessName: f.affairName,
    businessDepartment: departmentName,
    purpose: `特定個人情報ファイル「${f.fileName}」に係る特定個人情報保護評価（${t.label}）について、審議会の第三者点検を受けるもの。`,
    targetPersons: `対象人数 ${f.targetCount.toLocaleString('ja-JP')}人（取扱者数 ${f.handlerCount.toLocaleString('ja-JP')}人）`,
    businessContent: `しきい値判断: ${t.label}（${t.reason}）。過去1年以内の重大事故: ${f.seriousIncident ? 'あり' : 'なし'}。`,
  };
}

@Injectable()
export class ImpactAssessmentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly cases: CasesService,
    private readonly attachments: AttachmentsService,
    private readonly audit: AuditService,
  ) {}

  /** The review as a new draft case of the clerk's department, with the 評価書 when given. */
  async create(user: AuthUser, dto: CreateImpactAssessmentDto, file?: UploadedFileLike): Promise<string> {
    if (file) this.assertEvaluationDocument(file);
    if (dto.evaluatedOn > todayInJapan()) throw ImpactAssessmentErrors.evaluatedInFuture();
    const caseId = await this.uow.run(user, async (m) => {
      const council = await currentCouncil(m);
      const [dept] = await m.query(`SELECT name FROM department WHERE id = $1`, [user.departmentId]);
      const created = await this.cases.create(user, {
        title: reviewTitle(dto),
        contact: { sectionName: dto.sectionName, contactName: dto.contactName, extension: dto.extension },
        overview: overviewOf(dto, dept?.name ?? ''),
        items: { columns: [], rows: [] },
      });
      await m.update(CaseFile, { id: created.id }, { procedure: this.procedureOf(dto) });
      await m.insert(ImpactAssessment, {
        caseId: created.id,
        councilId: council.id,
        ...factsOf(dto),
      });
      return created.id;
    });
    if (file) await this.uploadDocument(user, caseId, file);
    return caseId;
  }

  /** Attaches (another version of) the 評価書 through the case attachments: same checks, same storage. */
  async uploadDocument(user: AuthUser, caseId: string, file: UploadedFileLike | undefined): Promise<void> {
    await this.load(this.ds.manager, user, caseId);
    if (file && file.size > 0) this.assertEvaluationDocument(file);
    await this.attachments.upload(user, caseId, file, { title: EVALUATION_DOCUMENT_TITLE });
  }

  private assertEvaluationDocument(file: UploadedFileLike): void {
    const type = sniffFileType(file.buffer);
    if (type.ok && !EVALUATION_DOCUMENT_TYPES.has(type.mediaType))
      throw ImpactAssessmentErrors.documentType(type.label);
  }

  private procedureOf(f: AssessmentFactsDto): 'consultation' | 'report' {
    return judgeThreshold(f).councilReviewRequired ? 'consultation' : 'report';
  }

  /** The department corrects the facts while it holds the case; title and overview follow. */
  async update(user: AuthUser, caseId: string, dto: UpdateImpactAssessmentDto): Promise<void> {
    if (dto.evaluatedOn > todayInJapan()) throw ImpactAssessmentErrors.evaluatedInFuture();
    await this.uow.run(user, async (m) => {
      const { a, c } = await this.lock(m, user, caseId);
      if (!canEditCaseContent(user, c)) throw CommonErrors.forbidden();
      if (!EDITABLE_STATUSES.includes(c.status))
        throw ImpactAssessmentErrors.notEditable(CASE_STATE_LABELS[c.status]);
      if (a.version !== dto.version) throw CommonErrors.staleVersion('この評価');
      const [dept] = await m.query(`SELECT name FROM department WHERE id = $1`, [c.departmentId]);
      await m.update(ImpactAssessment, { caseId }, { ...factsOf(dto), version: a.version + 1 });
      const overview = overviewOf(dto, dept?.name ?? '');
      await m.update(
        CaseFile,
        { id: caseId },
        { title: reviewTitle(dto), procedure: this.procedureOf(dto), ...overview, updatedById: user.id },
      );
      await this.record(m, user, caseId, 'update', { facts: dto });
    });
  }

  /** The reviews of the cases the user sees (the case-access policy). */
  async list(
    user: AuthUser,
    filter: { caseId?: string } = {},
    m: EntityManager = this.ds.manager,
  ): Promise<AssessmentRow[]> {
    const params: unknown[] = [filter.caseId ?? null];
    const visible = caseVisibleSql(user, 'f', (v) => {
      params.push(v);
      return `$${params.length}`;
    });
    const rows: AssessmentRow[] = await m.query(
      `SELECT a.case_id AS "caseId", a.council_id AS "councilId", a.affair_name AS "affairName", a.file_name AS "fileName",
              a.target_count AS "targetCount", a.handler_count AS "handlerCount", a.serious_incident AS "seriousIncident",
              a.evaluated_on::text AS "evaluatedOn", a.significant_change_on::text AS "significantChangeOn",
              a.significant_change_note AS "significantChangeNote", a.conclusion, a.version,
              a.created_at AS "createdAt", a.updated_at AS "updatedAt",
              f.title, f.status, f.receipt_number AS "receiptNumber", f.department_id AS "departmentId",
              d.name AS "departmentName",
              (SELECT count(*)::int FROM assessment_finding x WHERE x.case_id = a.case_id AND x.state <> 'accepted') AS "openFindings"
         FROM impact_assessment a JOIN case_file f ON f.id = a.case_id JOIN department d ON d.id = f.department_id
        WHERE f.deleted_at IS NULL AND ${visible} AND ($1::uuid IS NULL OR a.case_id = $1)
        ORDER BY a.evaluated_on DESC, f.created_at DESC`,
      params,
    );
    return rows;
  }

  async detail(user: AuthUser, caseId: string): Promise<AssessmentDetail> {
    const m = this.ds.manager;
    const [row] = await this.list(user, { caseId }, m);
    if (!row) throw ImpactAssessmentErrors.notFound();
    const [documents, checklist, findings] = await Promise.all([
      m.find(CaseAttachment, { where: { caseId }, order: { createdAt: 'ASC' } }),
      m.find(AssessmentCheckItem, { where: { caseId }, order: { position: 'ASC' } }),
      m.find(AssessmentFinding, { where: { caseId }, order: { position: 'ASC' } }),
    ]);
    return {
      row,
      threshold: judgeThreshold(row),
      documents,
      checklist,
      findings,
      editable: canEditCaseContent(user, row) && EDITABLE_STATUSES.includes(row.status),
      reviewOpen: user.role === 'secretariat' && REVIEW_STATES.includes(row.status),
    };
  }

  /** The secretariat starts the review: the standard checklist becomes this review's own. */
  async startReview(user: AuthUser, caseId: string): Promise<void> {
    await this.uow.run(user, async (m) => {
      const { a, c } = await this.lock(m, user, caseId);
      this.assertReviewOpen(user, c);
      if (await m.exists(AssessmentCheckItem, { where: { caseId } }))
        throw ImpactAssessmentErrors.checklistExists();
      await m.insert(
        AssessmentCheckItem,
        standardChecklistRows().map((r) => ({ ...r, caseId, councilId: a.councilId, comment: '' })),
      );
      await this.record(m, user, caseId, 'create', { checklist: 'standard' });
    });
  }

  async saveChecklist(user: AuthUser, caseId: string, dto: SaveChecklistDto): Promise<void> {
    await this.uow.run(user, async (m) => {
      const { a, c } = await this.lock(m, user, caseId);
      this.assertReviewOpen(user, c);
      if (a.version !== dto.version) throw CommonErrors.staleVersion('この点検');
      const items = await m.find(AssessmentCheckItem, { where: { caseId } });
      if (items.length === 0) throw ImpactAssessmentErrors.checklistMissing();
      const ids = new Set(items.map((i) => i.id));
      dto.items.forEach((i, n) => {
        if (!ids.has(i.id)) throw ImpactAssessmentErrors.checkItemNotFound(`items[${n}].id`);
      });
      for (const i of dto.items)
        await m.update(AssessmentCheckItem, { id: i.id }, { result: i.result ?? null, comment: i.comment });
      await m.update(
        ImpactAssessment,
        { caseId },
        { version: a.version + 1, ...(dto.conclusion !== undefined ? { conclusion: dto.conclusion } : {}) },
      );
      await this.record(m, user, caseId, 'update', { checklist: dto.items.length });
    });
  }

  async addFinding(user: AuthUser, caseId: string, dto: CreateFindingDto): Promise<AssessmentFinding> {
    return this.uow.run(user, async (m) => {
      const { a, c } = await this.lock(m, user, caseId);
      this.assertReviewOpen(user, c);
      if (
        dto.checkItemId &&
        !(await m.exists(AssessmentCheckItem, { where: { id: dto.checkItemId, caseId } }))
      )
        throw ImpactAssessmentErrors.checkItemNotFound('checkItemId');
      const [{ n }] = await m.query(
        `SELECT coalesce(max(position), 0)::int AS n FROM assessment_finding WHERE case_id = $1`,
        [caseId],
      );
      const finding = await m.save(
        m.create(AssessmentFinding, {
          caseId,
          councilId: a.councilId,
          checkItemId: dto.checkItemId ?? null,
          position: n + 1,
          text: dto.text,
          state: 'open',
        }),
      );
      await this.record(m, user, caseId, 'create', { finding: finding.id });
      return finding;
    });
  }

  /** answer (department) / accept / return (secretariat), checked by the finding state machine. */
  async moveFinding(
    user: AuthUser,
    caseId: string,
    findingId: string,
    action: FindingAction,
    input: { answer?: string; comment?: string; version: number },
  ): Promise<AssessmentFinding> {
    return this.uow.run(user, async (m) => {
      await this.lock(m, user, caseId);
      const f = await lockRow(
        m,
        AssessmentFinding,
        { id: findingId, caseId },
        ImpactAssessmentErrors.findingNotFound,
      );
      if (f.version !== input.version) throw CommonErrors.staleVersion('この指摘事項');
      const to = findingMachine.check(action, f.state, user.role, input.comment);
      const changes: Partial<AssessmentFinding> = { state: to };
      if (action === 'answer')
        Object.assign(changes, {
          answer: input.answer,
          answeredByName: user.displayName,
          answeredAt: new Date(),
        });
      else Object.assign(changes, { decisionComment: input.comment?.trim() || null, decidedAt: new Date() });
      await m.update(AssessmentFinding, { id: f.id }, { ...changes, version: f.version + 1 });
      await this.audit.recordChange(
        user,
        'state.change',
        'impactAssessment',
        caseId,
        { finding: f.id, transition: action, from: f.state, to, comment: input.comment ?? null },
        m,
      );
      return m.findOneByOrFail(AssessmentFinding, { id: f.id });
    });
  }

  /** The department records a 重要な変更: the reassessment is due at once (dashboards show it). */
  async recordSignificantChange(user: AuthUser, caseId: string, dto: SignificantChangeDto): Promise<void> {
    await this.uow.run(user, async (m) => {
      const { a, c } = await this.lock(m, user, caseId);
      if (!canEditCaseContent(user, c))
        throw CommonErrors.forbidden('重要な変更を記録できるのは担当課だけです。');
      if (dto.changedOn <= a.evaluatedOn) throw ImpactAssessmentErrors.changeBeforeEvaluation();
      if (dto.changedOn > todayInJapan()) throw ImpactAssessmentErrors.changeInFuture();
      await m.update(
        ImpactAssessment,
        { caseId },
        { significantChangeOn: dto.changedOn, significantChangeNote: dto.note, version: a.version + 1 },
      );
      await this.record(m, user, caseId, 'update', { significantChange: dto });
    });
  }

  private assertReviewOpen(user: AuthUser, c: CaseFile): void {
    if (user.role !== 'secretariat') throw CommonErrors.forbidden('点検を行えるのは事務局だけです。');
    if (!REVIEW_STATES.includes(c.status))
      throw ImpactAssessmentErrors.reviewNotStarted(CASE_STATE_LABELS[c.status]);
  }

  private async load(
    m: EntityManager,
    user: AuthUser,
    caseId: string,
  ): Promise<{ a: ImpactAssessment; c: CaseFile }> {
    const a = await m.findOne(ImpactAssessment, { where: { caseId } });
    const c = a ? await m.findOne(CaseFile, { where: { id: caseId } }) : null;
    if (!a || !c) throw ImpactAssessmentErrors.notFound();
    await assertCaseVisible(m, user, c).catch(() => {
      throw ImpactAssessmentErrors.notFound();
    });
    return { a, c };
  }

  /** The assessment row locked for a write, its case visible to the user (404 otherwise). */
  private async lock(
    m: EntityManager,
    user: AuthUser,
    caseId: string,
  ): Promise<{ a: ImpactAssessment; c: CaseFile }> {
    const a = await lockRow(m, ImpactAssessment, { caseId }, ImpactAssessmentErrors.notFound);
    return { a, c: (await this.load(m, user, caseId)).c };
  }

  private record(
    m: EntityManager,
    user: AuthUser,
    caseId: string,
    action: 'create' | 'update',
    detail: Record<string, unknown>,
  ) {
    return this.audit.record(
      { actor: actorOf(user), action, targetType: 'impactAssessment', targetId: caseId, detail },
      m,
    );
  }

  /** Whether a case is an assessment review (the submission checks ask). */
  static async isReview(m: EntityManager, caseId: string): Promise<boolean> {
    return m.exists(ImpactAssessment, { where: { caseId } });
  }

  /**
   * Reassessments due within 6 months, overdue, or asked for by a 重要な変更: the latest assessment of
   * each 事務 of the departments the user sees (a newer one for the same 事務 settles the older one).
   */
  async reminders(
    user: AuthUser,
    today = todayInJapan(),
  ): Promise<(AssessmentRow & { state: ReassessmentState })[]> {
    const rows = (await this.list(user)).filter((r) => r.status !== 'withdrawn');
    const latest = new Map<string, AssessmentRow>();
    for (const r of rows) {
      const key = `${r.departmentId}\u0000${r.affairName}`;
      const seen = latest.get(key);
      if (!seen || seen.evaluatedOn < r.evaluatedOn) latest.set(key, r);
    }
    return [...latest.values()]
      .map((r) => ({ ...r, state: reassessmentState(r, today) }))
      .filter((r) => r.state !== 'current')
      .sort((x, y) => reassessmentDueOn(x.evaluatedOn).localeCompare(reassessmentDueOn(y.evaluatedOn)));
  }
}

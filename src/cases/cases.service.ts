import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CommonErrors, type FieldError } from '../common/errors/app-error';
import { Department } from '../departments/department.entity';
import { User } from '../users/user.entity';
import { CASE_STATE_LABELS } from '../workflow/case-state-machine';
import { canEditCaseContent, caseNotFound } from './case-access';
import { assertCaseVisible, CaseAccessPolicy } from './case-access-policy';
import { loadCaseAggregate, type CaseAggregate } from './case-aggregate';
import { writeCaseContent } from './case-content.writer';
import { CaseFile } from './case-file.entity';
import { DEFAULT_ITEM_COLUMNS, EDITABLE_STATUSES } from './case-kinds';
import { CaseVersionsService } from './case-versions.service';
import { CaseErrors } from './cases.errors';
import { AssessmentService } from './assessment.service';
import type { CaseContentDto, CreateCaseDto, CopyCaseDto, UpdateCaseDto } from './dto/case-input.dto';
import type { SectionDto } from './dto/section.dto';
import { validateCaseForSubmission } from './submission-validation';
import { actorOf } from '../auth/actor';
import { UnitOfWork } from '../database/unit-of-work';
import { assessmentEditorPath } from '../impact-assessments/case-editor';

/**
 * A case's life as a document: created (blank, from the wizard or as a copy), saved, binned, and
 * checked for submission. The list lives in CaseQueryService, versions in CaseVersionsService.
 */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly assessment: AssessmentService,
    private readonly access: CaseAccessPolicy,
    private readonly versions: CaseVersionsService,
  ) {}

  /** A case the user may see (404 otherwise). */
  async get(user: AuthUser, id: string, m: EntityManager = this.uow.managerOrRoot()): Promise<CaseAggregate> {
    return this.access.assertVisible(user, await loadCaseAggregate(m, id), m);
  }

  /**
   * The screen that edits a case of another kind (an assessment review), or null when the case
   * editor is the right one. Asked after `get`, so an invisible case stays a 404.
   */
  ownEditorPath(id: string, m: EntityManager = this.uow.managerOrRoot()): Promise<string | null> {
    return assessmentEditorPath(m, id);
  }

  async create(user: AuthUser, dto: CreateCaseDto): Promise<CaseAggregate> {
    if (user.role !== 'clerk' || !user.departmentId) throw CaseErrors.editForbidden();
    const departmentId = user.departmentId;
    return this.uow.run(user, async (m) => {
      const dept = await m.findOneOrFail(Department, { where: { id: departmentId } });
      const content: CaseContentDto = { ...dto };
      if (dto.answers && !dto.legalBasisIds) {
        const result = await this.assessment.assess(dto.answers, m);
        content.legalBasisIds = result.bases.map((b) => b.id);
        content.sections ??= result.sections.map(
          (s) =>
            ({
              kind: s.kind,
              legalBasisId: s.legalBasisId,
              holdingDepartment: dept.name,
              ...(s.kind === 'outsourcing' ? { subtype: s.subtype } : {}),
              // The connection form answered in the wizard is the sheet's, not a second question.
              ...(s.kind === 'externalConnection' && dto.answers?.connectionForm
                ? { connectionForm: dto.answers.connectionForm }
                : {}),
            }) as SectionDto,
        );
      }
      content.items ??= { columns: DEFAULT_ITEM_COLUMNS.map((c) => ({ ...c })), rows: [] };
      content.overview = { businessDepartment: dept.name, ...content.overview };
      const row = m.create(CaseFile, {
        departmentId,
        title: dto.title,
        createdById: user.id,
        updatedById: user.id,
      });
      await m.save(row);
      const saved = await writeCaseContent(m, row, content, user);
      await this.audit.recordChange(user, 'create', 'case', row.id, { title: dto.title }, m);
      return saved;
    });
  }

  async update(user: AuthUser, id: string, dto: UpdateCaseDto): Promise<CaseAggregate> {
    // The case as this transaction saved it is the answer (no second read after the commit).
    return this.uow.run(user, async (m) => {
      const row = await this.lockForEdit(m, user, id);
      if (row.version !== dto.version) {
        const by = row.updatedById ? await m.findOne(User, { where: { id: row.updatedById } }) : null;
        throw CommonErrors.staleVersion('この事案', by?.displayName ?? null, row.updatedAt);
      }
      const { version: _v, ...content } = dto;
      const saved = await writeCaseContent(m, row, content, user);
      const parts = Object.keys(content).filter((k) => (content as Record<string, unknown>)[k] !== undefined);
      if (row.status !== 'draft')
        await this.versions.snapshot(id, m, { actorId: user.id, reason: '差戻し後の保存' });
      await this.audit.record(
        { actor: actorOf(user), action: 'update', targetType: 'case', targetId: id, detail: { parts } },
        m,
      );
      return saved;
    });
  }

  /** A new draft in the user's department with the content of an earlier case; the source is recorded. */
  async copy(user: AuthUser, sourceId: string, dto: CopyCaseDto): Promise<CaseAggregate> {
    if (user.role !== 'clerk' || !user.departmentId) throw CaseErrors.editForbidden();
    const source = await this.get(user, sourceId);
    const departmentId = user.departmentId;
    return this.uow.run(user, async (m) => {
      const row = m.create(CaseFile, {
        departmentId,
        title: dto.title ?? source.title,
        confidentialityLevel: source.confidentialityLevel,
        createdById: user.id,
        updatedById: user.id,
        copiedFromId: source.id,
      });
      await m.save(row);
      const saved = await writeCaseContent(
        m,
        row,
        {
          contact: source.contact,
          overview: source.overview,
          retroactive: false,
          retroactiveReason: '',
          relatedCaseIds: [],
          relatedNote: source.relatedNote,
          legalBasisIds: source.legalBases.filter((b) => !b.retired).map((b) => b.id),
          sections: source.sections
            .filter((s) => source.legalBases.some((b) => b.id === s.legalBasisId && !b.retired))
            .map((s) => ({ ...s.fields, kind: s.kind, legalBasisId: s.legalBasisId }) as SectionDto),
          items: {
            columns: source.items.columns,
            rows: source.items.rows.map(({ id: _id, ...r }) => r),
          },
          securityMeasures: source.securityMeasures,
          securityMeasuresIntro: source.securityMeasuresIntro,
        },
        user,
      );
      await this.audit.recordChange(user, 'create', 'case', row.id, { copiedFrom: source.id }, m);
      return saved;
    });
  }

  /**
   * Moves a draft to the bin (by a clerk of its department). It disappears from every list, search
   * and view; the secretariat can restore it for 30 days, then the purge removes it.
   */
  async remove(user: AuthUser, id: string): Promise<void> {
    await this.uow.run(user, async (m) => {
      const row = await assertCaseVisible(
        m,
        user,
        await m.findOne(CaseFile, { where: { id }, lock: { mode: 'pessimistic_write' } }),
      );
      if (!canEditCaseContent(user, row)) throw CaseErrors.editForbidden();
      if (row.status !== 'draft') throw CaseErrors.deleteOnlyDraft(CASE_STATE_LABELS[row.status]);
      // Plain UPDATE: deleting does not bump the version (a restored draft continues where it was).
      await m.query('UPDATE case_file SET deleted_at = now(), deleted_by_id = $2 WHERE id = $1', [
        id,
        user.id,
      ]);
      await this.audit.recordChange(user, 'delete', 'case', id, { title: row.title, bin: true }, m);
    });
  }

  /**
   * Every problem that stops submission, all at once, in Japanese, pointing at the fields.
   * Called by the workflow's submit transition (and shown in the editor beforehand).
   */
  async validateForSubmission(
    caseId: string,
    manager: EntityManager = this.uow.managerOrRoot(),
  ): Promise<FieldError[]> {
    const c = await loadCaseAggregate(manager, caseId);
    if (!c) throw caseNotFound();
    return validateCaseForSubmission(c);
  }

  /** The same check for a user (access-checked). */
  async validationFor(user: AuthUser, caseId: string): Promise<FieldError[]> {
    return validateCaseForSubmission(await this.get(user, caseId));
  }

  // ---- internals ----

  private async lockForEdit(m: EntityManager, user: AuthUser, id: string): Promise<CaseFile> {
    const row = await assertCaseVisible(
      m,
      user,
      await m.findOne(CaseFile, { where: { id }, lock: { mode: 'pessimistic_write' } }),
    );
    if (!canEditCaseContent(user, row)) throw CaseErrors.editForbidden();
    if (!(EDITABLE_STATUSES as readonly string[]).includes(row.status))
      throw CaseErrors.notEditable(CASE_STATE_LABELS[row.status]);
    return row;
  }
}

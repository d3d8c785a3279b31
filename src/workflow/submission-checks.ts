import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FieldError } from '../common/errors/app-error';
import { CaseVersionsService } from '../cases/case-versions.service';
import { CasesService } from '../cases/cases.service';
import { assessmentSubmissionProblems } from '../impact-assessments/submission';

/**
 * What the workflow asks of the case file when a department submits: the complete check of the
 * case document and a frozen version of it (bound to the case file by `CaseFileSubmissionChecks`).
 */
export interface SubmissionChecks {
  /** Problems that block submission, by field; empty when the case may be submitted. */
  validateForSubmission(caseId: string, manager: EntityManager): Promise<FieldError[]>;
  /** Freezes the submitted content (called inside the submitting transaction). */
  snapshot(caseId: string, manager: EntityManager, actorId: string): Promise<void>;
}

export const SUBMISSION_CHECKS = Symbol('SUBMISSION_CHECKS');

/** The case file's own submission rules and version snapshots. */
@Injectable()
export class CaseFileSubmissionChecks implements SubmissionChecks {
  constructor(
    private readonly cases: CasesService,
    private readonly versions: CaseVersionsService,
  ) {}

  async validateForSubmission(caseId: string, manager: EntityManager): Promise<FieldError[]> {
    // An impact assessment review (第三者点検) has its own rules: no 条例の根拠, the 評価書 attached.
    const review = await assessmentSubmissionProblems(manager, caseId);
    return review ?? this.cases.validateForSubmission(caseId, manager);
  }

  async snapshot(caseId: string, manager: EntityManager, actorId: string): Promise<void> {
    await this.versions.snapshot(caseId, manager, { actorId, reason: '提出' });
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FieldError } from '../common/errors/app-error';
import { CaseFile } from '../cases/case-file.entity';

/**
 * What the workflow asks of the case file when a department submits. The case-file feature
 * binds its `CasesService` (validateForSubmission / snapshot) to SUBMISSION_CHECKS at merge.
 */
export interface SubmissionChecks {
  /** Problems that block submission, by field; empty when the case may be submitted. */
  validateForSubmission(caseId: string, manager: EntityManager): Promise<FieldError[]>;
  /** Freezes the submitted content (called inside the submitting transaction). */
  snapshot(caseId: string, manager: EntityManager): Promise<void>;
}

export const SUBMISSION_CHECKS = Symbol('SUBMISSION_CHECKS');

/** Until the case file binds its checks: a case needs a title, and nothing is frozen. */
@Injectable()
export class TitleOnlySubmissionChecks implements SubmissionChecks {
  async validateForSubmission(caseId: string, manager: EntityManager): Promise<FieldError[]> {
    const c = await manager.findOne(CaseFile, { where: { id: caseId } });
    return c && c.title.trim() ? [] : [{ field: 'title', messages: ['件名を入力してください'] }];
  }

  async snapshot(): Promise<void> {
    // Nothing to freeze without the case-file content.
  }
}

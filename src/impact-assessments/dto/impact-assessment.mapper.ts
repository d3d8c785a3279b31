import type { AuthUser } from '../../auth/auth-user';
import { todayInJapan } from '../../common/format/today';
import { CASE_STATE_LABELS } from '../../workflow/case-state-machine';
import { FINDING_STATE_LABELS, findingMachine } from '../finding-state-machine';
import { CHECK_RESULT_LABELS } from '../impact-assessment.entity';
import type { AssessmentDetail, AssessmentRow } from '../impact-assessments.service';
import { REASSESSMENT_STATE_LABELS, reassessmentDueOn, reassessmentState } from '../reassessment';
import { EVALUATION_KIND_LABELS, judgeThreshold, type ThresholdResult } from '../threshold';
import type {
  FindingDto,
  ImpactAssessmentDto,
  ImpactAssessmentSummaryDto,
  ReassessmentDto,
  ThresholdDto,
} from './impact-assessment.dto';

export function toThresholdDto(t: ThresholdResult): ThresholdDto {
  return {
    level: t.level,
    label: t.label,
    evaluations: [...t.evaluations],
    evaluationLabels: t.evaluations.map((e) => EVALUATION_KIND_LABELS[e]),
    councilReviewRequired: t.councilReviewRequired,
    publicCommentRequired: t.publicCommentRequired,
    reason: t.reason,
  };
}

export function toReassessmentDto(a: AssessmentRow, today = todayInJapan()): ReassessmentDto {
  const state = reassessmentState(a, today);
  return {
    dueOn: reassessmentDueOn(a.evaluatedOn),
    state,
    stateLabel: REASSESSMENT_STATE_LABELS[state],
    significantChangeOn: a.significantChangeOn,
    significantChangeNote: a.significantChangeNote,
  };
}

export function toSummaryDto(a: AssessmentRow): ImpactAssessmentSummaryDto {
  return {
    id: a.caseId,
    title: a.title,
    receiptNumber: a.receiptNumber,
    status: a.status,
    statusLabel: CASE_STATE_LABELS[a.status],
    departmentName: a.departmentName,
    affairName: a.affairName,
    fileName: a.fileName,
    evaluatedOn: a.evaluatedOn,
    threshold: toThresholdDto(judgeThreshold(a)),
    reassessment: toReassessmentDto(a),
    openFindings: a.openFindings,
  };
}

export function toDetailDto(d: AssessmentDetail, user: AuthUser): ImpactAssessmentDto {
  const a = d.row;
  return {
    ...toSummaryDto(a),
    targetCount: a.targetCount,
    handlerCount: a.handlerCount,
    seriousIncident: a.seriousIncident,
    conclusion: a.conclusion,
    version: a.version,
    documents: d.documents.map((x) => ({
      id: x.id,
      title: x.title,
      fileName: x.fileName,
      mediaType: x.mediaType,
      sizeBytes: x.sizeBytes,
    })),
    checklist: d.checklist.map((i) => ({
      id: i.id,
      position: i.position,
      section: i.section,
      label: i.label,
      result: i.result,
      resultLabel: i.result ? CHECK_RESULT_LABELS[i.result] : null,
      comment: i.comment,
    })),
    findings: d.findings.map(
      (f): FindingDto => ({
        id: f.id,
        position: f.position,
        checkItemId: f.checkItemId,
        text: f.text,
        state: f.state,
        stateLabel: FINDING_STATE_LABELS[f.state],
        answer: f.answer,
        answeredByName: f.answeredByName,
        answeredAt: f.answeredAt ? new Date(f.answeredAt).toISOString() : null,
        decisionComment: f.decisionComment,
        version: f.version,
        allowedActions: findingMachine.allowed(f.state, user.role),
      }),
    ),
    editable: d.editable,
    reviewOpen: d.reviewOpen,
  };
}

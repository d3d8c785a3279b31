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
import { pick } from '../../common/format/pick';

export function toThresholdDto(t: ThresholdResult): ThresholdDto {
  return {
    level: t.level,
    label: t.label,
    evaluations: [...t.evaluations],
    evaluationLabels: t.evaluations.map((e) => EVALUATION_KIND_LABELS[e]),
    ...pick(t, 'councilReviewRequired', 'publicCommentRequired', 'reason'),
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
    ...pick(a, 'title', 'receiptNumber', 'status'),
    statusLabel: CASE_STATE_LABELS[a.status],
    ...pick(a, 'departmentName', 'affairName', 'fileName', 'evaluatedOn'),
    threshold: toThresholdDto(judgeThreshold(a)),
    reassessment: toReassessmentDto(a),
    openFindings: a.openFindings,
  };
}

export function toDetailDto(d: AssessmentDetail, user: AuthUser): ImpactAssessmentDto {
  const a = d.row;
  return {
    ...toSummaryDto(a),
    ...pick(a, 'targetCount', 'handlerCount', 'seriousIncident', 'conclusion', 'version'),
    documents: d.documents.map((x) => ({
      ...pick(x, 'id', 'title', 'fileName', 'mediaType', 'sizeBytes'),
    })),
    checklist: d.checklist.map((i) => ({
      ...pick(i, 'id', 'position', 'section', 'label', 'result'),
      resultLabel: i.result ? CHECK_RESULT_LABELS[i.result] : null,
      comment: i.comment,
    })),
    findings: d.findings.map(
      (f): FindingDto => ({
        ...pick(f, 'id', 'position', 'checkItemId', 'text', 'state'),
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

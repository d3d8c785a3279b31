import { AuditLog } from '../audit/audit-log.entity';
import { UserSession } from '../auth/user-session.entity';
import { CaseFile } from '../cases/case-file.entity';
import {
  CaseAttachment,
  CaseItemColumn,
  CaseItemRow,
  CaseLegalBasis,
  CaseRelation,
  CaseSection,
  CaseSnapshot,
} from '../cases/case-parts.entity';
import { CategoricalConsultation } from '../cases/categorical-consultation.entity';
import { ClauseSet, ClauseSetVersion } from '../cases/clause-set.entity';
import { LegalBasis } from '../cases/legal-basis.entity';
import { CouncilMember } from '../council/council-member.entity';
import { Municipality } from '../council/municipality.entity';
import { Department } from '../departments/department.entity';
import { IMPACT_ASSESSMENT_ENTITIES } from '../impact-assessments/impact-assessment.entity';
import { BackupRun } from '../ops/backup-run.entity';
import { User } from '../users/user.entity';
import { CaseTransition } from '../workflow/case-transition.entity';
import { AdvanceQuestion } from '../meetings/advance-question.entity';
import {
  AgendaItem,
  AgendaItemCorrection,
  AgendaMaterialDocument,
  DeliberationEntry,
  SupplementaryOpinion,
} from '../meetings/agenda-item.entity';
import { MeetingAttendee } from '../meetings/meeting-attendee.entity';
import { CouncilSetting, Meeting } from '../meetings/meeting.entity';
import { Reply, ReplyRevision, StandardCondition } from '../replies/reply.entity';
import {
  CaseCondition,
  ConditionReport,
  ConditionReportAttachment,
  ConditionTransition,
} from '../conditions/condition.entity';
import { Notification, NotificationAddress } from '../notifications/notification.entity';
import {
  Minutes,
  MinutesConfirmation,
  MinutesCorrection,
  MinutesMask,
  MinutesRedactionSetting,
} from '../minutes/minutes.entity';
import { RenderResult } from '../documents/queue/render-result.entity';
import { AgendaItemFile } from '../meetings/agenda-item-file.entity';
import { Incident } from '../incidents/incident.entity';
import { RegisterEntry, RegisterEntryVersion, RegisterProposal } from '../file-register/register.entity';

/** The council workflow's entities (case transitions, meetings, replies, conditions, notifications). */
const WORKFLOW_ENTITIES = [
  CaseTransition,
  CouncilSetting,
  Meeting,
  MeetingAttendee,
  AgendaItem,
  AgendaItemCorrection,
  AgendaMaterialDocument,
  AgendaItemFile,
  DeliberationEntry,
  SupplementaryOpinion,
  AdvanceQuestion,
  Reply,
  ReplyRevision,
  StandardCondition,
  CaseCondition,
  ConditionTransition,
  ConditionReport,
  ConditionReportAttachment,
  Notification,
  NotificationAddress,
  Minutes,
  MinutesConfirmation,
  MinutesCorrection,
  MinutesMask,
  MinutesRedactionSetting,
];

/** Every entity of the application (explicit list: the build and Jest load the same set). */
export const ENTITIES = [
  Municipality,
  Department,
  User,
  UserSession,
  CouncilMember,
  AuditLog,
  CaseFile,
  LegalBasis,
  ClauseSet,
  ClauseSetVersion,
  CaseLegalBasis,
  CaseRelation,
  CaseSection,
  CaseItemColumn,
  CaseItemRow,
  CaseAttachment,
  CaseSnapshot,
  CategoricalConsultation,
  ...WORKFLOW_ENTITIES,
  BackupRun,
  RenderResult,
  Incident,
  RegisterEntry,
  RegisterEntryVersion,
  RegisterProposal,
  ...IMPACT_ASSESSMENT_ENTITIES,
];

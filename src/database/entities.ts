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
import { User } from '../users/user.entity';

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
];

import { AuditLog } from '../audit/audit-log.entity';
import { UserSession } from '../auth/user-session.entity';
import { CaseFile } from '../cases/case-file.entity';
import { CouncilMember } from '../council/council-member.entity';
import { Municipality } from '../council/municipality.entity';
import { Department } from '../departments/department.entity';
import { BackupRun } from '../ops/backup-run.entity';
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
  BackupRun,
];

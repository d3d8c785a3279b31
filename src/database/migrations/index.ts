import { Foundation1763750000000 } from './1763750000000-foundation';
import { CaseCore1763750100000 } from './1763750100000-case-core';
import { CaseFile1763750200000 } from './1763750200000-case-file';
import { CouncilWorkflow1763750300000 } from './1763750300000-council-workflow';
import { CategoricalConsultation1763750300100 } from './1763750300100-categorical-consultation';
import { BackupRun1763750400000 } from './1763750400000-backup-run';
import { Minutes1763750600000 } from './1763750600000-minutes';
import { SoftDelete1763750700000 } from './1763750700000-soft-delete';
import { NumberingScheme1763750800000 } from './1763750800000-numbering-scheme';
import { OutcomeCorrection1763750810000 } from './1763750810000-outcome-correction';
import { CaseListIndexes1763750950000 } from './1763750950000-case-list-indexes';
import { RenderQueue1763750900000 } from './1763750900000-render-queue';
import { MinutesPaperAnswers1763751100000 } from './1763751100000-minutes-paper-answers';
import { AuthChangeNotify1763751200000 } from './1763751200000-auth-change-notify';
import { CaseSearch1763751300000 } from './1763751300000-case-search';
import { AuditLogNoTruncate1763752100000 } from './1763752100000-audit-log-no-truncate';
import { PublicPdfCache1763752300000 } from './1763752300000-public-pdf-cache';
import { RosterOrder1763752400000 } from './1763752400000-roster-order';
import { MinutesTrackedChanges1763752500000 } from './1763752500000-minutes-tracked-changes';
import { AgendaItemFiles1763752510000 } from './1763752510000-agenda-item-files';
import { RosterAccounts1763752700000 } from './1763752700000-roster-accounts';
import { LegalBasisOptional1763752800000 } from './1763752800000-legal-basis-optional';
import { HistoryImport1763752900000 } from './1763752900000-history-import';
import { Tenancy1763753000000 } from './1763753000000-tenancy';
import { ImpactAssessment1763753100000 } from './1763753100000-impact-assessment';
import { FileRegister1763753200000 } from './1763753200000-file-register';
import { Incidents1763753300000 } from './1763753300000-incidents';
import { PublicPortalSearch1763753400000 } from './1763753400000-public-portal-search';
import { CouncilIsolationFeatures1763753500000 } from './1763753500000-council-isolation-features';
import { PlatformAdmin1763753600000 } from './1763753600000-platform-admin';
import { CouncilListIndexes1763754100000 } from './1763754100000-council-list-indexes';
import { PublicSearchCandidates1763754200000 } from './1763754200000-public-search-candidates';
import { CouncilSearchGrams1763754300000 } from './1763754300000-council-search-grams';
import { CouncilSuspension1763754400000 } from './1763754400000-council-suspension';
import { PublicSearchTokens1763754500000 } from './1763754500000-public-search-tokens';
import { CouncilSearchLookups1763754600000 } from './1763754600000-council-search-lookups';
import { CouncilRestoring1763754700000 } from './1763754700000-council-restoring';

/** Every migration, in order. Add new ones here (explicit list: works in the build and under Jest). */
export const MIGRATIONS = [
  Foundation1763750000000,
  CaseCore1763750100000,
  CaseFile1763750200000,
  CouncilWorkflow1763750300000,
  CategoricalConsultation1763750300100,
  BackupRun1763750400000,
  Minutes1763750600000,
  SoftDelete1763750700000,
  NumberingScheme1763750800000,
  OutcomeCorrection1763750810000,
  RenderQueue1763750900000,
  CaseListIndexes1763750950000,
  MinutesPaperAnswers1763751100000,
  AuthChangeNotify1763751200000,
  CaseSearch1763751300000,
  AuditLogNoTruncate1763752100000,
  PublicPdfCache1763752300000,
  RosterOrder1763752400000,
  MinutesTrackedChanges1763752500000,
  AgendaItemFiles1763752510000,
  RosterAccounts1763752700000,
  LegalBasisOptional1763752800000,
  HistoryImport1763752900000,
  Tenancy1763753000000,
  ImpactAssessment1763753100000,
  FileRegister1763753200000,
  Incidents1763753300000,
  PublicPortalSearch1763753400000,
  CouncilIsolationFeatures1763753500000,
  PlatformAdmin1763753600000,
  CouncilListIndexes1763754100000,
  PublicSearchCandidates1763754200000,
  CouncilSearchGrams1763754300000,
  CouncilSuspension1763754400000,
  PublicSearchTokens1763754500000,
  CouncilSearchLookups1763754600000,
  CouncilRestoring1763754700000,
];

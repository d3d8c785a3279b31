import { Foundation1763750000000 } from './1763750000000-foundation';
import { CaseCore1763750100000 } from './1763750100000-case-core';
import { BackupRun1763750400000 } from './1763750400000-backup-run';

/** Every migration, in order. Add new ones here (explicit list: works in the build and under Jest). */
export const MIGRATIONS = [Foundation1763750000000, CaseCore1763750100000, BackupRun1763750400000];

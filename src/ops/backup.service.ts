import { join } from 'node:path';
import { ownerUrlOf } from '../database/app-role';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { runBackup, type BackupOutcome } from './backup';
import { BackupRun, type BackupTrigger } from './backup-run.entity';

export interface BackupHealth {
  last: BackupRun | null;
  lastSuccessAt: Date | null;
  /** True when the latest run failed, or the last successful backup is more than two days old. */
  needsAttention: boolean;
}

/** Runs backups for this process (nightly schedule) and reports their history. */
@Injectable()
export class BackupService {
  private readonly logger = new Logger(BackupService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The owner's URL (DATABASE_URL or the embedded one), not the application role's. */
  private get databaseUrl(): string {
    return ownerUrlOf(this.ds); // the owner sees every council's rows
  }

  async run(trigger: BackupTrigger, slot?: Date): Promise<BackupOutcome> {
    try {
      const outcome = await runBackup({
        databaseUrl: this.databaseUrl,
        backupDir: this.config.backup.dir,
        attachmentsDir: join(this.config.dataDir, 'attachments'),
        keep: this.config.backup.keep,
        trigger,
        slot,
      });
      if (outcome.status === 'ok')
        this.logger.log(
          { backup: outcome.name, bytes: outcome.sizeBytes, rows: outcome.rows },
          'backup written',
        );
      else this.logger.log({ reason: outcome.reason }, 'backup skipped');
      return outcome;
    } catch (err) {
      this.logger.error({ err }, 'backup failed');
      throw err;
    }
  }

  list(limit = 50): Promise<BackupRun[]> {
    return this.ds.getRepository(BackupRun).find({ order: { startedAt: 'DESC', id: 'DESC' }, take: limit });
  }

  async health(): Promise<BackupHealth> {
    const repo = this.ds.getRepository(BackupRun);
    const last = await repo.findOne({ where: {}, order: { startedAt: 'DESC', id: 'DESC' } });
    const lastOk = await repo.findOne({ where: { status: 'ok' }, order: { startedAt: 'DESC', id: 'DESC' } });
    const lastSuccessAt = lastOk?.finishedAt ?? null;
    // A new installation without any backup yet is shown as such on the dashboard, not as a warning.
    const stale = lastSuccessAt !== null && Date.now() - lastSuccessAt.getTime() > 2 * 86_400_000;
    return { last, lastSuccessAt, needsAttention: last?.status === 'failed' || stale };
  }
}

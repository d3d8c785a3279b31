import { Inject, Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { BackupService } from './backup.service';
import { AppSchedule } from './schedules';

export const BACKUP_JOB = 'nightly-backup';

/**
 * The nightly backup (BACKUP_SCHEDULE, BACKUP_TIMEZONE). Every instance schedules it; the
 * backup lock and the unique slot let exactly one of them write each night's backup.
 */
@Injectable()
export class BackupScheduler extends AppSchedule {
  private readonly logger = new Logger(BackupScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    registry: SchedulerRegistry,
    private readonly backups: BackupService,
  ) {
    super(registry, BACKUP_JOB);
  }

  protected start(): void {
    const { schedule, timeZone } = this.config.backup;
    if (!schedule) return;
    const job = this.cron({ cronTime: schedule, timeZone }, () => this.tick());
    this.logger.log({ schedule, timeZone, next: job.nextDate().toISO() }, 'nightly backup scheduled');
  }

  /** One scheduled run; the slot is the minute it was due, shared by all instances. */
  async tick(at = new Date()): Promise<void> {
    const slot = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
    // Failures are logged and recorded in backup_run by the service; the schedule goes on.
    await this.backups.run('schedule', slot).catch(() => undefined);
  }
}

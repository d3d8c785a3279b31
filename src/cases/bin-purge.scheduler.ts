import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { startCronJob, stopSchedule } from '../ops/schedules';
import { BinService } from './bin.service';

export const BIN_PURGE_JOB = 'bin-purge';

/** Purges the bin on BIN_PURGE_SCHEDULE. Every instance may run it: the purge is idempotent. */
@Injectable()
export class BinPurgeScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BinPurgeScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly bin: BinService,
    private readonly uow: UnitOfWork,
  ) {}

  onApplicationBootstrap(): void {
    const schedule = this.config.binPurgeSchedule;
    if (!schedule) return;
    startCronJob(
      this.registry,
      BIN_PURGE_JOB,
      { cronTime: schedule, timeZone: this.config.backup.timeZone },
      () =>
        this.uow
          .eachCouncil('bin purge', () => this.bin.purgeExpired())
          .then(
            () => undefined,
            (err: unknown) => this.logger.error({ err }, 'bin purge failed'),
          ),
    );
  }

  onApplicationShutdown(): void {
    stopSchedule(this.registry, 'cron', BIN_PURGE_JOB);
  }
}

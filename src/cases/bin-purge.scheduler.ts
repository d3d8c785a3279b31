import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AppSchedule, eachCouncilLogged } from '../ops/schedules';
import { BinService } from './bin.service';

export const BIN_PURGE_JOB = 'bin-purge';

/** Purges the bin on BIN_PURGE_SCHEDULE. Every instance may run it: the purge is idempotent. */
@Injectable()
export class BinPurgeScheduler extends AppSchedule {
  private readonly logger = new Logger(BinPurgeScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    registry: SchedulerRegistry,
    private readonly bin: BinService,
    private readonly uow: UnitOfWork,
  ) {
    super(registry, BIN_PURGE_JOB);
  }

  protected start(): void {
    const schedule = this.config.binPurgeSchedule;
    if (!schedule) return;
    this.cron({ cronTime: schedule, timeZone: this.config.backup.timeZone }, () =>
      eachCouncilLogged(this.uow, this.logger, 'bin purge', () => this.bin.purgeExpired()),
    );
  }
}

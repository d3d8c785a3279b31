import { Inject, Injectable, Logger } from '@nestjs/common';
import { councilIdInContext, runInCouncil } from '../database/council-context';
import { UnitOfWork } from '../database/unit-of-work';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AppSchedule } from '../ops/schedules';
import { AuditService } from './audit.service';

export const AUDIT_ANCHOR_JOB = 'audit-chain-anchor';

/**
 * Writes the audit chain's head (last id and hash) to the application log every
 * AUDIT_ANCHOR_MINUTES (at most 60). The log lives outside the database, so a head recorded there
 * that later is missing or changed (`audit:verify --anchor <id>:<hash>`) shows deleted newest rows.
 */
@Injectable()
export class AuditAnchorScheduler extends AppSchedule {
  private readonly logger = new Logger('AuditAnchor');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    registry: SchedulerRegistry,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
  ) {
    super(registry, AUDIT_ANCHOR_JOB);
  }

  protected start(): void {
    const minutes = this.config.auditAnchorMinutes;
    if (minutes <= 0) return;
    this.everyMinutes(minutes, () => this.tickAll());
  }

  /** The head of each council's chain, then of the deployment's (entries without a council). */
  private async tickAll(): Promise<void> {
    await this.uow.eachCouncil('audit anchor', () => this.tick());
    await runInCouncil(null, () => this.tick());
  }

  /** One log line with the head (of the chain of the council in context); returns it (null: empty log or the database is unreachable). */
  async tick(): Promise<string | null> {
    try {
      const head = await this.audit.head();
      const anchor = head ? `${head.id}:${head.hash}` : null;
      this.logger.log({ auditHead: head, anchor, councilId: councilIdInContext() }, 'audit chain head');
      return anchor;
    } catch (err) {
      this.logger.warn({ err }, 'audit chain head not recorded');
      return null;
    }
  }
}

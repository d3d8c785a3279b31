import { Inject, Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { NotificationsService } from '../notifications/notifications.service';
import { MinutesConfirmation } from './minutes.entity';
import { todayInJapan } from '../common/format/today';
import { UnitOfWork } from '../database/unit-of-work';
import { AppSchedule, eachCouncilLogged } from '../ops/schedules';

export const MINUTES_SCAN_JOB = 'minutes-confirmation-scan';

/** Who may be actor of a system step (the scheduled scan). */
const SYSTEM_ACTOR = { id: null, name: 'system', role: 'system' };
/** Days before the deadline when pending members are reminded. */
export const REMINDER_DAYS = 3;

/**
 * The confirmation scan, every MINUTES_SCAN_MINUTES (0: off), registered with the scheduler the
 * backups use, and once at boot. Every instance may run it: the rows it changes are locked.
 */
@Injectable()
export class MinutesScanScheduler extends AppSchedule {
  private readonly logger = new Logger(MinutesScanScheduler.name);

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    registry: SchedulerRegistry,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {
    super(registry, MINUTES_SCAN_JOB);
  }

  protected start(): void {
    const minutes = this.config.minutesScanMinutes;
    if (minutes === 0) return;
    const run = () =>
      eachCouncilLogged(this.uow, this.logger, 'minutes scan', () => this.scanConfirmations());
    this.everyMinutes(minutes, run, { unref: true });
  }

  /**
   * Reminds pending members of circulating minutes whose deadline is near (once each) and records
   * the silence of members who did not answer by the deadline. `today` is YYYY-MM-DD in Japan.
   */
  async scanConfirmations(today = todayInJapan()): Promise<{ reminded: number; silent: number }> {
    const counts = { reminded: 0, silent: 0 };
    await this.uow.transaction(async (m) => {
      const rows: {
        id: string;
        minutes_id: string;
        meeting_id: string;
        user_id: string | null;
        deadline: string;
        number: number;
        late: boolean;
        member_name: string;
      }[] = await m.query(
        `SELECT c.id, c.minutes_id, mi.meeting_id, c.user_id, mi.deadline::text AS deadline, mt.number,
                  mi.deadline < $1::date AS late, c.member_name
             FROM minutes_confirmation c
             JOIN minutes mi ON mi.id = c.minutes_id AND mi.round = c.round
             JOIN meeting mt ON mt.id = mi.meeting_id
            WHERE mi.state = 'circulating' AND c.status = 'pending'
              AND (mi.deadline < $1::date OR (mi.deadline <= $1::date + $2::int AND c.reminded_at IS NULL))
            FOR UPDATE OF c`,
        [today, REMINDER_DAYS],
      );
      // A reminder and a recorded silence are audited alike: the system acting on one member's answer.
      const recordMember = (action: string, r: (typeof rows)[number]) =>
        this.audit.record(
          {
            actor: SYSTEM_ACTOR,
            action,
            targetType: 'minutes',
            targetId: r.minutes_id,
            detail: { member: r.member_name, deadline: r.deadline },
          },
          m,
        );
      for (const r of rows) {
        if (r.late) {
          await m.update(
            MinutesConfirmation,
            { id: r.id },
            { status: 'silent', silenceRecordedAt: new Date() },
          );
          await recordMember('minutes.member.silent', r);
          counts.silent++;
          continue;
        }
        await m.update(MinutesConfirmation, { id: r.id }, { remindedAt: new Date() });
        if (r.user_id)
          await this.notifications.toUsers(m, [r.user_id], {
            kind: 'minutesReminder',
            title: `第${r.number}回会議録（案）の確認期限（${r.deadline}）が近づいています`,
            body: '会議録（案）を確認し、確認済みとするか修正を依頼してください。',
            link: `/minutes/${r.meeting_id}/confirm`,
          });
        await recordMember('minutes.member.remind', r);
        counts.reminded++;
      }
    });
    return counts;
  }
}

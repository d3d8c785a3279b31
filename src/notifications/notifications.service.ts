import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { CommonErrors } from '../common/errors/app-error';
import { todayInJapan } from '../common/format/today';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { afterCommit, UnitOfWork } from '../database/unit-of-work';
import { MAILER, type Mailer } from './mailer';
import { Notification, type NotificationKind } from './notification.entity';

export interface NotificationInput {
  kind: NotificationKind;
  title: string;
  body?: string | null;
  link?: string | null;
  caseId?: string | null;
  conditionId?: string | null;
}

@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationsService.name);
  private timer: NodeJS.Timeout | null = null;
  /** The unit of work lives in the async context, so an instance of our own is the same one. */
  private readonly uow: UnitOfWork;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.uow = new UnitOfWork(ds);
  }

  /**
   * Notifies users inside the caller's unit of work: the in-app rows commit or roll back with it,
   * their mail goes out only after the commit (`afterCommit`).
   */
  async toUsers(m: EntityManager, userIds: string[], n: NotificationInput): Promise<void> {
    const rows: Notification[] = [];
    for (const userId of new Set(userIds)) {
      rows.push(
        await m.save(
          m.create(Notification, {
            userId,
            kind: n.kind,
            title: n.title,
            body: n.body ?? null,
            link: n.link ?? null,
            caseId: n.caseId ?? null,
            conditionId: n.conditionId ?? null,
            readAt: null,
          }),
        ),
      );
    }
    if (rows.length) afterCommit(m, () => this.mail(rows));
  }

  /** Every active clerk of the department. */
  async toDepartment(m: EntityManager, departmentId: string, n: NotificationInput): Promise<void> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM app_user WHERE department_id = $1 AND role = 'clerk' AND NOT disabled`,
      [departmentId],
    );
    await this.toUsers(
      m,
      rows.map((r) => r.id),
      n,
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.deadlineScanMinutes === 0) return;
    const run = () =>
      this.uow
        .eachCouncil('deadline scan', () => this.scanDeadlines())
        .catch((err: unknown) => this.logger.error({ err }, 'deadline scan failed'));
    this.timer = setInterval(run, this.config.deadlineScanMinutes * 60_000);
    this.timer.unref();
    void run();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Mails the given notifications to users with an address; failures are logged, never thrown. */
  async mail(rows: Notification[]): Promise<void> {
    if (!this.mailer.enabled || rows.length === 0) return;
    const addresses: { user_id: string; email: string }[] = await this.ds.query(
      `SELECT user_id, email FROM notification_address WHERE user_id = ANY($1)`,
      [rows.map((r) => r.userId)],
    );
    const byUser = new Map(addresses.map((a) => [a.user_id, a.email]));
    for (const row of rows) {
      const to = byUser.get(row.userId);
      if (!to) continue;
      try {
        await this.mailer.send({
          to,
          subject: `【審議会諮問・報告管理】${row.title}`,
          text: [row.body ?? '', row.link ? `\n画面: ${row.link}` : ''].join(''),
        });
      } catch (err) {
        this.logger.error({ err, notification: row.id }, 'notification mail failed');
      }
    }
  }

  list(user: AuthUser, unreadOnly = false): Promise<Notification[]> {
    return this.ds.getRepository(Notification).find({
      where: { userId: user.id, ...(unreadOnly ? { readAt: IsNull() } : {}) },
      order: { createdAt: 'DESC' },
      take: 100,
    });
  }

  async unreadCount(user: AuthUser): Promise<number> {
    return this.ds.getRepository(Notification).count({ where: { userId: user.id, readAt: IsNull() } });
  }

  async markRead(user: AuthUser, id: string): Promise<Notification> {
    const repo = this.ds.getRepository(Notification);
    const n = await repo.findOne({ where: { id, userId: user.id } });
    if (!n) throw CommonErrors.notFound('通知');
    if (!n.readAt) {
      n.readAt = new Date();
      await repo.save(n);
    }
    return n;
  }

  async markAllRead(user: AuthUser): Promise<void> {
    await this.ds.query(`UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [
      user.id,
    ]);
  }

  /**
   * Reminds departments of conditions due within 14 days and of overdue ones, once each
   * (the unique index on reminders makes a repeated scan harmless). `today` is YYYY-MM-DD in Japan.
   */
  async scanDeadlines(today = todayInJapan()): Promise<number> {
    let count = 0;
    await this.uow.transaction(async (m) => {
      const rows: {
        id: string;
        case_id: string;
        department_id: string;
        due: string;
        overdue: boolean;
        title: string;
      }[] = await m.query(
        `SELECT c.id, c.case_id, c.department_id, c.due_date::text AS due, c.due_date < $1::date AS overdue, f.title
             FROM case_condition c JOIN case_file f ON f.id = c.case_id
            WHERE c.state = 'open' AND c.due_date <= $1::date + 14`,
        [today],
      );
      for (const r of rows) {
        const kind: NotificationKind = r.overdue ? 'conditionOverdue' : 'conditionDue';
        const users: { id: string }[] = await m.query(
          `SELECT u.id FROM app_user u
            WHERE u.department_id = $1 AND u.role = 'clerk' AND NOT u.disabled
              AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.user_id = u.id AND n.condition_id = $2 AND n.kind = $3)`,
          [r.department_id, r.id, kind],
        );
        if (users.length === 0) continue;
        count += users.length;
        await this.toUsers(
          m,
          users.map((u) => u.id),
          {
            kind,
            title: r.overdue
              ? `付帯意見への対応期限（${r.due}）を過ぎています: ${r.title}`
              : `付帯意見への対応期限（${r.due}）が近づいています: ${r.title}`,
            body: '対応報告を登録してください。',
            link: `/conditions/${r.id}`,
            caseId: r.case_id,
            conditionId: r.id,
          },
        );
      }
    });
    return count;
  }
}

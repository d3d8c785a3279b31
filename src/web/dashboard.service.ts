import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { MEMBER_TITLE_LABELS, type MemberTitle } from '../council/council-member.entity';
import { BackupService } from '../ops/backup.service';

export interface DashboardData {
  role: string;
  council: { name: string; councilName: string } | null;
  admin?: { activeUsers: number; lockedUsers: number; failedLogins24h: number; departments: number };
  backup?: {
    needsAttention: boolean;
    lastStatus: string | null;
    lastStartedAt: Date | null;
    lastError: string | null;
    lastSuccessAt: Date | null;
  };
  membership?: { title: string; termStart: string; termEnd: string } | null;
}

@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly backups: BackupService,
  ) {}

  async forUser(user: AuthUser): Promise<DashboardData> {
    const council =
      (await this.ds.query('SELECT name, council_name AS "councilName" FROM municipality WHERE id = 1'))[0] ??
      null;
    const data: DashboardData = { role: user.role, council };
    if (user.role === 'admin') {
      const [row] = await this.ds.query(`
        SELECT (SELECT count(*) FROM app_user WHERE NOT disabled)::int AS "activeUsers",
               (SELECT count(*) FROM app_user WHERE locked_until > now())::int AS "lockedUsers",
               (SELECT count(*) FROM audit_log WHERE action = 'login.failed' AND occurred_at > now() - interval '24 hours')::int AS "failedLogins24h",
               (SELECT count(*) FROM department WHERE NOT disabled)::int AS "departments"`);
      data.admin = row;
      const health = await this.backups.health();
      data.backup = {
        needsAttention: health.needsAttention,
        lastStatus: health.last?.status ?? null,
        lastStartedAt: health.last?.startedAt ?? null,
        lastError: health.last?.status === 'failed' ? health.last.error : null,
        lastSuccessAt: health.lastSuccessAt,
      };
    }
    if (user.role === 'member' || user.role === 'chair') {
      const rows: { title: MemberTitle; termStart: string; termEnd: string }[] = await this.ds.query(
        `SELECT title, term_start::text AS "termStart", term_end::text AS "termEnd" FROM council_member
          WHERE user_id = $1 ORDER BY term_end DESC LIMIT 1`,
        [user.id],
      );
      data.membership = rows[0] ? { ...rows[0], title: MEMBER_TITLE_LABELS[rows[0].title] } : null;
    }
    return data;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { CONFIRMATION_STATUS_LABELS, type ConfirmationStatus } from './minutes.entity';
import { minutesMachine, type MinutesState } from './minutes-state-machine';

export interface MinutesOverviewRow {
  meetingId: string;
  number: number;
  startsAt: Date;
  stateLabel: string;
  deadline: string | null;
  myStatusLabel: string | null;
}

/** The minutes list: every held meeting for the secretariat; the member's own confirmation requests. */
@Injectable()
export class MinutesOverviewService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(user: AuthUser): Promise<MinutesOverviewRow[]> {
    if (user.role === 'secretariat') {
      const rows: {
        id: string;
        number: number;
        starts_at: Date;
        state: MinutesState | null;
        deadline: string | null;
      }[] = await this.ds.query(
        `SELECT mt.id, mt.number, mt.starts_at, mi.state, mi.deadline::text AS deadline
             FROM meeting mt LEFT JOIN minutes mi ON mi.meeting_id = mt.id
            WHERE mt.state IN ('held', 'closed') ORDER BY mt.starts_at DESC`,
      );
      return rows.map((r) => ({
        meetingId: r.id,
        number: r.number,
        startsAt: r.starts_at,
        stateLabel: r.state ? minutesMachine.label(r.state) : '未作成',
        deadline: r.deadline,
        myStatusLabel: null,
      }));
    }
    const rows: {
      id: string;
      number: number;
      starts_at: Date;
      state: MinutesState;
      deadline: string | null;
      status: ConfirmationStatus;
    }[] = await this.ds.query(
      `SELECT mt.id, mt.number, mt.starts_at, mi.state, mi.deadline::text AS deadline, c.status
           FROM minutes_confirmation c
           JOIN minutes mi ON mi.id = c.minutes_id AND mi.round = c.round
           JOIN meeting mt ON mt.id = mi.meeting_id
          WHERE c.user_id = $1 ORDER BY mt.starts_at DESC`,
      [user.id],
    );
    return rows.map((r) => ({
      meetingId: r.id,
      number: r.number,
      startsAt: r.starts_at,
      stateLabel: minutesMachine.label(r.state),
      deadline: r.deadline,
      myStatusLabel: CONFIRMATION_STATUS_LABELS[r.status],
    }));
  }
}

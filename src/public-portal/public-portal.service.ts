import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PublicLine } from '../minutes/minutes.entity';
import { MinutesErrors } from '../minutes/minutes.errors';

export interface PublicMeeting {
  meetingId: string;
  number: number;
  startsAt: Date;
  publishedAt: Date;
}

export interface PublicReply {
  id: string;
  numberLabel: string;
  replyDate: string;
  title: string;
  outcome: string;
  meetingNumber: number | null;
}

export interface PublicReplyDetail extends PublicReply {
  addressee: string;
  sender: string;
  body: string;
  standardConditions: string[];
  supplementaryOpinions: string[];
}

/** Escapes LIKE wildcards in a search term. */
function like(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * What the public portal may show: the public version of published minutes, and replies that
 * were issued for items deliberated in open session. Nothing else is ever read here (the
 * internal lines are not even selected).
 */
@Injectable()
export class PublicPortalService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async councilName(): Promise<string> {
    const [row]: { council_name: string }[] = await this.ds.query(
      `SELECT council_name FROM municipality WHERE id = nullif(current_setting('app.council_id', true), '')::smallint`,
    );
    return row?.council_name ?? '審議会';
  }

  async meetings(q: string | null): Promise<PublicMeeting[]> {
    const rows: { meeting_id: string; number: number; starts_at: Date; published_at: Date }[] =
      await this.ds.query(
        `SELECT mi.meeting_id, mt.number, mt.starts_at, mi.published_at
         FROM minutes mi JOIN meeting mt ON mt.id = mi.meeting_id
        WHERE mi.state = 'published' AND mi.public_lines IS NOT NULL
          AND ($1::text IS NULL OR mi.public_lines::text ILIKE $1 OR ('第' || mt.number || '回') ILIKE $1)
        ORDER BY mt.starts_at DESC`,
        [q ? like(q) : null],
      );
    return rows.map((r) => ({
      meetingId: r.meeting_id,
      number: r.number,
      startsAt: r.starts_at,
      publishedAt: r.published_at,
    }));
  }

  async minutes(meetingId: string): Promise<PublicMeeting & { lines: PublicLine[] }> {
    const [row]: {
      meeting_id: string;
      number: number;
      starts_at: Date;
      published_at: Date;
      public_lines: PublicLine[];
    }[] = await this.ds.query(
      `SELECT mi.meeting_id, mt.number, mt.starts_at, mi.published_at, mi.public_lines
           FROM minutes mi JOIN meeting mt ON mt.id = mi.meeting_id
          WHERE mi.meeting_id = $1 AND mi.state = 'published' AND mi.public_lines IS NOT NULL`,
      [meetingId],
    );
    if (!row) throw MinutesErrors.publicNotFound();
    return {
      meetingId: row.meeting_id,
      number: row.number,
      startsAt: row.starts_at,
      publishedAt: row.published_at,
      lines: row.public_lines,
    };
  }

  private readonly replyWhere = `r.state = 'issued' AND NOT ai.closed_session`;

  async replies(q: string | null): Promise<PublicReply[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT r.id, r.fiscal_year, r.number, r.reply_date::text AS reply_date, r.title, r.outcome, mt.number AS meeting_number
         FROM reply r JOIN agenda_item ai ON ai.id = r.agenda_item_id JOIN meeting mt ON mt.id = ai.meeting_id
        WHERE ${this.replyWhere}
          AND ($1::text IS NULL OR r.title ILIKE $1 OR r.body ILIKE $1)
        ORDER BY r.reply_date DESC, r.number DESC`,
      [q ? like(q) : null],
    );
    return rows.map((r) => this.replyOf(r));
  }

  async reply(id: string): Promise<PublicReplyDetail> {
    const [r]: Record<string, unknown>[] = await this.ds.query(
      `SELECT r.id, r.fiscal_year, r.number, r.reply_date::text AS reply_date, r.title, r.outcome, mt.number AS meeting_number,
              r.addressee, r.sender, r.body, r.standard_conditions, r.supplementary_opinions
         FROM reply r JOIN agenda_item ai ON ai.id = r.agenda_item_id JOIN meeting mt ON mt.id = ai.meeting_id
        WHERE r.id = $1 AND ${this.replyWhere}`,
      [id],
    );
    if (!r) throw MinutesErrors.publicNotFound();
    return {
      ...this.replyOf(r),
      addressee: String(r.addressee),
      sender: String(r.sender),
      body: String(r.body),
      standardConditions: r.standard_conditions as string[],
      supplementaryOpinions: r.supplementary_opinions as string[],
    };
  }

  private replyOf(r: Record<string, unknown>): PublicReply {
    return {
      id: String(r.id),
      numberLabel: r.number ? `答申第${String(r.number)}号` : '答申',
      replyDate: String(r.reply_date),
      // A reply's title already ends with （答申）; older ones may not.
      title: String(r.title).endsWith('（答申）') ? String(r.title) : `${String(r.title)}（答申）`,
      outcome:
        { approved: '承認', approvedWithOpinion: '付帯意見を付して承認', rejected: '不承認' }[
          String(r.outcome)
        ] ?? '',
      meetingNumber: (r.meeting_number as number | null) ?? null,
    };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { findCurrentCouncil } from '../council/current-council';
import { formatWareki } from '../common/format/wareki';
import { OUTCOME_LABELS, type Outcome } from '../meetings/agenda-item.entity';
import type { PublicLine } from '../minutes/minutes.entity';
import { PublicErrors, publicCouncils, publicQuery, publicRead, type PublicCouncil } from './public-council';

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
  issuedAt: Date;
  title: string;
  outcome: string;
  meetingNumber: number | null;
}

/** One page of the 答申 by number (答申第N号 within its 年度, newest first). */
export interface PublicReplyPage {
  replies: Array<PublicReply & { fiscalYear: number }>;
  total: number;
  page: number;
  perPage: number;
}

export interface PublicReplyDetail extends PublicReply {
  addressee: string;
  sender: string;
  body: string;
  standardConditions: string[];
  supplementaryOpinions: string[];
}

/** One line of public minutes as the portal shows it: numbered (the `#line-N` anchor) and citable. */
export interface NumberedLine extends PublicLine {
  no: number;
}

/** A line of the minutes where the item of a 答申 was deliberated (the case's public story). */
export interface StoryLine {
  meetingId: string;
  meetingNumber: number;
  date: string;
  lineNo: number;
  speakerRole: string | null;
  text: string;
}

/** 「引用する」: council, meeting, date in 和暦, the place in it, and the URL. */
export function citation(council: PublicCouncil, what: string, date: string | Date, url: string): string {
  return `${council.councilName}「${what}」（${formatWareki(date)}）${url}`;
}

/**
 * What the public portal may show: the public version of published minutes, and replies that
 * were issued for items deliberated in open session. Nothing else is ever read here (the
 * internal lines are not even selected). Every read runs in `publicRead`, with the council its
 * URL names.
 */
@Injectable()
export class PublicPortalService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Runs `work` for the council named by `slug` (404 when there is none). */
  read<T>(slug: string, work: (m: EntityManager, council: PublicCouncil) => Promise<T>): Promise<T> {
    return publicRead(this.ds, slug, work);
  }

  /** For one statement (the search): cached council, no transaction (see `publicQuery`). */
  readOneStatement<T>(
    slug: string,
    work: (m: EntityManager, council: PublicCouncil) => Promise<T>,
  ): Promise<T> {
    return publicQuery(this.ds, slug, work);
  }

  councils(): Promise<PublicCouncil[]> {
    return publicCouncils(this.ds.manager);
  }

  /** Where the portal's URLs from before councils had their own (`/public/minutes/…`) lead: the first council. */
  async legacySlug(): Promise<string> {
    const council = await findCurrentCouncil(this.ds.manager);
    if (!council) throw PublicErrors.councilNotFound();
    return council.slug;
  }

  async meetings(m: EntityManager): Promise<PublicMeeting[]> {
    const rows: { meeting_id: string; number: number; starts_at: Date; published_at: Date }[] = await m.query(
      `SELECT mi.meeting_id, mt.number, mt.starts_at, mi.published_at
         FROM minutes mi JOIN meeting mt ON mt.id = mi.meeting_id
        WHERE mi.state = 'published' AND mi.public_lines IS NOT NULL
        ORDER BY mt.starts_at DESC`,
    );
    return rows.map((r) => ({
      meetingId: r.meeting_id,
      number: r.number,
      startsAt: r.starts_at,
      publishedAt: r.published_at,
    }));
  }

  async minutes(m: EntityManager, meetingId: string): Promise<PublicMeeting & { lines: NumberedLine[] }> {
    const [row]: {
      meeting_id: string;
      number: number;
      starts_at: Date;
      published_at: Date;
      public_lines: PublicLine[];
    }[] = await m.query(
      `SELECT mi.meeting_id, mt.number, mt.starts_at, mi.published_at, mi.public_lines
           FROM minutes mi JOIN meeting mt ON mt.id = mi.meeting_id
          WHERE mi.meeting_id = $1 AND mi.state = 'published' AND mi.public_lines IS NOT NULL`,
      [meetingId],
    );
    if (!row) throw PublicErrors.notPublished('会議録');
    return {
      meetingId: row.meeting_id,
      number: row.number,
      startsAt: row.starts_at,
      publishedAt: row.published_at,
      lines: row.public_lines.map((l, i) => ({ ...l, no: i + 1 })),
    };
  }

  private readonly replyWhere = `r.state = 'issued' AND NOT ai.closed_session`;

  async replies(m: EntityManager): Promise<PublicReply[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT r.id, r.fiscal_year, r.number, r.reply_date::text AS reply_date, r.issued_at, r.title, r.outcome,
              mt.number AS meeting_number
         FROM reply r JOIN agenda_item ai ON ai.id = r.agenda_item_id JOIN meeting mt ON mt.id = ai.meeting_id
        WHERE ${this.replyWhere}
        ORDER BY r.reply_date DESC, r.number DESC`,
    );
    return rows.map((r) => this.replyOf(r));
  }

  /** One page of the open API's 答申 list (newest first), optionally within one 年度 (by the 答申日). */
  async replyList(
    m: EntityManager,
    page: number,
    perPage: number,
    period: { from: string; to: string } | null,
  ): Promise<{ replies: PublicReply[]; total: number }> {
    const filter: unknown[] = period ? [period.from, period.to] : [];
    const where = `${this.replyWhere}${period ? ' AND r.reply_date BETWEEN $1::date AND $2::date' : ''}`;
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT r.id, r.fiscal_year, r.number, r.reply_date::text AS reply_date, r.issued_at, r.title, r.outcome,
              mt.number AS meeting_number, count(*) OVER () AS total
         FROM reply r JOIN agenda_item ai ON ai.id = r.agenda_item_id JOIN meeting mt ON mt.id = ai.meeting_id
        WHERE ${where}
        ORDER BY r.reply_date DESC, r.number DESC, r.id
        LIMIT $${filter.length + 1} OFFSET $${filter.length + 2}`,
      [...filter, perPage, (page - 1) * perPage],
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && page > 1) {
      const [{ n }]: { n: number }[] = await m.query(
        `SELECT count(*)::int AS n FROM reply r JOIN agenda_item ai ON ai.id = r.agenda_item_id WHERE ${where}`,
        filter,
      );
      total = n;
    }
    return { replies: rows.map((r) => this.replyOf(r)), total };
  }

  async repliesByNumber(m: EntityManager, page: number, perPage: number): Promise<PublicReplyPage> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT r.id, r.fiscal_year, r.number, r.reply_date::text AS reply_date, r.issued_at, r.title, r.outcome,
              mt.number AS meeting_number, count(*) OVER () AS total
         FROM reply r JOIN agenda_item ai ON ai.id = r.agenda_item_id JOIN meeting mt ON mt.id = ai.meeting_id
        WHERE ${this.replyWhere}
        ORDER BY r.fiscal_year DESC, r.number DESC NULLS LAST, r.reply_date DESC, r.id
        LIMIT $1 OFFSET $2`,
      [perPage, (page - 1) * perPage],
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && page > 1) {
      const [{ n }]: { n: number }[] = await m.query(
        `SELECT count(*)::int AS n FROM reply r JOIN agenda_item ai ON ai.id = r.agenda_item_id WHERE ${this.replyWhere}`,
      );
      total = n;
    }
    return {
      replies: rows.map((r) => ({ ...this.replyOf(r), fiscalYear: Number(r.fiscal_year) })),
      total,
      page,
      perPage,
    };
  }

  async reply(m: EntityManager, id: string): Promise<PublicReplyDetail> {
    const [r]: Record<string, unknown>[] = await m.query(
      `SELECT r.id, r.fiscal_year, r.number, r.reply_date::text AS reply_date, r.issued_at, r.title, r.outcome,
              mt.number AS meeting_number, r.addressee, r.sender, r.body, r.standard_conditions, r.supplementary_opinions
         FROM reply r JOIN agenda_item ai ON ai.id = r.agenda_item_id JOIN meeting mt ON mt.id = ai.meeting_id
        WHERE r.id = $1 AND ${this.replyWhere}`,
      [id],
    );
    if (!r) throw PublicErrors.notPublished('答申');
    return {
      ...this.replyOf(r),
      addressee: String(r.addressee),
      sender: String(r.sender),
      body: String(r.body),
      standardConditions: r.standard_conditions as string[],
      supplementaryOpinions: r.supplementary_opinions as string[],
    };
  }

  /**
   * What was said about a 答申's item, from the search index (what publication produced): the
   * minutes lines of the same meeting attributed to the same item, in order.
   */
  async deliberation(m: EntityManager, council: PublicCouncil, replyId: string): Promise<StoryLine[]> {
    const rows: {
      meeting_id: string;
      meeting_number: number;
      held_on: string;
      line_no: number;
      speaker_role: string | null;
      text: string;
    }[] = await m.query(
      `SELECT l.meeting_id, l.meeting_number, l.held_on::text AS held_on, l.line_no, l.speaker_role, l.text
         FROM public_search_line l
         JOIN (SELECT DISTINCT meeting_number, item_label FROM public_search_line
                WHERE reply_id = $1 AND council_id = $2 AND item_label IS NOT NULL) r
           ON r.meeting_number = l.meeting_number AND r.item_label = l.item_label
        WHERE l.council_id = $2 AND l.doc_kind = 'minutes'
        ORDER BY l.held_on, l.line_no`,
      [replyId, council.id],
    );
    return rows.map((r) => ({
      meetingId: r.meeting_id,
      meetingNumber: r.meeting_number,
      date: r.held_on,
      lineNo: r.line_no,
      speakerRole: r.speaker_role,
      text: r.text,
    }));
  }

  private replyOf(r: Record<string, unknown>): PublicReply {
    return {
      id: String(r.id),
      numberLabel: r.number ? `答申第${String(r.number)}号` : '答申',
      replyDate: String(r.reply_date),
      issuedAt: r.issued_at as Date,
      // A reply's title already ends with （答申）; older ones may not.
      title: String(r.title).endsWith('（答申）') ? String(r.title) : `${String(r.title)}（答申）`,
      outcome: OUTCOME_LABELS[String(r.outcome) as Outcome] ?? '',
      meetingNumber: (r.meeting_number as number | null) ?? null,
    };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { AgendaService } from './agenda.service';
import { buildAgendaDocument, type AgendaDocument } from './agenda-document';
import type { AgendaItem, AgendaMaterialDocument } from './agenda-item.entity';
import { materialsList, type MaterialEntry } from './agenda-numbering';
import { DeliberationService } from './deliberation.service';
import type { MeetingAttendee } from './meeting-attendee.entity';
import type { Meeting } from './meeting.entity';
import { meetingDate, MeetingsService } from './meetings.service';
import type { QuorumStatus } from './quorum';
import { findCurrentCouncil } from '../council/current-council';

export interface ItemView {
  item: AgendaItem;
  label: string;
  materialNumber: number;
  materialLabel: string | null;
  documents: AgendaMaterialDocument[];
  /** Files of a report item (報告事項), in upload order. */
  files: { id: string; title: string; fileName: string }[];
  opinions: string[];
  caseInfo: {
    receiptNumber: string | null;
    status: string;
    departmentId: string;
    departmentName: string;
  } | null;
  replyId: string | null;
  replyIssued: boolean;
}

export interface MeetingDetail {
  meeting: Meeting;
  councilName: string;
  attendees: (MeetingAttendee & { departmentName: string | null; inTerm: boolean })[];
  quorum: QuorumStatus;
  items: ItemView[];
  materials: MaterialEntry[];
}

/** Assembles a meeting with its attendees, numbered agenda and materials, for the API and the screens. */
@Injectable()
export class MeetingViewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    private readonly deliberation: DeliberationService,
  ) {}

  async detail(user: AuthUser, id: string): Promise<MeetingDetail> {
    const meeting = await this.meetings.get(user, id);
    const m = this.ds.manager;
    const [items, attendeesRaw, quorum, municipality] = await Promise.all([
      this.agenda.items(id),
      this.meetings.attendees(id),
      this.meetings.quorum(meeting),
      findCurrentCouncil(m),
    ]);
    const ids = items.map((i) => i.id);
    const [documents, opinions] = await Promise.all([
      this.agenda.documents(ids),
      this.deliberation.opinions(ids),
    ]);
    const numbers = this.agenda.numbersOf(meeting, items);
    const cases: {
      id: string;
      receipt_number: string | null;
      status: string;
      department_id: string;
      name: string;
    }[] = ids.length
      ? await m.query(
          `SELECT f.id, f.receipt_number, f.status, f.department_id, d.name FROM case_file f JOIN department d ON d.id = f.department_id
              WHERE f.id = ANY($1)`,
          [items.map((i) => i.caseId).filter(Boolean)],
        )
      : [];
    const replies: { id: string; agenda_item_id: string; state: string }[] = ids.length
      ? await m.query(`SELECT id, agenda_item_id, state FROM reply WHERE agenda_item_id = ANY($1)`, [ids])
      : [];
    // A report item's files are materials too: listed after its named documents, in upload order.
    const files: { id: string; agenda_item_id: string; title: string; file_name: string }[] = ids.length
      ? await m.query(
          `SELECT id, agenda_item_id, title, file_name FROM agenda_item_file WHERE agenda_item_id = ANY($1) ORDER BY created_at, id`,
          [ids],
        )
      : [];
    const materials = materialsList(
      items.map((i) => ({
        id: i.id,
        materialNumber: numbers.get(i.id)?.materialNumber ?? 0,
        groupId: i.groupId,
        documents: [
          ...documents.filter((d) => d.agendaItemId === i.id).map((d) => d.title),
          ...files.filter((f) => f.agenda_item_id === i.id).map((f) => f.title),
        ],
      })),
    );
    const materialOf = new Map(
      materials.flatMap((e) => e.itemIds.map((itemId) => [itemId, e.label] as const)),
    );
    const departments: { id: string; name: string }[] = await m.query(`SELECT id, name FROM department`);
    const deptName = new Map(departments.map((d) => [d.id, d.name]));
    const day = meetingDate(meeting);
    const terms: { id: string; term_start: string; term_end: string }[] = await m.query(
      `SELECT id, term_start::text, term_end::text FROM council_member`,
    );
    const termOf = new Map(terms.map((t) => [t.id, t]));
    const attendees = attendeesRaw.map((a) => {
      const t = a.councilMemberId ? termOf.get(a.councilMemberId) : undefined;
      return {
        ...a,
        departmentName: a.departmentId ? (deptName.get(a.departmentId) ?? null) : null,
        inTerm: !t || (t.term_start <= day && day <= t.term_end),
      };
    });
    return {
      meeting,
      councilName: municipality?.councilName ?? '審議会',
      attendees,
      quorum,
      materials,
      items: items.map((item) => {
        const c = cases.find((x) => x.id === item.caseId);
        const n = numbers.get(item.id);
        return {
          item,
          label: n?.label ?? '',
          materialNumber: n?.materialNumber ?? 0,
          materialLabel: materialOf.get(item.id) ?? null,
          documents: documents.filter((d) => d.agendaItemId === item.id),
          files: files
            .filter((f) => f.agenda_item_id === item.id)
            .map((f) => ({ id: f.id, title: f.title, fileName: f.file_name })),
          opinions: opinions.filter((o) => o.agendaItemId === item.id).map((o) => o.text),
          caseInfo: c
            ? {
                receiptNumber: c.receipt_number,
                status: c.status,
                departmentId: c.department_id,
                departmentName: c.name,
              }
            : null,
          replyId: replies.find((r) => r.agenda_item_id === item.id)?.id ?? null,
          replyIssued: replies.some((r) => r.agenda_item_id === item.id && r.state === 'issued'),
        };
      }),
    };
  }

  /** The 次第 and 資料一覧 as plain data for a template. */
  async agendaDocument(user: AuthUser, id: string): Promise<AgendaDocument> {
    return this.agendaDocumentOf(await this.detail(user, id));
  }

  /** The 次第 and 資料一覧 of an already loaded meeting. */
  agendaDocumentOf(d: MeetingDetail): AgendaDocument {
    return buildAgendaDocument({
      councilName: d.councilName,
      number: d.meeting.number,
      startsAt: d.meeting.startsAt,
      endsAt: d.meeting.endsAt,
      place: d.meeting.place,
      items: d.items.map((v) => ({
        section: v.item.section,
        label: v.label,
        title: v.item.title,
        closedSession: v.item.closedSession,
        materialLabel: v.materialLabel,
      })),
      materials: d.materials,
    });
  }
}

import type { EntityManager } from 'typeorm';
import { AgendaItem } from '../meetings/agenda-item.entity';
import { materialsList, numberAgenda } from '../meetings/agenda-numbering';
import type { Meeting } from '../meetings/meeting.entity';
import { staffLabel, type MinutesRecord, type RecordAttendee, type RecordItem } from './minutes-generator';
import type { MinutesRedactionSetting } from './minutes.entity';
import { officeTitle, type RecordPerson } from './redaction/public-version';

/** Reads the structured record of a meeting (attendees, numbered agenda, deliberation, outcomes). */
export async function loadMinutesRecord(m: EntityManager, meeting: Meeting): Promise<MinutesRecord> {
  const [municipality]: { council_name: string }[] = await m.query(
    `SELECT council_name FROM municipality WHERE id = nullif(current_setting('app.council_id', true), '')::smallint`,
  );
  const attendees: (RecordAttendee & { sortOrder: number })[] = (
    await m.query(
      `SELECT a.category, cm.title AS member_title, a.name, a.position, d.name AS department_name, a.attendance,
              a.agenda_item_id, a.sort_order
         FROM meeting_attendee a
         LEFT JOIN council_member cm ON cm.id = a.council_member_id
         LEFT JOIN department d ON d.id = a.department_id
        WHERE a.meeting_id = $1
        ORDER BY a.sort_order, cm.roster_order, a.name`,
      [meeting.id],
    )
  ).map((r: Record<string, unknown>) => ({
    category: r.category,
    memberTitle: r.member_title ?? null,
    name: r.name,
    position: r.position ?? null,
    departmentName: r.department_name ?? null,
    attendance: r.attendance,
    agendaItemId: r.agenda_item_id ?? null,
    sortOrder: r.sort_order,
  }));
  const items: AgendaItem[] = await m.find(AgendaItem, {
    where: { meetingId: meeting.id },
    order: { section: 'ASC', position: 'ASC' },
  });
  const ids = items.map((i) => i.id);
  const computed = numberAgenda(items);
  const numberOf = (i: AgendaItem) => ({
    label: i.numberLabel ?? computed.get(i.id)?.label ?? '',
    materialNumber: i.materialNumber ?? computed.get(i.id)?.materialNumber ?? 0,
  });
  // The rows of the items' `sql` (none without items), one statement after another: `m` is the unit
  // of work's one connection, which runs one statement at a time.
  const ofItems = async <T>(sql: string): Promise<T[]> => (ids.length ? m.query(sql, [ids]) : []);
  const entries = await ofItems<{
    id: string;
    agenda_item_id: string;
    phase: string;
    speaker_role: string;
    speaker_name: string | null;
    text: string;
  }>(
    `SELECT id, agenda_item_id, phase, speaker_role, speaker_name, text FROM deliberation_entry
      WHERE agenda_item_id = ANY($1) ORDER BY position, created_at`,
  );
  const documents = await ofItems<{ agenda_item_id: string; title: string }>(
    `SELECT agenda_item_id, title FROM agenda_material_document WHERE agenda_item_id = ANY($1) ORDER BY position`,
  );
  const opinions = await ofItems<{ agenda_item_id: string; text: string }>(
    `SELECT agenda_item_id, text FROM supplementary_opinion WHERE agenda_item_id = ANY($1) ORDER BY position`,
  );
  const recordItems: RecordItem[] = items
    .map((i) => ({
      id: i.id,
      section: i.section,
      label: numberOf(i).label,
      title: i.title,
      groupId: i.groupId,
      closedSession: i.closedSession,
      explainedBy: i.explainedBy,
      materialNumber: numberOf(i).materialNumber,
      entries: entries
        .filter((e) => e.agenda_item_id === i.id)
        .map((e) => ({
          id: e.id,
          phase: e.phase as RecordItem['entries'][number]['phase'],
          speakerRole: e.speaker_role as RecordItem['entries'][number]['speakerRole'],
          speakerName: e.speaker_name,
          text: e.text,
        })),
      voteMethod: i.voteMethod,
      votesFor: i.votesFor,
      votesAgainst: i.votesAgainst,
      abstentions: i.abstentions,
      outcome: i.outcome,
      withdrawalReason: i.withdrawalReason,
      opinions: opinions.filter((o) => o.agenda_item_id === i.id).map((o) => o.text),
    }))
    .sort((a, b) =>
      a.section === b.section ? a.materialNumber - b.materialNumber : a.section === 'consultation' ? -1 : 1,
    );
  const materials = materialsList(
    recordItems.map((i) => ({
      id: i.id,
      materialNumber: i.materialNumber,
      groupId: i.groupId,
      documents: documents.filter((d) => d.agenda_item_id === i.id).map((d) => d.title),
    })),
  ).map((e) => ({ label: e.label, documents: e.documents }));
  return {
    councilName: municipality?.council_name ?? '審議会',
    number: meeting.number,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    place: meeting.place,
    otherNotes: meeting.otherNotes,
    attendees,
    items: recordItems,
    materials,
  };
}

/** Members and the chair (always shown), secretariat and explainers (by the municipality's choice). */
export async function loadRecordPeople(
  m: EntityManager,
  meetingId: string,
  s: MinutesRedactionSetting,
): Promise<RecordPerson[]> {
  const rows: {
    category: string;
    title: string | null;
    name: string;
    position: string | null;
    department: string | null;
  }[] = await m.query(
    `SELECT a.category, cm.title, a.name, a.position, d.name AS department FROM meeting_attendee a
         LEFT JOIN council_member cm ON cm.id = a.council_member_id
         LEFT JOIN department d ON d.id = a.department_id
        WHERE a.meeting_id = $1`,
    [meetingId],
  );
  return rows.map((r) => {
    if (r.category === 'member')
      return {
        name: r.name,
        label: null,
        role: r.title === 'chair' ? '会長' : '委員',
        title: r.title === 'chair' ? '会長' : '委員',
        policy: 'show',
      };
    const explainer = r.category === 'explainer';
    return {
      name: r.name,
      label: staffLabel(r),
      role: explainer ? '説明員' : '事務局',
      title: officeTitle(r.department, r.position, explainer ? '説明員' : '事務局'),
      department: r.department,
      position: r.position,
      policy: explainer ? s.explainerNames : s.secretariatNames,
    };
  });
}

import { formatWarekiWithWeekday } from '../common/format/wareki';
import { japaneseTime } from '../meetings/agenda-document';
import {
  SPEAKER_ROLE_LABELS,
  type AgendaSection,
  type EntryPhase,
  type Outcome,
  type SpeakerRole as RecordSpeakerRole,
  type VoteMethod,
} from '../meetings/agenda-item.entity';
import type { GeneratedLine, LineKind, SpeakerRole } from './minutes-lines';

/** The structured meeting record, as the generator needs it (assembled by the service or a test). */
export interface MinutesRecord {
  councilName: string;
  number: number;
  startsAt: Date;
  endsAt: Date | null;
  place: string;
  otherNotes: string | null;
  attendees: RecordAttendee[];
  items: RecordItem[];
  materials: { label: string; documents: string[] }[];
}

export interface RecordAttendee {
  category: 'member' | 'secretariat' | 'explainer';
  /** chair / viceChair / member for council members. */
  memberTitle: string | null;
  name: string;
  position: string | null;
  departmentName: string | null;
  attendance: 'expected' | 'present' | 'absent';
  agendaItemId: string | null;
}

export interface RecordItem {
  id: string;
  section: AgendaSection;
  label: string;
  title: string;
  groupId: string | null;
  closedSession: boolean;
  explainedBy: string | null;
  materialNumber: number;
  entries: {
    id: string;
    phase: EntryPhase;
    speakerRole: RecordSpeakerRole;
    speakerName: string | null;
    text: string;
  }[];
  voteMethod: VoteMethod | null;
  votesFor: number | null;
  votesAgainst: number | null;
  abstentions: number | null;
  outcome: Outcome | null;
  withdrawalReason: string | null;
  opinions: string[];
}

const SECTION_NAMES: Record<AgendaSection, string> = { consultation: '諮問事項', report: '報告事項' };

/** 小室 充孝 → 小室, for 柏木総務課長-style listings. */
function surname(name: string): string {
  return name.split(/[\s　]+/)[0];
}

/** 柏木総務課長 / 清水課長 */
export function staffLabel(a: Pick<RecordAttendee, 'name' | 'position'>): string {
  return `${surname(a.name)}${a.position ?? ''}`;
}

function line(
  key: string,
  kind: LineKind,
  text: string,
  closed = false,
  speakerRole: SpeakerRole | null = null,
  speakerName: string | null = null,
): GeneratedLine {
  return { key, kind, speakerRole, speakerName, text, closed };
}

/**
 * Drafts the minutes from the meeting record in the structure of the Odawara minutes: heading,
 * 日時, 場所, 出席者 by role, 資料, then 会議の概要 with each consultation in order (joint items
 * together), the reports, その他 and 閉会. Every line has a key derived from the record so that
 * regenerating can keep the secretariat's edits.
 */
export function generateMinutes(r: MinutesRecord): GeneratedLine[] {
  const out: GeneratedLine[] = [];
  const present = r.attendees.filter((a) => a.attendance !== 'absent');
  out.push(line('heading', 'heading', `第${r.number}回${r.councilName}会議録`));
  const end = r.endsAt ? `から${japaneseTime(r.endsAt)}まで` : 'から';
  out.push(
    line(
      'meta:datetime',
      'meta',
      `1 日時 ${formatWarekiWithWeekday(r.startsAt)} ${japaneseTime(r.startsAt)}${end}`,
    ),
  );
  out.push(line('meta:place', 'meta', `2 場所 ${r.place}`));
  out.push(line('attendance:heading', 'attendance', '3 出席者'));

  const members = present.filter((a) => a.category === 'member');
  const chair = members.filter((a) => a.memberTitle === 'chair');
  const others = members.filter((a) => a.memberTitle !== 'chair');
  let n = 0;
  if (chair.length)
    out.push(line('attendance:chair', 'attendance', `(${++n}) 会長 ${chair.map((a) => a.name).join('、')}`));
  if (others.length)
    out.push(
      line('attendance:members', 'attendance', `(${++n}) 委員 ${others.map((a) => a.name).join('、')}`),
    );
  const secretariat = present.filter((a) => a.category === 'secretariat');
  if (secretariat.length)
    out.push(
      line(
        'attendance:secretariat',
        'attendance',
        `(${++n}) 事務局 ${secretariat.map(staffLabel).join('、')}`,
      ),
    );
  const explainers = present.filter((a) => a.category === 'explainer');
  if (explainers.length) {
    const byDept = new Map<string, RecordAttendee[]>();
    for (const e of explainers) {
      const d = e.departmentName ?? '';
      byDept.set(d, [...(byDept.get(d) ?? []), e]);
    }
    const parts = [...byDept].map(([d, list]) => `${d ? `(${d}) ` : ''}${list.map(staffLabel).join('、')}`);
    out.push(line('attendance:explainers', 'attendance', `(${++n}) 説明員 ${parts.join(' ')}`));
  }

  out.push(line('materials:heading', 'materials', '4 資料'));
  for (const m of r.materials)
    out.push(line(`materials:${m.label}`, 'materials', `${m.label} ${m.documents.join('、')}`));

  out.push(line('section:summary', 'section', '5 会議の概要'));
  out.push(line('section:open', 'section', '(1) 開会'));
  out.push(line('section:proceedings', 'section', '(2) 議事'));

  const consultations = r.items.filter((i) => i.section === 'consultation');
  if (consultations.length) {
    out.push(line('section:consultations', 'section', '< 諮問審議 >'));
    const done = new Set<string>();
    let first = true;
    for (const item of consultations) {
      if (done.has(item.id)) continue;
      const group = item.groupId ? consultations.filter((i) => i.groupId === item.groupId) : [item];
      group.forEach((g) => done.add(g.id));
      out.push(...consultationLines(group, r, first));
      first = false;
    }
  }

  const reports = r.items.filter((i) => i.section === 'report');
  if (reports.length) out.push(...reportLines(reports, consultations.length === 0));

  out.push(line('section:other', 'section', '(3) その他'));
  out.push(speech('other:call', '会長', 'それでは、その他に移ります。事務局から何かありますか。'));
  out.push(speech('other:notes', '事務局', r.otherNotes?.trim() || '特にございません。'));
  out.push(line('section:close', 'section', '(4) 閉会'));
  out.push(speech('close', '会長', `では、これで第${r.number}回${r.councilName}を終了いたします。`));
  return out;
}

function speech(key: string, role: SpeakerRole, text: string, closed = false, name: string | null = null) {
  return line(key, 'speech', text, closed, role, name);
}

function itemName(i: RecordItem): string {
  return `${SECTION_NAMES[i.section]}${i.label}`;
}

function consultationLines(group: RecordItem[], r: MinutesRecord, first: boolean): GeneratedLine[] {
  const out: GeneratedLine[] = [];
  const lead = group[0];
  const closed = group.some((g) => g.closedSession);
  const k = (suffix: string) => `item:${lead.id}:${suffix}`;
  const opening = first ? 'それでは' : '次に、';
  const names = group.map((g) => `${itemName(g)}「${g.title}」`).join('及び');
  out.push(
    speech(
      k('intro'),
      '会長',
      group.length > 1
        ? `${opening}${names}についての審議に入ります。なお、両案件は内容が関連していますので、併せて審議します。内容の説明を求めます。`
        : `${opening}${names}を審議いたします。内容の説明を求めます。`,
      closed,
    ),
  );
  const ids = new Set(group.map((g) => g.id));
  const explainers = r.attendees.filter(
    (a) =>
      a.category === 'explainer' && a.attendance !== 'absent' && a.agendaItemId && ids.has(a.agendaItemId),
  );
  const depts = [...new Set(explainers.map((e) => e.departmentName ?? ''))].filter(Boolean);
  const materials = group.map((g) => g.materialNumber).sort((a, b) => a - b);
  const basis = `資料${materials.join('及び')}に基づき説明`;
  const by = lead.explainedBy ? `${lead.explainedBy}が` : '';
  out.push(
    line(
      k('enter'),
      'stage',
      explainers.length ? `< ${depts.join('・')}説明員入室 ${by}${basis} >` : `< ${by}${basis} >`,
      closed,
    ),
  );
  out.push(
    speech(
      k('explanation'),
      '説明員',
      `${group.map(itemName).join('及び')}について、${basis}した。`,
      closed,
      lead.explainedBy,
    ),
  );
  out.push(speech(k('qa'), '会長', '質疑はありますか。', closed));
  const qa = group.flatMap((g) => g.entries.filter((e) => e.phase === 'qa' || e.phase === 'advance'));
  for (const e of qa) out.push(entryLine(e, closed));
  if (qa.length === 0) out.push(line(k('qa-none'), 'stage', '(質疑なし)', closed));
  if (explainers.length) {
    out.push(
      speech(
        k('exit-call'),
        '会長',
        'それでは説明員の方は、ご退席ください。ありがとうございました。',
        closed,
      ),
    );
    out.push(line(k('exit'), 'stage', '<質疑応答終了 説明員退室>', closed));
  }
  group.forEach((item, index) => {
    const ik = (suffix: string) => `item:${item.id}:${suffix}`;
    const c = item.closedSession;
    if (item.outcome === 'withdrawn') {
      // What was said in the 審議 before the withdrawal (the chair's remark) stays on record.
      for (const e of item.entries.filter((x) => x.phase === 'deliberation')) out.push(entryLine(e, c));
      out.push(
        speech(
          ik('outcome'),
          '会長',
          `それでは、${itemName(item)}については、取下げがあったものと認めます。`,
          c,
        ),
      );
      if (item.withdrawalReason)
        out.push(line(ik('withdrawal'), 'outcome', `（取下げの理由）${item.withdrawalReason}`, c));
      return;
    }
    const intro =
      index === 0
        ? `では、審議に入ります。${group.length > 1 ? '審議は、諮問事項ごとに分けさせていただきます。まず、' : ''}${itemName(item)}について、ご意見いかがでしょうか。`
        : `次に${itemName(item)}について、ご意見いかがでしょうか。`;
    out.push(speech(ik('deliberation'), '会長', intro, c));
    const opinions = item.entries.filter((e) => e.phase === 'deliberation');
    for (const e of opinions) out.push(entryLine(e, c));
    if (opinions.length === 0) out.push(line(ik('deliberation-none'), 'stage', '(意見なし)', c));
    out.push(...voteLines(item));
  });
  return out;
}

function entryLine(e: RecordItem['entries'][number], closed: boolean): GeneratedLine {
  const role = SPEAKER_ROLE_LABELS[e.speakerRole] as SpeakerRole;
  return speech(`entry:${e.id}`, role, e.text, closed, e.speakerName);
}

function voteLines(item: RecordItem): GeneratedLine[] {
  const out: GeneratedLine[] = [];
  const c = item.closedSession;
  const k = (suffix: string) => `item:${item.id}:${suffix}`;
  const name = itemName(item);
  const withOpinion = item.outcome === 'approvedWithOpinion';
  if (item.voteMethod === 'noObjection') {
    out.push(
      speech(k('vote-call'), '会長', `それでは、${name}を承認することに賛成ということでよろしいですか。`, c),
    );
    out.push(line(k('vote'), 'vote', '(異議なし)', c));
  } else if (item.voteMethod) {
    const call = withOpinion
      ? `それでは、${name}について、付帯意見を付して承認することで採決したいと存じます。賛成の方は挙手願います。`
      : `それでは、${name}について採決したいと存じます。賛成の方は挙手願います。`;
    out.push(speech(k('vote-call'), '会長', call, c));
    const counts =
      item.voteMethod === 'unanimous'
        ? '(全員賛成)'
        : `(賛成${item.votesFor ?? 0}名、反対${item.votesAgainst ?? 0}名${item.abstentions ? `、棄権${item.abstentions}名` : ''})`;
    out.push(line(k('vote'), 'vote', counts, c));
  }
  const confirmed = item.voteMethod === 'unanimous' ? '全員賛成と認めます。よって、' : 'それでは、';
  const sentence: Record<Outcome, string> = {
    approved: `${confirmed}${name}は承認することといたします。`,
    approvedWithOpinion: `${confirmed}${name}は付帯意見を付して承認することといたします。`,
    rejected: `${confirmed}${name}は承認しないことといたします。`,
    continued: `それでは、${name}は継続審議とすることといたします。`,
    withdrawn: `それでは、${name}については、取下げがあったものと認めます。`,
    noted: `それでは、${name}については報告を了承します。`,
  };
  if (item.outcome) out.push(speech(k('outcome'), '会長', sentence[item.outcome], c));
  item.opinions.forEach((o, i) => out.push(line(k(`opinion:${i}`), 'outcome', `（付帯意見）${o}`, c)));
  return out;
}

function reportLines(reports: RecordItem[], first: boolean): GeneratedLine[] {
  const out: GeneratedLine[] = [];
  const closed = reports.every((r) => r.closedSession);
  out.push(line('section:reports', 'section', '< 報告事項 >'));
  const labels = reports.map((r) => r.label);
  const range = labels.length > 1 ? `${labels[0]}から${labels[labels.length - 1]}まで` : labels[0];
  const mats = reports.map((r) => r.materialNumber).sort((a, b) => a - b);
  const matRange = mats.length > 1 ? `資料${mats[0]}から${mats[mats.length - 1]}` : `資料${mats[0]}`;
  out.push(
    speech(
      'reports:intro',
      '会長',
      `${first ? 'それでは' : 'それでは次に'}、報告事項${range}${labels.length > 1 ? 'を一括して' : 'について'}事務局から説明願います。`,
      closed,
    ),
  );
  out.push(line('reports:explanation', 'stage', `(${matRange}に基づき説明)`, closed));
  out.push(speech('reports:qa', '会長', '各委員から何かご質問はありますか。', closed));
  const entries = reports.flatMap((r) => r.entries.map((e) => entryLine(e, r.closedSession)));
  out.push(...entries);
  if (entries.length === 0) out.push(line('reports:qa-none', 'stage', '(質疑なし)', closed));
  out.push(speech('reports:end', '会長', 'それでは、報告事項については、これで終わります。', closed));
  return out;
}

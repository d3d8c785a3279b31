import { formatWarekiWithWeekday } from '../common/format/wareki';
import { AGENDA_SECTION_LABELS, type AgendaSection } from './agenda-item.entity';
import type { MaterialEntry } from './agenda-numbering';

/** 午後2時, 午前9時30分 (Japan time). */
export function japaneseTime(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    hour: 'numeric',
    minute: '2-digit',
    hour12: false,
    timeZone: 'Asia/Tokyo',
  })
    .format(at)
    .split(':')
    .map(Number);
  const [h, min] = parts;
  const half = h < 12 ? '午前' : '午後';
  const h12 = h % 12 === 0 && h >= 12 ? 12 : h % 12;
  return `${half}${h12}時${min ? `${min}分` : ''}`;
}

export interface AgendaDocumentInput {
  councilName: string;
  number: number;
  startsAt: Date;
  endsAt: Date | null;
  place: string;
  items: {
    section: AgendaSection;
    label: string;
    title: string;
    closedSession: boolean;
    materialLabel: string | null;
  }[];
  materials: MaterialEntry[];
}

/** What a 次第 template needs: heading, the standing items around 議事, and the materials list. */
export interface AgendaDocument {
  councilName: string;
  meetingLabel: string;
  dateLabel: string;
  timeLabel: string;
  place: string;
  program: {
    number: string;
    title: string;
    sections?: {
      number: string;
      title: string;
      items: { label: string; title: string; closedSession: boolean; materialLabel: string | null }[];
    }[];
  }[];
  materials: { label: string; documents: string[] }[];
}

export function buildAgendaDocument(input: AgendaDocumentInput): AgendaDocument {
  const sections = (['consultation', 'report'] as const)
    .map((section) => ({ section, items: input.items.filter((i) => i.section === section) }))
    .filter((s) => s.items.length > 0)
    .map((s, i) => ({
      number: `(${i + 1})`,
      title: AGENDA_SECTION_LABELS[s.section],
      items: s.items.map(({ label, title, closedSession, materialLabel }) => ({
        label,
        title,
        closedSession,
        materialLabel,
      })),
    }));
  return {
    councilName: input.councilName,
    meetingLabel: `第${input.number}回`,
    dateLabel: formatWarekiWithWeekday(input.startsAt),
    timeLabel: `${japaneseTime(input.startsAt)}から${input.endsAt ? `${japaneseTime(input.endsAt)}まで` : ''}`,
    place: input.place,
    program: [
      { number: '1', title: '開会' },
      { number: '2', title: '議事', sections },
      { number: '3', title: 'その他' },
      { number: '4', title: '閉会' },
    ],
    materials: input.materials.map((m) => ({ label: m.label, documents: m.documents })),
  };
}

import { katakanaLabel } from '../workflow/numbering';
import type { AgendaSection } from './agenda-item.entity';

export interface NumberableItem {
  id: string;
  section: AgendaSection;
  position: number;
}

export interface AgendaNumber {
  label: string;
  materialNumber: number;
}

/**
 * Numbers an agenda: consultations ア, イ, … then reports ア, イ, … each by position; materials
 * 資料1, 資料2, … run on across both sections, one per item.
 */
export function numberAgenda(items: readonly NumberableItem[]): Map<string, AgendaNumber> {
  const out = new Map<string, AgendaNumber>();
  let material = 0;
  for (const section of ['consultation', 'report'] as const) {
    const list = items.filter((i) => i.section === section).sort((a, b) => a.position - b.position);
    list.forEach((item, index) =>
      out.set(item.id, { label: katakanaLabel(index + 1), materialNumber: ++material }),
    );
  }
  return out;
}

/** 資料1, 資料2・3 for a group sharing one bundle. */
export function materialLabel(numbers: readonly number[]): string {
  return `資料${[...numbers].sort((a, b) => a - b).join('・')}`;
}

export interface MaterialSource {
  id: string;
  materialNumber: number;
  groupId: string | null;
  documents: string[];
}

export interface MaterialEntry {
  label: string;
  numbers: number[];
  itemIds: string[];
  documents: string[];
}

/** The materials list (資料一覧): one entry per item, or one per joint group (資料2・3). */
export function materialsList(items: readonly MaterialSource[]): MaterialEntry[] {
  const sorted = [...items].sort((a, b) => a.materialNumber - b.materialNumber);
  const entries: MaterialEntry[] = [];
  const byGroup = new Map<string, MaterialEntry>();
  for (const item of sorted) {
    const existing = item.groupId ? byGroup.get(item.groupId) : undefined;
    if (existing) {
      existing.numbers.push(item.materialNumber);
      existing.itemIds.push(item.id);
      existing.documents.push(...item.documents);
      existing.label = materialLabel(existing.numbers);
      continue;
    }
    const entry: MaterialEntry = {
      label: materialLabel([item.materialNumber]),
      numbers: [item.materialNumber],
      itemIds: [item.id],
      documents: [...item.documents],
    };
    entries.push(entry);
    if (item.groupId) byGroup.set(item.groupId, entry);
  }
  return entries;
}

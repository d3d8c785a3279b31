/** Roles that speak in minutes, as printed (会長 / 委員 / 説明員 / 事務局). */
export type SpeakerRole = '会長' | '委員' | '説明員' | '事務局';

export type LineKind =
  | 'heading'
  | 'meta'
  | 'attendance'
  | 'materials'
  | 'section'
  | 'stage'
  | 'speech'
  | 'vote'
  | 'outcome'
  | 'text';

/**
 * One line of the minutes. Generated lines carry a stable key derived from the meeting record
 * (e.g. `item:<id>:qa:<id>`), so regenerating can tell what the secretariat edited.
 */
export interface MinutesLine {
  key: string;
  kind: LineKind;
  speakerRole: SpeakerRole | null;
  speakerName: string | null;
  text: string;
  /** Part of a closed (非公開) item: never reaches the public version. */
  closed: boolean;
  /** `generated`: as produced from the record; `edited`: generated, then changed by hand; `manual`: added by hand. */
  source: 'generated' | 'edited' | 'manual';
  /** Text the generator produced for this key last time (for edited lines: what the edit was based on). */
  generatedText: string | null;
  /** For manual lines: the key of the line they follow. */
  after?: string | null;
}

export type GeneratedLine = Omit<MinutesLine, 'source' | 'generatedText' | 'after'>;

export interface MergeWarning {
  key: string;
  kind: 'recordChangedAfterEdit' | 'editedLineRemoved' | 'anchorRemoved';
  message: string;
}

/**
 * Regenerates the minutes from the record while keeping manual work: edited lines keep their
 * text (with a warning when the record changed under them), manual lines stay after the line
 * they followed, and lines the record no longer produces disappear unless someone edited them.
 */
export function mergeRegenerated(
  current: MinutesLine[],
  fresh: GeneratedLine[],
): { lines: MinutesLine[]; warnings: MergeWarning[] } {
  const byKey = new Map(current.map((l) => [l.key, l]));
  const freshKeys = new Set(fresh.map((l) => l.key));
  const warnings: MergeWarning[] = [];
  const merged: MinutesLine[] = [];

  for (const g of fresh) {
    const old = byKey.get(g.key);
    if (old && old.source === 'edited') {
      if (old.generatedText !== g.text) {
        warnings.push({
          key: g.key,
          kind: 'recordChangedAfterEdit',
          message: `手で修正した行の元になった記録が変更されています。修正内容を残しました。確認してください: 「${g.text.slice(0, 40)}」`,
        });
      }
      merged.push({ ...old, kind: g.kind, closed: g.closed, generatedText: g.text });
    } else {
      merged.push({ ...g, source: 'generated', generatedText: g.text, after: null });
    }
  }

  // Edited lines whose record is gone are kept (someone wrote them), flagged for review.
  current.forEach((l, index) => {
    if (l.source === 'edited' && !freshKeys.has(l.key)) {
      warnings.push({
        key: l.key,
        kind: 'editedLineRemoved',
        message: `記録から削除された行に手修正があります。残しましたので確認してください: 「${l.text.slice(0, 40)}」`,
      });
      const anchor = previousKey(current, index);
      insertAfter(merged, { ...l, source: 'manual', after: anchor }, anchor);
    }
  });

  // Manual lines, in their original order, after their anchors.
  for (const l of current.filter((x) => x.source === 'manual')) {
    let anchor = l.after ?? null;
    if (anchor !== null && !merged.some((m) => m.key === anchor)) {
      warnings.push({
        key: l.key,
        kind: 'anchorRemoved',
        message: `追加した行の直前の行が記録から消えたため、位置を調整しました: 「${l.text.slice(0, 40)}」`,
      });
      anchor = nearestSurvivingAnchor(current, l, merged);
    }
    insertAfter(merged, l, anchor);
  }
  return { lines: merged, warnings };
}

function previousKey(lines: MinutesLine[], index: number): string | null {
  return index > 0 ? lines[index - 1].key : null;
}

function nearestSurvivingAnchor(
  current: MinutesLine[],
  line: MinutesLine,
  merged: MinutesLine[],
): string | null {
  for (let i = current.indexOf(line) - 1; i >= 0; i--) {
    if (merged.some((m) => m.key === current[i].key)) return current[i].key;
  }
  return null;
}

function insertAfter(lines: MinutesLine[], line: MinutesLine, anchor: string | null): void {
  if (anchor === null) {
    lines.unshift(line);
    return;
  }
  let i = lines.findIndex((l) => l.key === anchor);
  if (i < 0) {
    lines.push(line);
    return;
  }
  // Keep several manual lines after one anchor in their order.
  while (i + 1 < lines.length && lines[i + 1].source === 'manual' && lines[i + 1].after === anchor) i++;
  lines.splice(i + 1, 0, line);
}

/** Records a hand edit of a line. */
export function editLine(line: MinutesLine, text: string): MinutesLine {
  if (line.source === 'manual') return { ...line, text };
  return { ...line, text, source: text === line.generatedText ? 'generated' : 'edited' };
}

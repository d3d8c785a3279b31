import type { PublicLine } from '../minutes.entity';
import type { MinutesLine } from '../minutes-lines';
import {
  applyMasks,
  DEFAULT_REPLACEMENTS,
  detectIdentifiers,
  type AcceptedMask,
  type AllowedName,
  type IdentifierKind,
} from './detect';

export const CLOSED_NOTICE = '（非公開の審議のため、この部分は掲載しません。）';

/** A person of the record whose name the municipality shows, or replaces by an office title. */
export interface RecordPerson {
  name: string;
  /** As listed in the minutes (柏木総務課長), when it differs from the name. */
  label: string | null;
  role: '会長' | '委員' | '事務局' | '説明員';
  /** Office title used instead of the name, e.g. 下水道総務課長. */
  title: string;
  policy: 'show' | 'title';
  /** The department and the post the title is made of, when known (explainers, secretariat). */
  department?: string | null;
  position?: string | null;
}

/**
 * 営業課 + 課長 → 営業課長 (the department's 課 is the post's), 下水道総務課 + 業務係長 → 下水道総務課業務係長.
 */
export function officeTitle(department: string | null, position: string | null, fallback: string): string {
  const d = department ?? '';
  const p = position ?? fallback;
  if (d.endsWith('課') && p.startsWith('課')) return d + p.slice(1);
  if (d.endsWith('部') && p.startsWith('部')) return d + p.slice(1);
  return d + p;
}

/** The department named by the parenthesised group the text at `at` is listed under: 「(営業課) 笠間課長、…」. */
function groupDepartmentAt(text: string, at: number): string | null {
  const before = text.slice(0, at);
  const open = Math.max(before.lastIndexOf('('), before.lastIndexOf('（'));
  if (open < 0) return null;
  const close = before.slice(open).search(/[)）]/);
  if (close < 0) return null;
  const rest = before.slice(open + close + 1);
  if (/[(（]/.test(rest)) return null;
  return before.slice(open + 1, open + close).trim();
}

export interface MaskCandidate {
  lineKey: string;
  start: number;
  end: number;
  original: string;
  kind: IdentifierKind;
  reason: string;
  replacement: string;
  status: 'proposed' | 'allowed';
  allowedAs: string | null;
}

/**
 * Runs detection over every public (non-closed) line. People shown by name are on the allow-list
 * (allow-list wins, and the hit is kept as `allowed` for the log); people shown by title are
 * known names whose proposal carries their title as the replacement.
 */
export function proposeMasks(
  lines: MinutesLine[],
  people: RecordPerson[],
  extraAllowList: AllowedName[],
): MaskCandidate[] {
  const allowList: AllowedName[] = [
    ...people
      .filter((p) => p.policy === 'show')
      .flatMap((p) => namesOf(p).map((name) => ({ name, role: p.role }))),
    ...extraAllowList,
  ];
  const titled = people.filter((p) => p.policy === 'title');
  const knownNames = titled.flatMap(namesOf);
  const replacementOf = (text: string, line: string, at: number): string | null => {
    const c = compact(text);
    const hit = titled.find((p) => namesOf(p).some((n) => compact(n) === c));
    if (!hit) return null;
    // Under its department's heading the post alone is enough: 「(下水道総務課) 課長」.
    if (hit.department && hit.position && groupDepartmentAt(line, at) === hit.department) return hit.position;
    return hit.title;
  };
  const out: MaskCandidate[] = [];
  for (const line of lines) {
    if (line.closed) continue;
    const { proposals, allowed } = detectIdentifiers(line.text, { knownNames, allowList });
    for (const p of proposals)
      out.push({
        lineKey: line.key,
        start: p.start,
        end: p.end,
        original: p.text,
        kind: p.kind,
        reason: p.reason,
        replacement:
          (p.kind === 'personName' && replacementOf(p.text, line.text, p.start)) ||
          DEFAULT_REPLACEMENTS[p.kind],
        status: 'proposed',
        allowedAs: null,
      });
    for (const a of allowed)
      out.push({
        lineKey: line.key,
        start: a.start,
        end: a.end,
        original: a.text,
        kind: a.kind,
        reason: a.reason,
        replacement: a.text,
        status: 'allowed',
        allowedAs: a.allowedAs,
      });
  }
  return out;
}

/** 柏木総務課長 first (the longer form), then the full name, then the surname alone is not used. */
function namesOf(p: RecordPerson): string[] {
  return [p.label, p.name].filter((x): x is string => Boolean(x));
}

function compact(s: string): string {
  return s.replace(/[\s　]+/g, '');
}

/**
 * The public version: closed lines become one notice per run, accepted masks are applied to a
 * copy of each line, and speaker names are dropped (roles only, as in the printed minutes).
 */
export function buildPublicLines(
  lines: MinutesLine[],
  masks: Array<AcceptedMask & { lineKey: string }>,
): PublicLine[] {
  return publicLineSources(lines).map((line) => {
    if (!line) return { kind: 'text', speakerRole: null, text: CLOSED_NOTICE };
    const mine = masks.filter((m) => m.lineKey === line.key);
    return { kind: line.kind, speakerRole: line.speakerRole, text: applyMasks(line.text, mine) };
  });
}

/**
 * The internal line behind each line of the public version, in order; null for the notice that
 * stands for a run of closed lines. (The public search index attributes lines to agenda items by it.)
 */
export function publicLineSources(lines: MinutesLine[]): Array<MinutesLine | null> {
  const out: Array<MinutesLine | null> = [];
  let inClosedRun = false;
  for (const line of lines) {
    if (line.closed) {
      if (!inClosedRun) out.push(null);
      inClosedRun = true;
      continue;
    }
    inClosedRun = false;
    out.push(line);
  }
  return out;
}

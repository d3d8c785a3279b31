import { AlignmentType, TextRun } from 'docx';
import type { HTMLElement } from 'node-html-parser';
import type { ComputedStyle } from './css-cascade';

/** Lengths, runs and CSS values for the HTML → Word conversion (html-to-docx.ts); pure functions. */

/** Word's fonts for the two families of the printed papers; readers without them substitute (Noto Serif/Sans JP on Linux). */
export const WORD_FONTS = {
  serif: { ascii: 'Yu Mincho', hAnsi: 'Yu Mincho', eastAsia: 'Yu Mincho', cs: 'Noto Serif JP' },
  sans: { ascii: 'Yu Gothic', hAnsi: 'Yu Gothic', eastAsia: 'Yu Gothic', cs: 'Noto Sans JP' },
} as const;

/** Twips per millimetre. */
export const MM = 1440 / 25.4;

/** Inline text with its look; `lineBreak`: a line break comes before the text. */
export interface Piece {
  readonly text: string;
  readonly lineBreak: boolean;
  readonly bold: boolean;
  readonly sans: boolean;
}

/** Leading and trailing collapsed spaces vanish at the edges of a line, as in the browser. */
export function trimEdges(pieces: Piece[]): void {
  const first = pieces.findIndex((p) => p.text !== '');
  if (first >= 0) pieces[first] = { ...pieces[first], text: pieces[first].text.trimStart() };
  for (let i = pieces.length - 1; i >= 0; i--) {
    if (pieces[i].text === '') continue;
    pieces[i] = { ...pieces[i], text: pieces[i].text.trimEnd() };
    break;
  }
}

/** Adjacent pieces of the same look become one run (fewer runs: a smaller file, built faster). */
export function toRuns(pieces: readonly Piece[]): TextRun[] {
  const runs: TextRun[] = [];
  let current: { text: string; lineBreak: boolean; bold: boolean; sans: boolean } | null = null;
  const push = () => {
    if (!current) return;
    runs.push(
      new TextRun({
        text: current.text,
        break: current.lineBreak ? 1 : undefined,
        bold: current.bold || undefined,
        font: current.sans ? WORD_FONTS.sans : undefined,
      }),
    );
  };
  for (const p of pieces) {
    if (current && !p.lineBreak && p.bold === current.bold && p.sans === current.sans) {
      current.text += p.text;
      continue;
    }
    push();
    current = { ...p };
  }
  push();
  return runs;
}

export function isBold(weight: string | undefined): boolean {
  if (!weight) return false;
  return weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
}

export function alignmentOf(textAlign: string | undefined) {
  switch (textAlign) {
    case 'center':
      return AlignmentType.CENTER;
    case 'right':
    case 'end':
      return AlignmentType.RIGHT;
    default:
      return undefined;
  }
}

export function indentOf(style: ComputedStyle): number {
  return (toTwips(style.marginLeft?.split(/\s+/)[0], 0) ?? 0) + (toTwips(style.paddingLeft, 0) ?? 0);
}

export function toTwips(length: string | undefined, total: number): number | null {
  const m = /^(-?[\d.]+)(mm|cm|pt|em|%)$/.exec(length?.trim() ?? '');
  if (!m) return null;
  const n = Number(m[1]);
  switch (m[2]) {
    case 'mm':
      return Math.round(n * MM);
    case 'cm':
      return Math.round(n * 10 * MM);
    case 'pt':
      return Math.round(n * 20);
    case 'em':
      return Math.round(n * 210); // 10.5pt body
    default:
      return total > 0 ? Math.round((n / 100) * total) : null;
  }
}

export function intAttr(el: HTMLElement, name: string): number | undefined {
  const n = Number.parseInt(el.getAttribute(name) ?? '', 10);
  return Number.isFinite(n) && n > 1 ? n : undefined;
}

export function pageMargins(css: string): { top: number; right: number; bottom: number; left: number } {
  const block = /@page\s*\{([^{}]*)/.exec(css)?.[1] ?? '';
  const values = (/margin:\s*([^;]+);/.exec(block)?.[1] ?? '18mm')
    .trim()
    .split(/\s+/)
    .map((v) => toTwips(v, 0) ?? Math.round(18 * MM));
  const [top, right = top, bottom = top, left = right] = values;
  return { top, right, bottom, left };
}

/** A CSS string literal's text (`"機密性2"`, escapes `\hex ` as printed by DocumentTemplates). */
export function cssUnquote(literal: string): string {
  return literal
    .slice(1, -1)
    .replace(/\\([0-9a-fA-F]{1,6}) ?/g, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/\\(.)/g, '$1');
}

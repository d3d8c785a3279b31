/**
 * What every chart shares: escaping, the accessible frame (role="img", <title>, <desc>), the
 * honest empty state, the axis scale and the fills. Pure string building, no DOM.
 */

export const NO_DATA = 'データがありません';

/** Escapes text for XML content and attribute values. */
export function esc(text: string | number): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Fixed-precision coordinates keep the markup short and stable. */
export const n = (v: number): string => String(Math.round(v * 10) / 10);

export interface ChartText {
  /** Unique within the page: ids of the title, description and patterns derive from it. */
  id: string;
  title: string;
  /** A sentence saying what the chart shows (its figures are in the table beside it). */
  desc: string;
}

/** The accessible SVG frame. The text colour is the page's, so it prints black. */
export function svgFrame(t: ChartText, width: number, height: number, body: string, defs = ''): string {
  const id = esc(t.id);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${id}" role="img" ` +
    `aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" font-size="12" fill="currentColor">` +
    `<title id="${id}-title">${esc(t.title)}</title><desc id="${id}-desc">${esc(t.desc)}</desc>` +
    (defs ? `<defs>${defs}</defs>` : '') +
    body +
    `</svg>`
  );
}

/** A chart without figures says so in words, not as an empty axis. */
export function emptyChart(t: ChartText, width = 480, height = 120): string {
  return svgFrame(
    { ...t, desc: `${t.desc}（${NO_DATA}）` },
    width,
    height,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="none" stroke="#9aa5b3"/>` +
      `<text x="${width / 2}" y="${height / 2 + 5}" text-anchor="middle" font-size="16">${NO_DATA}</text>`,
  );
}

/** The top of the value axis: a round number at or above `max`, and the tick step. */
export function niceScale(max: number, ticks = 5): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 1 };
  const raw = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  // Counts and days: whole-number steps only.
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw && Number.isInteger(s)) ?? 1;
  return { top: Math.ceil(max / step) * step, step };
}

/**
 * Fills told apart without colour: the first series is solid dark, the others are light with
 * hatching, dots or cross-hatching, so a greyscale print keeps them apart.
 */
const FILLS = [
  { base: '#1f4e8c', mark: null },
  { base: '#f2c14e', mark: 'hatch' },
  { base: '#a7c7e7', mark: 'dots' },
  { base: '#ffffff', mark: 'cross' },
  { base: '#c9d6a3', mark: 'vertical' },
] as const;

export function patternDefs(id: string, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) {
    const f = FILLS[i % FILLS.length];
    if (!f.mark) continue;
    const marks = {
      hatch: '<path d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6" stroke="#1d2733" stroke-width="1.2"/>',
      dots: '<circle cx="4" cy="4" r="1.6" fill="#1d2733"/>',
      cross: '<path d="M0,0 L8,8 M8,0 L0,8" stroke="#1d2733" stroke-width="1"/>',
      vertical: '<path d="M4,0 L4,8" stroke="#1d2733" stroke-width="1.4"/>',
    }[f.mark];
    out +=
      `<pattern id="${esc(id)}-p${i}" patternUnits="userSpaceOnUse" width="8" height="8">` +
      `<rect width="8" height="8" fill="${f.base}"/>${marks}</pattern>`;
  }
  return out;
}

/** The fill attribute value for series `i` of chart `id` (patterns from `patternDefs`). */
export function seriesFill(id: string, i: number): string {
  const f = FILLS[i % FILLS.length];
  return f.mark ? `url(#${esc(id)}-p${i})` : f.base;
}

/** Cuts a label to `max` characters with an ellipsis; the full text stays in the table. */
export function clip(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
}

/** Horizontal grid lines with their values on the left of a plot area. */
export function valueAxis(
  plot: { x: number; y: number; w: number; h: number },
  scale: { top: number; step: number },
): string {
  let out = '';
  for (let v = 0; v <= scale.top; v += scale.step) {
    const y = plot.y + plot.h - (v / scale.top) * plot.h;
    out +=
      `<line x1="${n(plot.x)}" y1="${n(y)}" x2="${n(plot.x + plot.w)}" y2="${n(y)}" stroke="${v === 0 ? '#1d2733' : '#d5dbe3'}"/>` +
      `<text x="${n(plot.x - 6)}" y="${n(y + 4)}" text-anchor="end">${v}</text>`;
  }
  return out;
}

/** A legend row: swatch (same fill as the series) and name, so the chart reads without colour. */
export function legend(id: string, names: string[], x: number, y: number): string {
  let out = '';
  let cx = x;
  names.forEach((name, i) => {
    out +=
      `<rect x="${n(cx)}" y="${n(y - 10)}" width="14" height="14" fill="${seriesFill(id, i)}" stroke="#1d2733"/>` +
      `<text x="${n(cx + 20)}" y="${n(y + 1)}">${esc(name)}</text>`;
    cx += 20 + [...name].length * 12 + 24;
  });
  return out;
}

import {
  clip,
  emptyChart,
  esc,
  legend,
  n,
  niceScale,
  patternDefs,
  seriesFill,
  svgFrame,
  valueAxis,
  type ChartText,
} from './svg';

export interface Bar {
  label: string;
  value: number;
}

export interface Series {
  name: string;
  values: number[];
}

const total = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Horizontal bars (long labels such as legal bases read on the left), each with its value written at
 * its end. Bar length is proportional to the value; the longest bar spans the plot.
 */
export function barChart(t: ChartText, bars: Bar[], opts: { unit?: string; width?: number } = {}): string {
  if (bars.length === 0 || bars.every((b) => b.value === 0)) return emptyChart(t);
  const unit = opts.unit ?? '';
  const width = opts.width ?? 720;
  const rowH = 26;
  const labelChars = 22;
  const labelW = Math.min(labelChars, Math.max(...bars.map((b) => [...b.label].length))) * 12 + 12;
  const plot = { x: labelW, y: 8, w: width - labelW - 70 };
  const height = plot.y + bars.length * rowH + 8;
  const max = Math.max(...bars.map((b) => b.value));
  let body = `<line x1="${plot.x}" y1="${plot.y}" x2="${plot.x}" y2="${height - 8}" stroke="#1d2733"/>`;
  bars.forEach((b, i) => {
    const y = plot.y + i * rowH;
    const w = (b.value / max) * plot.w;
    body +=
      `<g class="bar"><title>${esc(b.label)}: ${b.value}${esc(unit)}</title>` +
      `<text x="${plot.x - 6}" y="${n(y + 17)}" text-anchor="end">${esc(clip(b.label, labelChars))}</text>` +
      `<rect x="${plot.x}" y="${n(y + 4)}" width="${n(w)}" height="${rowH - 8}" fill="${seriesFill(t.id, 0)}" data-value="${b.value}"/>` +
      `<text x="${n(plot.x + w + 6)}" y="${n(y + 17)}">${b.value}${esc(unit)}</text></g>`;
  });
  return svgFrame(t, width, height, body);
}

/**
 * Vertical bars stacked by series (e.g. fiscal years by procedure), the total written above each
 * column and a legend whose swatches use the same patterned fills.
 */
export function stackedBarChart(
  t: ChartText,
  categories: string[],
  series: Series[],
  opts: { unit?: string; width?: number; height?: number } = {},
): string {
  const totals = categories.map((_, c) => total(series.map((s) => s.values[c] ?? 0)));
  if (categories.length === 0 || totals.every((v) => v === 0)) return emptyChart(t);
  const width = opts.width ?? 720;
  const height = opts.height ?? 300;
  const plot = { x: 48, y: 40, w: width - 64, h: height - 40 - 44 };
  const scale = niceScale(Math.max(...totals));
  const slot = plot.w / categories.length;
  const barW = Math.min(64, slot * 0.6);
  let body = valueAxis(plot, scale);
  categories.forEach((cat, c) => {
    const x = plot.x + c * slot + (slot - barW) / 2;
    let y = plot.y + plot.h;
    body += `<g class="column"><title>${esc(cat)}: ${series.map((s) => `${s.name} ${s.values[c] ?? 0}`).join('、')}</title>`;
    series.forEach((s, i) => {
      const v = s.values[c] ?? 0;
      if (v === 0) return;
      const h = (v / scale.top) * plot.h;
      y -= h;
      body += `<rect x="${n(x)}" y="${n(y)}" width="${n(barW)}" height="${n(h)}" fill="${seriesFill(t.id, i)}" stroke="#1d2733" stroke-width="0.5" data-series="${esc(s.name)}" data-value="${v}"/>`;
    });
    body +=
      `<text x="${n(x + barW / 2)}" y="${n(y - 5)}" text-anchor="middle" font-weight="bold">${totals[c]}${esc(opts.unit ?? '')}</text>` +
      `<text x="${n(plot.x + c * slot + slot / 2)}" y="${n(plot.y + plot.h + 18)}" text-anchor="middle">${esc(cat)}</text></g>`;
  });
  body += legend(
    t.id,
    series.map((s) => s.name),
    plot.x,
    18,
  );
  return svgFrame(t, width, height, body, patternDefs(t.id, series.length));
}

export interface Bin {
  label: string;
  count: number;
}

/** Adjacent columns, one per bin, the count written above each; the bins' labels under the axis. */
export function histogram(
  t: ChartText,
  bins: Bin[],
  opts: { width?: number; height?: number; xLabel?: string } = {},
): string {
  if (bins.length === 0 || bins.every((b) => b.count === 0)) return emptyChart(t);
  const width = opts.width ?? 720;
  const height = opts.height ?? 280;
  const plot = { x: 48, y: 20, w: width - 64, h: height - 20 - 56 };
  const scale = niceScale(Math.max(...bins.map((b) => b.count)));
  const slot = plot.w / bins.length;
  let body = valueAxis(plot, scale);
  bins.forEach((b, i) => {
    const h = (b.count / scale.top) * plot.h;
    const x = plot.x + i * slot;
    const y = plot.y + plot.h - h;
    body +=
      `<g class="bin"><title>${esc(b.label)}: ${b.count}件</title>` +
      `<rect x="${n(x + 1)}" y="${n(y)}" width="${n(slot - 2)}" height="${n(h)}" fill="${seriesFill(t.id, 0)}" data-value="${b.count}"/>` +
      `<text x="${n(x + slot / 2)}" y="${n(y - 5)}" text-anchor="middle" font-weight="bold">${b.count}</text>` +
      `<text x="${n(x + slot / 2)}" y="${n(plot.y + plot.h + 16)}" text-anchor="middle" font-size="11">${esc(b.label)}</text></g>`;
  });
  if (opts.xLabel)
    body += `<text x="${n(plot.x + plot.w / 2)}" y="${height - 8}" text-anchor="middle">${esc(opts.xLabel)}</text>`;
  return svgFrame(t, width, height, body);
}

const MARKERS = [
  (x: number, y: number) => `<circle cx="${n(x)}" cy="${n(y)}" r="3.5" fill="#1d2733"/>`,
  (x: number, y: number) =>
    `<rect x="${n(x - 3.5)}" y="${n(y - 3.5)}" width="7" height="7" fill="#ffffff" stroke="#1d2733" stroke-width="1.5"/>`,
  (x: number, y: number) =>
    `<path d="M${n(x)},${n(y - 4.5)} L${n(x + 4.5)},${n(y + 3.5)} L${n(x - 4.5)},${n(y + 3.5)} Z" fill="#8a5a00"/>`,
];
const DASHES = ['', ' stroke-dasharray="6 4"', ' stroke-dasharray="2 3"'];
const STROKES = ['#1f4e8c', '#b3261e', '#5b6675'];

/**
 * Lines over a shared x axis (e.g. months); each series has its own dash and marker and is named at
 * its last point, so it reads in greyscale without matching colours to a legend.
 */
export function lineChart(
  t: ChartText,
  labels: string[],
  series: Series[],
  opts: { width?: number; height?: number; labelEvery?: number } = {},
): string {
  if (labels.length === 0 || series.length === 0) return emptyChart(t);
  const width = opts.width ?? 720;
  const height = opts.height ?? 280;
  const rightPad = 16 + Math.max(...series.map((s) => [...s.name].length)) * 12;
  const plot = { x: 48, y: 20, w: width - 48 - rightPad, h: height - 20 - 44 };
  const scale = niceScale(Math.max(0, ...series.flatMap((s) => s.values)));
  const stepX = labels.length > 1 ? plot.w / (labels.length - 1) : 0;
  const xAt = (i: number) => plot.x + (labels.length > 1 ? i * stepX : plot.w / 2);
  const yAt = (v: number) => plot.y + plot.h - (v / scale.top) * plot.h;
  const every = opts.labelEvery ?? Math.max(1, Math.ceil(labels.length / 12));
  let body = valueAxis(plot, scale);
  labels.forEach((l, i) => {
    if (i % every === 0)
      body += `<text x="${n(xAt(i))}" y="${n(plot.y + plot.h + 16)}" text-anchor="middle" font-size="11">${esc(l)}</text>`;
  });
  series.forEach((s, k) => {
    const pts = labels.map((_, i) => `${n(xAt(i))},${n(yAt(s.values[i] ?? 0))}`);
    const stroke = STROKES[k % STROKES.length];
    body += `<g class="series" data-series="${esc(s.name)}"><title>${esc(s.name)}</title>`;
    body += `<polyline points="${pts.join(' ')}" fill="none" stroke="${stroke}" stroke-width="2"${DASHES[k % DASHES.length]}/>`;
    // Past two years of months the markers merge into a band; the dash alone tells the lines apart.
    if (labels.length <= 24)
      labels.forEach((_, i) => {
        body += MARKERS[k % MARKERS.length](xAt(i), yAt(s.values[i] ?? 0));
      });
    const last = labels.length - 1;
    body += `<text x="${n(xAt(last) + 8)}" y="${n(yAt(s.values[last] ?? 0) + 4 + k * 14)}">${esc(s.name)}</text></g>`;
  });
  return svgFrame(t, width, height, body);
}

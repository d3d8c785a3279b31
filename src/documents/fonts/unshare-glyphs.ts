import { readTables, writeFont, type TableRecord } from './sfnt';

/*
 * Why: the complete Noto JP fonts map several code points to one glyph (人 U+4EBA and the Kangxi
 * radical ⼈ U+2F08, ／ U+FF0F and ∕ U+2215, 　 U+3000 and U+2003: ~600 glyphs). Chromium's PDF
 * writer records one code point per glyph in the ToUnicode map, the lowest, so text copied or
 * extracted from our PDFs read 「個⼈情報」 and 「担当課∕業務名」, and searching a PDF for 個人 failed.
 * Giving every extra code point its own copy of the glyph makes the map exact. The copies are
 * appended (outlines and metrics duplicated byte for byte); layout features keep pointing at the
 * originals, which keep the code point Japanese text uses.
 */

interface Tables {
  readonly version: number;
  readonly byTag: Map<string, Buffer>;
  readonly others: TableRecord[];
}

const REWRITTEN = ['cmap', 'glyf', 'loca', 'hmtx', 'vmtx', 'maxp', 'head', 'hhea', 'vhea', 'post'];

function load(font: Buffer): Tables {
  const { version, tables } = readTables(font);
  const byTag = new Map(tables.map((t) => [t.tag, t.data]));
  for (const tag of ['cmap', 'glyf', 'loca', 'hmtx', 'maxp', 'head', 'hhea']) {
    if (!byTag.has(tag)) throw new Error(`font has no ${tag} table`);
  }
  return { version, byTag, others: tables.filter((t) => !REWRITTEN.includes(t.tag)) };
}

/** Code point → glyph from the (3,10) format 12 subtable, or (3,1) format 4 when there is none. */
function readCmap(cmap: Buffer): Map<number, number> {
  const count = cmap.readUInt16BE(2);
  const subtables = Array.from({ length: count }, (_, i) => ({
    platform: cmap.readUInt16BE(4 + i * 8),
    encoding: cmap.readUInt16BE(6 + i * 8),
    offset: cmap.readUInt32BE(8 + i * 8),
  }));
  const pick = (p: number, e: number, format: number) =>
    subtables.find((s) => s.platform === p && s.encoding === e && cmap.readUInt16BE(s.offset) === format);
  const map = new Map<number, number>();
  const full = pick(3, 10, 12) ?? pick(0, 4, 12);
  if (full) {
    const groups = cmap.readUInt32BE(full.offset + 12);
    for (let i = 0; i < groups; i++) {
      const at = full.offset + 16 + i * 12;
      const [start, end, glyph] = [0, 4, 8].map((o) => cmap.readUInt32BE(at + o));
      for (let cp = start; cp <= end; cp++) map.set(cp, glyph + cp - start);
    }
    return map;
  }
  const bmp = pick(3, 1, 4) ?? pick(0, 3, 4);
  if (!bmp) throw new Error('font has no Unicode cmap');
  const at = bmp.offset;
  const segCount = cmap.readUInt16BE(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  const rangeOffsets = deltas + segCount * 2;
  for (let i = 0; i < segCount; i++) {
    const end = cmap.readUInt16BE(ends + i * 2);
    const start = cmap.readUInt16BE(starts + i * 2);
    const delta = cmap.readInt16BE(deltas + i * 2);
    const rangeOffset = cmap.readUInt16BE(rangeOffsets + i * 2);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (cp + delta) & 0xffff;
      else {
        const g = cmap.readUInt16BE(rangeOffsets + i * 2 + rangeOffset + (cp - start) * 2);
        glyph = g === 0 ? 0 : (g + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(cp, glyph);
    }
  }
  return map;
}

/** Runs of consecutive code points with consecutive glyphs. */
function runs(entries: Array<[number, number]>): Array<{ start: number; end: number; glyph: number }> {
  const out: Array<{ start: number; end: number; glyph: number }> = [];
  for (const [cp, glyph] of entries) {
    const last = out[out.length - 1];
    if (last && cp === last.end + 1 && glyph === last.glyph + (cp - last.start)) last.end = cp;
    else out.push({ start: cp, end: cp, glyph });
  }
  return out;
}

function format4(entries: Array<[number, number]>): Buffer {
  const segments = runs(entries.filter(([cp]) => cp < 0xffff));
  segments.push({ start: 0xffff, end: 0xffff, glyph: 1 }); // required last segment (maps to glyph 0)
  const segCount = segments.length;
  const length = 16 + segCount * 8;
  if (length > 0xffff) throw new Error('cmap format 4 subtable too large');
  const b = Buffer.alloc(length);
  const entrySelector = Math.floor(Math.log2(segCount));
  const searchRange = 2 * 2 ** entrySelector;
  b.writeUInt16BE(4, 0);
  b.writeUInt16BE(length, 2);
  b.writeUInt16BE(0, 4);
  b.writeUInt16BE(segCount * 2, 6);
  b.writeUInt16BE(searchRange, 8);
  b.writeUInt16BE(entrySelector, 10);
  b.writeUInt16BE(segCount * 2 - searchRange, 12);
  const ends = 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  segments.forEach((s, i) => {
    b.writeUInt16BE(s.end, ends + i * 2);
    b.writeUInt16BE(s.start, starts + i * 2);
    b.writeUInt16BE((s.glyph - s.start) & 0xffff, deltas + i * 2);
    // idRangeOffset stays 0: glyph = code point + delta
  });
  return b;
}

function format12(entries: Array<[number, number]>): Buffer {
  const groups = runs(entries);
  const b = Buffer.alloc(16 + groups.length * 12);
  b.writeUInt16BE(12, 0);
  b.writeUInt32BE(b.length, 4);
  b.writeUInt32BE(groups.length, 12);
  groups.forEach((g, i) => {
    b.writeUInt32BE(g.start, 16 + i * 12);
    b.writeUInt32BE(g.end, 20 + i * 12);
    b.writeUInt32BE(g.glyph, 24 + i * 12);
  });
  return b;
}

/** (0,3) and (3,1) format 4, (0,4) and (3,10) format 12, and the original (0,5) variation subtable. */
function buildCmap(map: Map<number, number>, original: Buffer): Buffer {
  const entries = [...map.entries()].sort((a, b) => a[0] - b[0]);
  const bmp = format4(entries);
  const full = format12(entries);
  const count = original.readUInt16BE(2);
  let variations: Buffer | null = null;
  for (let i = 0; i < count; i++) {
    const offset = original.readUInt32BE(8 + i * 8);
    if (original.readUInt16BE(4 + i * 8) === 0 && original.readUInt16BE(6 + i * 8) === 5) {
      variations = original.subarray(offset, offset + original.readUInt32BE(offset + 2));
    }
  }
  const records: Array<[number, number, Buffer]> = [
    [0, 3, bmp],
    [0, 4, full],
    ...(variations ? [[0, 5, variations] as [number, number, Buffer]] : []),
    [3, 1, bmp],
    [3, 10, full],
  ];
  const header = Buffer.alloc(4 + records.length * 8);
  header.writeUInt16BE(records.length, 2);
  const bodies: Buffer[] = [];
  const offsets = new Map<Buffer, number>();
  let offset = header.length;
  records.forEach(([platform, encoding, body], i) => {
    if (!offsets.has(body)) {
      offsets.set(body, offset);
      bodies.push(body);
      offset += body.length;
    }
    header.writeUInt16BE(platform, 4 + i * 8);
    header.writeUInt16BE(encoding, 6 + i * 8);
    header.writeUInt32BE(offsets.get(body) ?? 0, 8 + i * 8);
  });
  return Buffer.concat([header, ...bodies]);
}

/** Advance and side bearing per glyph from an hmtx/vmtx table with `longCount` long metrics. */
function readMetrics(table: Buffer, longCount: number, glyphs: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let advance = 0;
  for (let g = 0; g < glyphs; g++) {
    if (g < longCount) {
      advance = table.readUInt16BE(g * 4);
      out.push([advance, table.readInt16BE(g * 4 + 2)]);
    } else {
      out.push([advance, table.readInt16BE(longCount * 4 + (g - longCount) * 2)]);
    }
  }
  return out;
}

function writeMetrics(metrics: Array<[number, number]>): Buffer {
  const b = Buffer.alloc(metrics.length * 4);
  metrics.forEach(([advance, bearing], g) => {
    b.writeUInt16BE(advance, g * 4);
    b.writeInt16BE(bearing, g * 4 + 2);
  });
  return b;
}

/** Which code point keeps the original glyph: CJK and full-width forms first, then the highest. */
function rank(cp: number): number {
  const compatibility = (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);
  const radical = cp >= 0x2e80 && cp <= 0x2fdf;
  return compatibility || radical ? cp - 0x200000 : cp;
}

/**
 * Returns a copy of a TrueType font in which every glyph is mapped from at most one code point
 * (see the note at the top). Fonts without shared glyphs come back unchanged.
 */
export function unshareGlyphs(font: Buffer): Buffer {
  const { version, byTag, others } = load(font);
  const get = (tag: string) => byTag.get(tag) as Buffer;
  const cmap = readCmap(get('cmap'));
  const byGlyph = new Map<number, number[]>();
  for (const [cp, glyph] of cmap) byGlyph.set(glyph, [...(byGlyph.get(glyph) ?? []), cp]);
  const shared = [...byGlyph.entries()].filter(([, cps]) => cps.length > 1);
  if (shared.length === 0) return font;

  const maxp = Buffer.from(get('maxp'));
  const numGlyphs = maxp.readUInt16BE(4);
  const head = Buffer.from(get('head'));
  const longLoca = head.readInt16BE(50) === 1;
  const loca = get('loca');
  const offsetOf = (g: number) => (longLoca ? loca.readUInt32BE(g * 4) : loca.readUInt16BE(g * 2) * 2);
  const glyf = get('glyf');
  const hhea = Buffer.from(get('hhea'));
  const hmtx = readMetrics(get('hmtx'), hhea.readUInt16BE(34), numGlyphs);
  const vhea = byTag.has('vhea') ? Buffer.from(get('vhea')) : null;
  const vmtx = vhea && byTag.has('vmtx') ? readMetrics(get('vmtx'), vhea.readUInt16BE(34), numGlyphs) : null;

  const copies: number[] = []; // new glyph index - numGlyphs → source glyph
  for (const [glyph, cps] of shared) {
    const keep = cps.reduce((a, b) => (rank(b) > rank(a) ? b : a));
    for (const cp of cps) {
      if (cp === keep) continue;
      cmap.set(cp, numGlyphs + copies.length);
      copies.push(glyph);
    }
  }
  const total = numGlyphs + copies.length;
  if (total > 0xffff) throw new Error('too many glyphs after unsharing');

  const sources = [...Array.from({ length: numGlyphs }, (_, g) => g), ...copies];
  const outlines = sources.map((g) => glyf.subarray(offsetOf(g), offsetOf(g + 1)));
  const newLoca = Buffer.alloc((total + 1) * 4);
  let at = 0;
  const parts: Buffer[] = [];
  outlines.forEach((o, i) => {
    newLoca.writeUInt32BE(at, i * 4);
    parts.push(o);
    at += o.length;
    if (o.length % 4 !== 0) {
      parts.push(Buffer.alloc(4 - (o.length % 4)));
      at += 4 - (o.length % 4);
    }
  });
  newLoca.writeUInt32BE(at, total * 4);

  maxp.writeUInt16BE(total, 4);
  head.writeInt16BE(1, 50);
  hhea.writeUInt16BE(total, 34);
  const tables: TableRecord[] = [
    ...others,
    { tag: 'cmap', data: buildCmap(cmap, get('cmap')) },
    { tag: 'glyf', data: Buffer.concat(parts) },
    { tag: 'loca', data: newLoca },
    { tag: 'maxp', data: maxp },
    { tag: 'head', data: head },
    { tag: 'hhea', data: hhea },
    { tag: 'hmtx', data: writeMetrics(sources.map((g) => hmtx[g])) },
  ];
  if (vhea && vmtx) {
    vhea.writeUInt16BE(total, 34);
    tables.push(
      { tag: 'vhea', data: vhea },
      { tag: 'vmtx', data: writeMetrics(sources.map((g) => vmtx[g])) },
    );
  }
  const post = byTag.get('post');
  if (post) {
    // Format 2 lists a name per glyph; format 3 (no names) stays valid whatever the glyph count.
    const p = Buffer.from(post.subarray(0, 32));
    p.writeUInt32BE(0x00030000, 0);
    tables.push({ tag: 'post', data: p });
  }
  return writeFont(version, tables);
}

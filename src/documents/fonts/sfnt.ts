/**
 * Minimal sfnt (TrueType) reading and writing: replace the `name` table so a font file carries the
 * family name we choose (everything else copied byte for byte), and the table plumbing the other
 * font rewrites share.
 */

export interface TableRecord {
  readonly tag: string;
  readonly data: Buffer;
}

export interface FontNames {
  readonly family: string;
  /** "Regular" or "Bold": fontconfig derives the style from it together with OS/2 usWeightClass. */
  readonly subfamily: string;
  /** PostScript name: ASCII, no spaces, at most 63 characters. */
  readonly postScriptName: string;
}

const WINDOWS = 3;
const UNICODE_BMP = 1;
const EN_US = 0x409;
/** Name IDs kept from the original font: copyright, licence description, licence URL. */
const KEPT_NAME_IDS = new Set([0, 13, 14]);

export function readTables(font: Buffer): { version: number; tables: TableRecord[] } {
  if (font.length < 12) throw new Error('not an sfnt font: too short');
  const version = font.readUInt32BE(0);
  if (version !== 0x00010000 && version !== 0x4f54544f && version !== 0x74727565) {
    throw new Error(`not an sfnt font (version 0x${version.toString(16)})`);
  }
  const count = font.readUInt16BE(4);
  const tables: TableRecord[] = [];
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = font.toString('latin1', at, at + 4);
    const offset = font.readUInt32BE(at + 8);
    const length = font.readUInt32BE(at + 12);
    if (offset + length > font.length) throw new Error(`sfnt table ${tag} runs past the end of the file`);
    tables.push({ tag, data: font.subarray(offset, offset + length) });
  }
  return { version, tables };
}

/** Decodes UTF-16BE without touching the source (swap16 works in place). */
function utf16be(bytes: Buffer): string {
  return Buffer.from(bytes).swap16().toString('utf16le');
}

function checksum(data: Buffer): number {
  let sum = 0;
  const padded = data.length % 4 === 0 ? data : Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

/** Windows-platform English strings of the original name table for the given IDs. */
function keptNames(name: Buffer | undefined): Map<number, string> {
  const kept = new Map<number, string>();
  if (!name || name.length < 6) return kept;
  const count = name.readUInt16BE(2);
  const storage = name.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 6 + i * 12;
    if (at + 12 > name.length) break;
    const [platform, encoding, language, nameId, length, offset] = [0, 2, 4, 6, 8, 10].map((o) =>
      name.readUInt16BE(at + o),
    );
    if (
      platform !== WINDOWS ||
      encoding !== UNICODE_BMP ||
      language !== EN_US ||
      !KEPT_NAME_IDS.has(nameId)
    ) {
      continue;
    }
    const start = storage + offset;
    if (start + length > name.length) continue;
    kept.set(nameId, utf16be(name.subarray(start, start + length)));
  }
  return kept;
}

function buildNameTable(names: FontNames, kept: Map<number, string>): Buffer {
  const entries = new Map<number, string>(kept);
  entries.set(1, names.family);
  entries.set(2, names.subfamily);
  entries.set(3, `${names.postScriptName};renamed`);
  entries.set(4, `${names.family} ${names.subfamily}`);
  entries.set(6, names.postScriptName);
  const ids = [...entries.keys()].sort((a, b) => a - b);
  const strings = ids.map((id) => Buffer.from(entries.get(id) ?? '', 'utf16le').swap16());
  const header = Buffer.alloc(6 + ids.length * 12);
  header.writeUInt16BE(0, 0);
  header.writeUInt16BE(ids.length, 2);
  header.writeUInt16BE(header.length, 4);
  let offset = 0;
  ids.forEach((id, i) => {
    const at = 6 + i * 12;
    header.writeUInt16BE(WINDOWS, at);
    header.writeUInt16BE(UNICODE_BMP, at + 2);
    header.writeUInt16BE(EN_US, at + 4);
    header.writeUInt16BE(id, at + 6);
    header.writeUInt16BE(strings[i].length, at + 8);
    header.writeUInt16BE(offset, at + 10);
    offset += strings[i].length;
  });
  return Buffer.concat([header, ...strings]);
}

/** Returns a copy of the font whose `name` table carries the given names (and no typographic-family IDs). */
export function renameFont(font: Buffer, names: FontNames): Buffer {
  if (!/^[\x21-\x7e]{1,63}$/.test(names.postScriptName) || /[[\](){}<>/%]/.test(names.postScriptName)) {
    throw new Error(`invalid PostScript name: ${names.postScriptName}`);
  }
  const { version, tables } = readTables(font);
  const original = tables.find((t) => t.tag === 'name')?.data;
  const replaced: TableRecord[] = tables
    .filter((t) => t.tag !== 'name' && t.tag !== 'DSIG')
    .map((t) => (t.tag === 'head' ? { tag: t.tag, data: Buffer.from(t.data) } : t));
  replaced.push({ tag: 'name', data: buildNameTable(names, keptNames(original)) });
  return writeFont(version, replaced);
}

/** Assembles an sfnt file from its tables (sorted by tag, checksums and head.checkSumAdjustment set). */
export function writeFont(version: number, tables: readonly TableRecord[]): Buffer {
  const replaced = [...tables].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const headIndex = replaced.findIndex((t) => t.tag === 'head');
  if (headIndex < 0 || replaced[headIndex].data.length < 12) throw new Error('sfnt font has no head table');
  const head = { tag: 'head', data: Buffer.from(replaced[headIndex].data) };
  replaced[headIndex] = head;
  head.data.writeUInt32BE(0, 8); // checkSumAdjustment is computed over the whole file below

  const count = replaced.length;
  const entrySelector = Math.floor(Math.log2(count));
  const searchRange = 2 ** entrySelector * 16;
  const directory = Buffer.alloc(12 + count * 16);
  directory.writeUInt32BE(version, 0);
  directory.writeUInt16BE(count, 4);
  directory.writeUInt16BE(searchRange, 6);
  directory.writeUInt16BE(entrySelector, 8);
  directory.writeUInt16BE(count * 16 - searchRange, 10);

  const chunks: Buffer[] = [directory];
  let offset = directory.length;
  replaced.forEach((t, i) => {
    const at = 12 + i * 16;
    directory.write(t.tag, at, 4, 'latin1');
    directory.writeUInt32BE(checksum(t.data), at + 4);
    directory.writeUInt32BE(offset, at + 8);
    directory.writeUInt32BE(t.data.length, at + 12);
    const padding = (4 - (t.data.length % 4)) % 4;
    chunks.push(t.data, Buffer.alloc(padding));
    offset += t.data.length + padding;
  });
  const out = Buffer.concat(chunks);
  const headOffset = directory.readUInt32BE(12 + headIndex * 16 + 8);
  out.writeUInt32BE((0xb1b0afba - checksum(out)) >>> 0, headOffset + 8);
  return out;
}

/** Family name (ID 1) and PostScript name (ID 6) as written in the font, for checks. */
export function readFontNames(font: Buffer): { family: string | null; postScriptName: string | null } {
  const { tables } = readTables(font);
  const name = tables.find((t) => t.tag === 'name')?.data;
  const result = { family: null as string | null, postScriptName: null as string | null };
  if (!name) return result;
  const count = name.readUInt16BE(2);
  const storage = name.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 6 + i * 12;
    const [platform, , , nameId, length, offset] = [0, 2, 4, 6, 8, 10].map((o) => name.readUInt16BE(at + o));
    if (platform !== WINDOWS || (nameId !== 1 && nameId !== 6)) continue;
    const text = utf16be(name.subarray(storage + offset, storage + offset + length));
    if (nameId === 1) result.family = text;
    else result.postScriptName = text;
  }
  return result;
}

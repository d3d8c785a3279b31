import { inflateRawSync } from 'node:zlib';

export type SniffedType =
  | { ok: true; mediaType: string; extensions: string[]; label: string }
  | { ok: false; reason: 'executable' | 'unknown' };

const PDF = { mediaType: 'application/pdf', extensions: ['pdf'], label: 'PDF' };
const PNG = { mediaType: 'image/png', extensions: ['png'], label: 'PNG 画像' };
const JPEG = { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG 画像' };
const DOCX = {
  mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  extensions: ['docx'],
  label: 'Word 文書（docx）',
};
const XLSX = {
  mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  extensions: ['xlsx'],
  label: 'Excel ブック（xlsx）',
};

const starts = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

/**
 * What a file is, by its bytes: the name and the browser's Content-Type are never trusted.
 * PDF, PNG and JPEG by their signatures; docx and xlsx are ZIP files whose [Content_Types].xml
 * declares the main part of a Word document or an Excel workbook.
 */
export function sniffFileType(buf: Buffer): SniffedType {
  if (
    starts(buf, [0x4d, 0x5a]) ||
    starts(buf, [0x7f, 0x45, 0x4c, 0x46]) ||
    isMachO(buf) ||
    starts(buf, [0x23, 0x21])
  )
    return { ok: false, reason: 'executable' };
  if (buf.subarray(0, 1024).includes(Buffer.from('%PDF-'))) return { ok: true, ...PDF };
  if (starts(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, ...PNG };
  if (starts(buf, [0xff, 0xd8, 0xff])) return { ok: true, ...JPEG };
  if (starts(buf, [0x50, 0x4b, 0x03, 0x04])) {
    const types = readZipEntry(buf, '[Content_Types].xml');
    if (types) {
      const xml = types.toString('utf8');
      if (xml.includes('wordprocessingml.document.main+xml')) return { ok: true, ...DOCX };
      if (xml.includes('spreadsheetml.sheet.main+xml')) return { ok: true, ...XLSX };
    }
  }
  return { ok: false, reason: 'unknown' };
}

function isMachO(buf: Buffer): boolean {
  const magic = buf.length >= 4 ? buf.readUInt32BE(0) : 0;
  return [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic);
}

/** Reads one entry of a ZIP file through its central directory (stored or deflated); null if absent. */
export function readZipEntry(zip: Buffer, name: string): Buffer | null {
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  const min = Math.max(0, zip.length - 65557);
  let eocd = -1;
  for (let i = zip.length - 22; i >= min; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count && p + 46 <= zip.length; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) return null;
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    const entryName = zip.toString('utf8', p + 46, p + 46 + nameLength);
    if (entryName === name) {
      if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== 0x04034b50) return null;
      const dataStart =
        localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (compressedSize > 1024 * 1024) return null;
      try {
        if (method === 0) return data;
        if (method === 8) return inflateRawSync(data, { maxOutputLength: 4 * 1024 * 1024 });
      } catch {
        return null;
      }
      return null;
    }
    p += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}

export function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(fileName);
  return m ? m[1].toLowerCase() : '';
}

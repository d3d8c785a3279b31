import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont } from 'pdf-lib';
import { packageDir } from '../documents/package-paths';

/** The content of a sample report material: a title, lines of text and one table. */
export interface SampleReportContent {
  title: string;
  lines: string[];
  table: { header: string[]; rows: string[][] };
}

function sansFont(): Uint8Array {
  return readFileSync(
    join(packageDir('@expo-google-fonts/noto-sans-jp'), '400Regular', 'NotoSansJP_400Regular.ttf'),
  );
}

/**
 * A one-page A4 PDF of a report material (資料) for the sample data, as a secretariat would upload
 * it: printed from the seed's text with the Noto Sans JP subset the papers use, so the meeting
 * packet of the sample data carries a report item with real pages.
 */
export async function sampleReportPdf(content: SampleReportContent): Promise<Uint8Array> {
  return sampleReportPdfPages([content]);
}

/** The same, one page per content (a report with several sections), in one document. */
export async function sampleReportPdfPages(contents: readonly SampleReportContent[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(contents[0]?.title ?? '');
  const font = await doc.embedFont(sansFont(), { subset: true });
  for (const content of contents) drawPage(doc, font, content);
  return doc.save();
}

function drawPage(doc: PDFDocument, font: PDFFont, content: SampleReportContent): void {
  const page = doc.addPage([595.28, 841.89]);
  const left = 64;
  let y = 770;
  page.drawText(content.title, { x: left, y, size: 15, font });
  y -= 34;
  for (const line of content.lines) {
    page.drawText(fit(font, line, 467, 10.5), { x: left, y, size: 10.5, font });
    y -= 20;
  }
  y -= 10;
  const widths = columnWidths(font, content.table, 467, 10);
  const row = (cells: string[], size: number) => {
    let x = left;
    page.drawLine({ start: { x: left, y: y + 16 }, end: { x: left + 467, y: y + 16 }, thickness: 0.6 });
    cells.forEach((cell, i) => {
      page.drawText(fit(font, cell, widths[i] - 8, size), {
        x: x + 4,
        y: y + 2,
        size,
        font,
        color: rgb(0, 0, 0),
      });
      x += widths[i];
    });
    y -= 22;
  };
  row(content.table.header, 10);
  for (const r of content.table.rows) row(r, 10);
  page.drawLine({ start: { x: left, y: y + 16 }, end: { x: left + 467, y: y + 16 }, thickness: 0.6 });
}

/**
 * Each column as wide as its longest text needs; when the line is too short for all, the columns that
 * fit in an equal share keep their width and the long ones share what is left.
 */
function columnWidths(
  font: PDFFont,
  table: SampleReportContent['table'],
  total: number,
  size: number,
): number[] {
  const natural = table.header.map((h, i) =>
    Math.max(
      32,
      ...[h, ...table.rows.map((r) => r[i] ?? '')].map((t) => font.widthOfTextAtSize(t, size) + 8),
    ),
  );
  const sum = natural.reduce((a, b) => a + b, 0);
  if (sum <= total) return natural.map((w) => (w / sum) * total);
  const widths = [...natural];
  let open = natural.map((_, i) => i);
  let remaining = total;
  for (;;) {
    const share = remaining / open.length;
    const narrow = open.filter((i) => natural[i] <= share);
    if (narrow.length === 0) {
      for (const i of open) widths[i] = share;
      return widths;
    }
    remaining -= narrow.reduce((a, i) => a + natural[i], 0);
    open = open.filter((i) => natural[i] > share);
  }
}

/** A text cut with … so that it stays inside its cell. */
function fit(font: PDFFont, text: string, width: number, size: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  const chars = [...text];
  while (chars.length && font.widthOfTextAtSize(`${chars.join('')}…`, size) > width) chars.pop();
  return `${chars.join('')}…`;
}

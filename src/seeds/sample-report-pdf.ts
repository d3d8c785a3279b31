import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
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
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(content.title);
  const font = await doc.embedFont(sansFont(), { subset: true });
  const page = doc.addPage([595.28, 841.89]);
  const left = 64;
  let y = 770;
  page.drawText(content.title, { x: left, y, size: 15, font });
  y -= 34;
  for (const line of content.lines) {
    page.drawText(line, { x: left, y, size: 10.5, font });
    y -= 20;
  }
  y -= 10;
  const widths = content.table.header.map((_, i, all) => (i === 0 ? 220 : (467 - 220) / (all.length - 1)));
  const row = (cells: string[], size: number) => {
    let x = left;
    page.drawLine({ start: { x: left, y: y + 16 }, end: { x: left + 467, y: y + 16 }, thickness: 0.6 });
    cells.forEach((cell, i) => {
      page.drawText(cell, { x: x + 4, y: y + 2, size, font, color: rgb(0, 0, 0) });
      x += widths[i];
    });
    y -= 22;
  };
  row(content.table.header, 10);
  for (const r of content.table.rows) row(r, 10);
  page.drawLine({ start: { x: left, y: y + 16 }, end: { x: left + 467, y: y + 16 }, thickness: 0.6 });
  return doc.save();
}

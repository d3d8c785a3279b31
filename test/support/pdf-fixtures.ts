import { PDFDocument, StandardFonts } from 'pdf-lib';

/** An A4 PDF of `pages` pages, each reading "<text> <page number>" (an upload or attachment to print). */
export async function samplePdf(pages: number, text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++)
    doc.addPage([595, 842]).drawText(`${text} ${i + 1}`, { x: 50, y: 700, font });
  return Buffer.from(await doc.save());
}

import mammoth from 'mammoth';
import { squash } from './pdf-inspect';

/** Printed on every page around the body: the 機密性 label, page numbers and draft watermarks. */
const PAGE_FURNITURE = [/^機密性\d$/, /^\d+ \/ \d+$/, /^案$/, /^下書き$/];

/**
 * The PDF's body text in content order, whitespace removed, without the page furniture and without
 * the table header rows the printer repeats at the top of a continued page (Word repeats them too,
 * but as the same row: a reader sees it once).
 */
export async function pdfBodyText(pdf: Uint8Array, repeatedHeaders: readonly string[] = []): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    isEvalSupported: false,
  });
  const doc = await task.promise;
  try {
    let text = '';
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      let page = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        if (PAGE_FURNITURE.some((re) => re.test(item.str.trim()))) continue;
        page += item.str;
      }
      page = squash(page);
      const repeated = n > 1 ? repeatedHeaders.find((h) => h !== '' && page.startsWith(h)) : undefined;
      text += repeated ? page.slice(repeated.length) : page;
    }
    return text;
  } finally {
    await task.destroy();
  }
}

/** The text of each table's header rows in the .docx (the rows Word repeats on every page). */
export async function docxHeaderRows(docx: Buffer): Promise<string[]> {
  const { value: html } = await mammoth.convertToHtml({ buffer: docx });
  return [...html.matchAll(/<thead>([\s\S]*?)<\/thead>/g)].map((m) => squash(m[1].replace(/<[^>]+>/g, '')));
}

/** The .docx body text as an independent reader (mammoth) sees it, whitespace removed. */
export async function docxText(docx: Buffer): Promise<string> {
  return squash((await mammoth.extractRawText({ buffer: docx })).value);
}

import mammoth from 'mammoth';
import { pageTextItems, squash } from './pdf-inspect';

/** Printed on every page around the body: the 機密性 label, page numbers and draft watermarks. */
const PAGE_FURNITURE = [/^機密性\d$/, /^\d+ \/ \d+$/, /^案$/, /^下書き$/];

/**
 * The PDF's body text in content order, whitespace removed, without the page furniture and without
 * the table header rows the printer repeats at the top of a continued page (Word repeats them too,
 * but as the same row: a reader sees it once).
 */
export async function pdfBodyText(pdf: Uint8Array, repeatedHeaders: readonly string[] = []): Promise<string> {
  let text = '';
  for (const [n, items] of (await pageTextItems(pdf)).entries()) {
    let page = '';
    for (const item of items) {
      if (PAGE_FURNITURE.some((re) => re.test(item.str.trim()))) continue;
      page += item.str;
    }
    page = squash(page);
    const repeated = n > 0 ? repeatedHeaders.find((h) => h !== '' && page.startsWith(h)) : undefined;
    text += repeated ? page.slice(repeated.length) : page;
  }
  return text;
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

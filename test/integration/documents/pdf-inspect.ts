import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream } from 'pdf-lib';

/** The text items of each page, in content order, as pdfjs extracts them. */
export async function pageTextItems(pdf: Uint8Array): Promise<{ str: string; hasEOL: boolean }[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    isEvalSupported: false,
  });
  const doc = await task.promise;
  try {
    const pages: { str: string; hasEOL: boolean }[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(
        content.items.flatMap((item) => ('str' in item ? [{ str: item.str, hasEOL: item.hasEOL }] : [])),
      );
    }
    return pages;
  } finally {
    await task.destroy();
  }
}

/** Text of each page, in content order, as pdfjs extracts it (what copy-paste and search see). */
export async function extractPageTexts(pdf: Uint8Array): Promise<string[]> {
  return (await pageTextItems(pdf)).map((items) =>
    items.map((item) => item.str + (item.hasEOL ? '\n' : '')).join(''),
  );
}

/** Removes whitespace so wrapped lines compare equal to the source text. */
export function squash(text: string): string {
  // Skia maps the glyph of ・ (U+30FB) back to ‧ (U+2027), which shares it in Noto JP.
  return text.replace(/\s+/g, '').replace(/\u2027/g, '・');
}

/** The whole PDF's text squashed (pages together): what `toContain` checks of printed wording read. */
export async function squashedText(pdf: Uint8Array): Promise<string> {
  return squash((await extractPageTexts(pdf)).join(''));
}

/** Expects the PDF's squashed text to hold each of `wording` (squashed alike); the text, for more checks. */
export async function expectPdfWording(pdf: Uint8Array, wording: readonly string[]): Promise<string> {
  const text = await squashedText(pdf);
  for (const s of wording) expect(text).toContain(squash(s));
  return text;
}

export interface FontInfo {
  readonly name: string;
  readonly subtype: string;
  /** A font program (FontFile/FontFile2/FontFile3) is embedded. */
  readonly embedded: boolean;
}

/** Every font dictionary in the PDF, with whether its program is embedded. */
export async function listFonts(pdf: Uint8Array): Promise<FontInfo[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const fonts: FontInfo[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object instanceof PDFStream) continue;
    if (object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = String(object.get(PDFName.of('Subtype')) ?? '');
    if (subtype === '/CIDFontType2' || subtype === '/CIDFontType0') continue; // checked through their Type0 parent
    let descriptorHolder: PDFDict = object;
    if (subtype === '/Type0') {
      const descendants = object.lookup(PDFName.of('DescendantFonts'), PDFArray);
      descriptorHolder = doc.context.lookup(descendants.get(0) as PDFRef, PDFDict);
    }
    const descriptor = descriptorHolder.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some(
      (k) => descriptor?.get(PDFName.of(k)) !== undefined,
    );
    fonts.push({ name: String(object.get(PDFName.of('BaseFont')) ?? ''), subtype, embedded });
  }
  return fonts;
}

import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFPage,
  PDFRef,
  ParseSpeeds,
  rgb,
  type PDFFont,
} from 'pdf-lib';
import { DocumentErrors } from '../documents.errors';
import type { FontKind, FontWeight, ProvisionedFonts } from '../fonts/font-provisioner';

/** A PDF to merge, with the name a clerk recognises (file name or document title). */
export interface PdfInput {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** An input that could not be read; the rest of the merge goes on without it. */
export interface SkippedInput {
  readonly name: string;
  /** Japanese, for the clerk. */
  readonly reason: string;
}

/** 0-based, inclusive page range. */
export interface PageRange {
  readonly from: number;
  readonly to: number;
}

export interface OutlineEntry {
  readonly title: string;
  /** 0-based page the bookmark opens. */
  readonly pageIndex: number;
}

/** One numbered material of a packet (資料N): its documents in order. */
export interface PacketMaterial {
  /** 資料1 (stamped top-right on each of its pages); empty for unnumbered parts such as the agenda. */
  readonly label: string;
  readonly title: string;
  readonly parts: readonly PdfInput[];
}

export interface AssembledPacket {
  readonly pdf: Buffer;
  readonly pageCount: number;
  readonly materials: ReadonlyArray<{ label: string; title: string; firstPage: number; pageCount: number }>;
  readonly skipped: readonly SkippedInput[];
}

const MM = 72 / 25.4;

/** Draws Japanese text with the provisioned TTF subsets, one embedded font per subset file used. */
class TextPainter {
  private readonly embedded = new Map<string, Promise<PDFFont>>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: ProvisionedFonts,
  ) {}

  /** Splits text into runs that one subset file can draw. */
  private async runs(
    text: string,
    kind: FontKind,
    weight: FontWeight,
  ): Promise<Array<{ text: string; font: PDFFont }>> {
    const runs: Array<{ text: string; file: string }> = [];
    for (const ch of text) {
      const file =
        this.fonts.fileFor(kind, weight, ch.codePointAt(0) ?? 0) ?? this.fonts.fileFor(kind, weight, 0x3013);
      if (!file) throw new Error(`no font for ${ch}`);
      const last = runs[runs.length - 1];
      if (last && last.file === file) last.text += ch;
      else runs.push({ text: ch, file });
    }
    return Promise.all(runs.map(async (r) => ({ text: r.text, font: await this.font(r.file) })));
  }

  private font(file: string): Promise<PDFFont> {
    let font = this.embedded.get(file);
    if (!font) {
      font = this.doc.embedFont(readFileSync(file), { subset: true });
      this.embedded.set(file, font);
    }
    return font;
  }

  async width(text: string, size: number, kind: FontKind, weight: FontWeight): Promise<number> {
    const runs = await this.runs(text, kind, weight);
    return runs.reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);
  }

  async draw(
    page: PDFPage,
    text: string,
    x: number,
    y: number,
    size: number,
    kind: FontKind,
    weight: FontWeight,
  ) {
    let at = x;
    for (const run of await this.runs(text, kind, weight)) {
      page.drawText(run.text, { x: at, y, size, font: run.font, color: rgb(0, 0, 0) });
      at += run.font.widthOfTextAtSize(run.text, size);
    }
  }
}

function describeLoadError(e: unknown): string {
  const message = e instanceof Error ? `${e.name} ${e.message}` : String(e);
  if (/encrypt/i.test(message)) return 'パスワード保護（暗号化）されているため読み込めません。';
  return 'PDF ファイルとして読み込めません（ファイルが壊れているか、PDF ではありません）。';
}

/**
 * PDF assembly with pdf-lib: merge, stamp 資料N, continuous page numbers, bookmarks. Japanese text is
 * drawn with the same Noto JP subsets the renderer uses (embedded through @pdf-lib/fontkit).
 */
export class PdfTools {
  /** One painter per document, so each font subset file is embedded once however many stamps use it. */
  private readonly painters = new WeakMap<PDFDocument, TextPainter>();

  constructor(private readonly fonts: ProvisionedFonts) {}

  /** Loads a PDF or explains in Japanese why it cannot be used. */
  async load(input: PdfInput): Promise<PDFDocument | SkippedInput> {
    try {
      // Parse in one go: pdf-lib's default yields to the event loop (a timer) every 100 objects.
      const doc = await PDFDocument.load(input.bytes, {
        updateMetadata: false,
        parseSpeed: ParseSpeeds.Fastest,
      });
      if (doc.getPageCount() === 0) return { name: input.name, reason: 'ページが 1 枚もありません。' };
      return doc;
    } catch (e) {
      return { name: input.name, reason: describeLoadError(e) };
    }
  }

  /** Appends every readable input in order; unreadable ones are skipped and reported. */
  async merge(inputs: readonly PdfInput[]): Promise<{
    doc: PDFDocument;
    ranges: Array<{ name: string; range: PageRange }>;
    skipped: SkippedInput[];
  }> {
    if (inputs.length === 0) throw DocumentErrors.noPdfInput();
    const doc = await this.create();
    const ranges: Array<{ name: string; range: PageRange }> = [];
    const skipped: SkippedInput[] = [];
    for (const input of inputs) {
      const appended = await this.append(doc, input);
      if ('reason' in appended) skipped.push(appended);
      else ranges.push({ name: input.name, range: appended });
    }
    if (ranges.length === 0) throw DocumentErrors.allInputsUnreadable(skipped.map((s) => s.name));
    return { doc, ranges, skipped };
  }

  /** Stamps a boxed label (資料N) in the top-right corner of the given pages. */
  async stampLabel(doc: PDFDocument, label: string, ranges: readonly PageRange[]): Promise<void> {
    const painter = this.painter(doc);
    const size = 12;
    const textWidth = await painter.width(label, size, 'sans', 700);
    const padX = 2.5 * MM;
    const boxW = textWidth + padX * 2;
    const boxH = size + 2.2 * MM;
    for (const index of this.pageIndices(doc, ranges)) {
      const page = doc.getPage(index);
      const { width, height } = page.getSize();
      const x = width - 12 * MM - boxW;
      const y = height - 7 * MM - boxH;
      page.drawRectangle({
        x,
        y,
        width: boxW,
        height: boxH,
        borderColor: rgb(0, 0, 0),
        borderWidth: 0.8,
        color: rgb(1, 1, 1),
      });
      await painter.draw(page, label, x + padX, y + (boxH - size) / 2 + size * 0.14, size, 'sans', 700);
    }
  }

  /** Continuous page numbers (「- 12 -」) at the bottom right, below any footer of the documents. */
  async numberPages(
    doc: PDFDocument,
    format: (n: number, total: number) => string = (n) => `- ${n} -`,
  ): Promise<void> {
    const painter = this.painter(doc);
    const total = doc.getPageCount();
    const size = 9;
    for (let i = 0; i < total; i++) {
      const page = doc.getPage(i);
      const text = format(i + 1, total);
      const w = await painter.width(text, size, 'sans', 400);
      await painter.draw(page, text, page.getSize().width - 12 * MM - w, 6 * MM, size, 'sans', 400);
    }
  }

  /** Writes a flat /Outlines tree (pdf-lib has no outline API) and opens the bookmarks panel. */
  addOutline(doc: PDFDocument, entries: readonly OutlineEntry[]): void {
    if (entries.length === 0) return;
    const context = doc.context;
    const outlinesRef = context.nextRef();
    const refs = entries.map(() => context.nextRef());
    entries.forEach((entry, i) => {
      const page = doc.getPage(Math.min(Math.max(entry.pageIndex, 0), doc.getPageCount() - 1));
      const item = context.obj({
        Title: PDFHexString.fromText(entry.title),
        Parent: outlinesRef,
        Dest: context.obj([page.ref, PDFName.of('XYZ'), PDFNull, PDFNull, PDFNull]),
      });
      if (i > 0) item.set(PDFName.of('Prev'), refs[i - 1]);
      if (i < refs.length - 1) item.set(PDFName.of('Next'), refs[i + 1]);
      context.assign(refs[i], item);
    });
    context.assign(
      outlinesRef,
      context.obj({
        Type: 'Outlines',
        First: refs[0],
        Last: refs[refs.length - 1],
        Count: PDFNumber.of(refs.length),
      }),
    );
    doc.catalog.set(PDFName.of('Outlines'), outlinesRef);
    doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  }

  /**
   * One packet PDF: materials in order, each stamped with its label, a bookmark per material,
   * continuous page numbers. An unreadable part is replaced by a notice page naming the file.
   */
  async assemblePacket(materials: readonly PacketMaterial[]): Promise<AssembledPacket> {
    if (materials.every((m) => m.parts.length === 0)) throw DocumentErrors.noPdfInput();
    const doc = await this.create();
    const skipped: SkippedInput[] = [];
    const placed: Array<{ label: string; title: string; firstPage: number; pageCount: number }> = [];
    for (const material of materials) {
      const firstPage = doc.getPageCount();
      for (const part of material.parts) {
        const appended = await this.append(doc, part);
        if ('reason' in appended) {
          skipped.push(appended);
          await this.addNoticePage(doc, material, appended);
        }
      }
      const pageCount = doc.getPageCount() - firstPage;
      if (pageCount === 0) continue;
      if (material.label)
        await this.stampLabel(doc, material.label, [{ from: firstPage, to: firstPage + pageCount - 1 }]);
      placed.push({ label: material.label, title: material.title, firstPage, pageCount });
    }
    await this.numberPages(doc);
    this.addOutline(
      doc,
      placed.map((m) => ({ title: m.label ? `${m.label}　${m.title}` : m.title, pageIndex: m.firstPage })),
    );
    // Written in one go for the same reason (a packet has thousands of objects).
    const pdf = Buffer.from(await doc.save({ objectsPerTick: Infinity }));
    return { pdf, pageCount: doc.getPageCount(), materials: placed, skipped };
  }

  private async create(): Promise<PDFDocument> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    return doc;
  }

  private painter(doc: PDFDocument): TextPainter {
    let painter = this.painters.get(doc);
    if (!painter) {
      painter = new TextPainter(doc, this.fonts);
      this.painters.set(doc, painter);
    }
    return painter;
  }

  private async append(doc: PDFDocument, input: PdfInput): Promise<PageRange | SkippedInput> {
    const source = await this.load(input);
    if ('reason' in source) return source;
    try {
      const pages = await doc.copyPages(source, source.getPageIndices());
      const from = doc.getPageCount();
      for (const page of pages) doc.addPage(page);
      return { from, to: from + pages.length - 1 };
    } catch (e) {
      return { name: input.name, reason: describeLoadError(e) };
    }
  }

  private async addNoticePage(
    doc: PDFDocument,
    material: PacketMaterial,
    skipped: SkippedInput,
  ): Promise<void> {
    const painter = this.painter(doc);
    const page = doc.addPage([210 * MM, 297 * MM]);
    const lines = [
      `${material.label ? `${material.label}　` : ''}${material.title}`,
      `添付ファイル「${skipped.name}」は結合できませんでした。`,
      skipped.reason,
      '事務局にお問い合わせください。',
    ];
    let y = 297 * MM - 40 * MM;
    for (const [i, line] of lines.entries()) {
      await painter.draw(page, line, 25 * MM, y, i === 0 ? 13 : 11, 'sans', i === 0 ? 700 : 400);
      y -= 10 * MM;
    }
  }

  private *pageIndices(doc: PDFDocument, ranges: readonly PageRange[]): Generator<number> {
    const last = doc.getPageCount() - 1;
    for (const r of ranges) {
      for (let i = Math.max(0, r.from); i <= Math.min(r.to, last); i++) yield i;
    }
  }
}

/** Bookmark titles of a PDF, in order (for tests and checks of produced packets). */
export function readOutlineTitles(doc: PDFDocument): string[] {
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const titles: string[] = [];
  let ref = outlines?.get(PDFName.of('First'));
  const seen = new Set<string>();
  while (ref instanceof PDFRef && !seen.has(ref.toString())) {
    seen.add(ref.toString());
    const item = doc.context.lookup(ref, PDFDict);
    const title = item.get(PDFName.of('Title'));
    if (title instanceof PDFHexString) titles.push(title.decodeText());
    else if (title) titles.push(String(title));
    ref = item.get(PDFName.of('Next'));
  }
  return titles;
}

/** Page index each bookmark opens, in order. */
export function readOutlinePages(doc: PDFDocument): number[] {
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const pageRefs = doc.getPages().map((p) => p.ref.toString());
  const result: number[] = [];
  let ref = outlines?.get(PDFName.of('First'));
  while (ref instanceof PDFRef) {
    const item = doc.context.lookup(ref, PDFDict);
    const dest = item.lookupMaybe(PDFName.of('Dest'), PDFArray);
    const target = dest?.get(0);
    result.push(target instanceof PDFRef ? pageRefs.indexOf(target.toString()) : -1);
    ref = item.get(PDFName.of('Next'));
    if (result.length > 10_000) break;
  }
  return result;
}

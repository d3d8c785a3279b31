import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  PositionalTab,
  PositionalTabAlignment,
  PositionalTabLeader,
  PositionalTabRelativeTo,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { HTMLElement, parse, TextNode, type Node } from 'node-html-parser';
import { CssCascade, type ComputedStyle } from './css-cascade';
import {
  alignmentOf,
  cssUnquote,
  indentOf,
  intAttr,
  isBold,
  MM,
  pageMargins,
  type Piece,
  toRuns,
  toTwips,
  trimEdges,
  WORD_FONTS,
} from './docx-units';

const A4 = { width: 11906, height: 16838 }; // twips
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'div',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'section',
  'table',
  'ul',
  'dl',
  'dt',
  'dd',
  'hr',
]);
const SKIPPED_TAGS = new Set(['style', 'script', 'title', 'head', 'colgroup', 'col', 'template']);
const HEADINGS: Record<string, (typeof HeadingLevel)[keyof typeof HeadingLevel]> = {
  h1: HeadingLevel.HEADING_1,
  h2: HeadingLevel.HEADING_2,
  h3: HeadingLevel.HEADING_3,
};

type Block = Paragraph | Table;

interface Context {
  /** Left indent in twips (nested lists and program sections). */
  readonly indent: number;
  /** Usable width in twips for tables at this level. */
  readonly width: number;
}

/**
 * Converts one printed paper's HTML (the very HTML the PDF is printed from) into a Word document:
 * headings, paragraphs, line breaks, bold and the ゴシック family, tables with header rows and
 * merged cells, list markers, page breaks (`break-before: page`), the running header (機密性 label
 * and any fixed-position mark such as the draft watermark) and the page-number footer of the
 * document's own `@page` rules, A4 with the same margins.
 */
export async function htmlToDocx(html: string, options: { title?: string } = {}): Promise<Buffer> {
  return new HtmlToDocx(html).toBuffer(options.title);
}

class HtmlToDocx {
  private readonly root: HTMLElement;
  private readonly css: string;
  private readonly cascade: CssCascade;
  private readonly fixed: string[] = [];
  private emitted = 0;
  private pendingBreak = false;

  constructor(html: string) {
    this.root = parse(html, { comment: false, blockTextElements: { style: true, script: true } });
    this.css = this.root
      .querySelectorAll('style')
      .map((s) => s.rawText)
      .join('\n');
    this.cascade = new CssCascade(this.css);
  }

  async toBuffer(title?: string): Promise<Buffer> {
    const margin = pageMargins(this.css);
    const body = this.root.querySelector('body') ?? this.root;
    const bodyStyle = this.cascade.compute(body, {});
    const width = A4.width - margin.left - margin.right;
    const children = this.blocks(body, bodyStyle, { indent: 0, width });
    if (children.length === 0) children.push(new Paragraph(''));
    const doc = new Document({
      title: title ?? this.root.querySelector('title')?.text ?? '',
      styles: {
        default: {
          document: { run: { font: WORD_FONTS.serif, size: 21 }, paragraph: { spacing: { after: 60 } } },
          heading1: {
            run: { font: WORD_FONTS.sans, size: 28, bold: true, color: '000000' },
            paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 240 } },
          },
          heading2: {
            run: { font: WORD_FONTS.sans, size: 24, bold: true, color: '000000' },
            paragraph: { spacing: { before: 240, after: 120 } },
          },
          heading3: {
            run: { font: WORD_FONTS.sans, size: 22, bold: true, color: '000000' },
            paragraph: { spacing: { before: 160, after: 80 } },
          },
        },
      },
      sections: [
        {
          properties: {
            page: {
              size: A4,
              margin: { ...margin, header: Math.round(8 * MM), footer: Math.round(6 * MM) },
            },
          },
          headers: { default: new Header({ children: [this.header()] }) },
          footers: { default: new Footer({ children: [this.footer()] }) },
          children,
        },
      ],
    });
    return Packer.toBuffer(doc);
  }

  /** The 機密性 label of `@top-left`, boxed, and any fixed-position mark (watermark) at the right. */
  private header(): Paragraph {
    const label = /@top-left\s*\{[^}]*?content:\s*("(?:[^"\\]|\\.)*")/.exec(this.css)?.[1];
    const runs: TextRun[] = [];
    if (label) {
      runs.push(
        new TextRun({
          text: cssUnquote(label),
          font: WORD_FONTS.sans,
          bold: true,
          size: 17,
          border: { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 1 },
        }),
      );
    }
    const marks = this.fixed.filter((t) => t !== '');
    if (marks.length > 0) {
      runs.push(
        new TextRun({
          children: [
            new PositionalTab({
              alignment: PositionalTabAlignment.RIGHT,
              relativeTo: PositionalTabRelativeTo.MARGIN,
              leader: PositionalTabLeader.NONE,
            }),
            marks.join(' '),
          ],
          font: WORD_FONTS.sans,
          bold: true,
          size: 40,
          color: 'A6A6A6',
        }),
      );
    }
    return new Paragraph({ children: runs });
  }

  /** `@bottom-center { content: counter(page) " / " counter(pages) }` as Word page fields. */
  private footer(): Paragraph {
    const content = /@bottom-center\s*\{[^}]*?content:\s*([^;}]*)/.exec(this.css)?.[1] ?? '';
    const parts: (string | (typeof PageNumber)[keyof typeof PageNumber])[] = [];
    for (const token of content.matchAll(/counter\(\s*(pages?)\s*\)|("(?:[^"\\]|\\.)*")/g)) {
      if (token[1] === 'page') parts.push(PageNumber.CURRENT);
      else if (token[1] === 'pages') parts.push(PageNumber.TOTAL_PAGES);
      else if (token[2]) parts.push(cssUnquote(token[2]));
    }
    return new Paragraph({
      alignment: AlignmentType.CENTER,
      children: parts.length > 0 ? [new TextRun({ children: parts, font: WORD_FONTS.sans, size: 18 })] : [],
    });
  }

  /**
   * The blocks of a container: inline text gathered into paragraphs, block children recursed into.
   * `marker` (a list item's number) opens the first paragraph.
   */
  private blocks(el: HTMLElement, style: ComputedStyle, ctx: Context, marker?: string): Block[] {
    const out: Block[] = [];
    let pieces: Piece[] = [];
    let pendingMarker = marker;
    const flush = () => {
      if (pendingMarker && pieces.some((p) => p.text.trim() !== '')) {
        pieces.unshift({ text: `${pendingMarker} `, lineBreak: false, bold: false, sans: false });
        pendingMarker = undefined;
      }
      const paragraph = this.paragraph(el, style, ctx, pieces);
      if (paragraph) out.push(paragraph);
      pieces = [];
    };
    const flexible = style.display === 'flex' || style.display === 'grid';
    const list = el.rawTagName?.toLowerCase();
    let item = 0;
    for (const child of el.childNodes) {
      if (child instanceof TextNode) {
        this.inline(child, style, pieces);
        continue;
      }
      if (!(child instanceof HTMLElement)) continue;
      const tag = child.rawTagName?.toLowerCase() ?? '';
      if (SKIPPED_TAGS.has(tag)) continue;
      const childStyle = this.cascade.compute(child, style);
      if (childStyle.display === 'none') continue;
      if (childStyle.position === 'fixed' || childStyle.position === 'absolute') {
        this.fixed.push(child.text.trim());
        continue;
      }
      if (BLOCK_TAGS.has(tag) || /^(block|flex|grid|list-item|table)$/.test(childStyle.display ?? '')) {
        flush();
        if (/^(page|always)$/.test(childStyle.breakBefore ?? '') && this.emitted > 0)
          this.pendingBreak = true;
        const indent = ctx.indent + indentOf(childStyle);
        let childMarker = pendingMarker;
        pendingMarker = undefined;
        if (tag === 'li') {
          item++;
          // Browsers number an `ol` and bullet a `ul` unless the stylesheet says `list-style: none`.
          if (!/\bnone\b/.test(childStyle.listStyle ?? '')) childMarker = list === 'ol' ? `${item}.` : '・';
        }
        if (tag === 'table') out.push(...this.table(child, childStyle, { ...ctx, indent }));
        else out.push(...this.blocks(child, childStyle, { ...ctx, indent }, childMarker));
        continue;
      }
      // Flex and grid items sit apart on the page (gap); a full-width space keeps them apart in Word.
      if (flexible && pieces.length > 0)
        pieces.push({ text: '\u3000', lineBreak: false, bold: false, sans: false });
      if (tag === 'br') {
        pieces.push({ text: '', lineBreak: true, bold: false, sans: false });
        continue;
      }
      this.inlineElement(child, childStyle, pieces);
    }
    flush();
    return out;
  }

  private inlineElement(el: HTMLElement, style: ComputedStyle, pieces: Piece[]): void {
    for (const child of el.childNodes) {
      if (child instanceof TextNode) this.inline(child, style, pieces);
      else if (child instanceof HTMLElement) {
        const tag = child.rawTagName?.toLowerCase() ?? '';
        if (tag === 'br') pieces.push({ text: '', lineBreak: true, bold: false, sans: false });
        else if (!SKIPPED_TAGS.has(tag))
          this.inlineElement(child, this.cascade.compute(child, style), pieces);
      }
    }
  }

  /** Text as the browser lays it out: collapsed whitespace, or kept lines under `white-space: pre*`. */
  private inline(node: Node, style: ComputedStyle, pieces: Piece[]): void {
    const raw = node.text;
    const bold = isBold(style.fontWeight);
    const sans = /sans|gothic/i.test(style.fontFamily ?? '');
    if (!/^pre/.test(style.whiteSpace ?? '')) {
      const text = raw.replace(/[ \t\r\n\f]+/g, ' ');
      if (text !== '') pieces.push({ text, lineBreak: false, bold, sans });
      return;
    }
    raw.split(/\r?\n/).forEach((line, i) => pieces.push({ text: line, lineBreak: i > 0, bold, sans }));
  }

  private paragraph(el: HTMLElement, style: ComputedStyle, ctx: Context, pieces: Piece[]): Paragraph | null {
    const pre = /^pre/.test(style.whiteSpace ?? '');
    if (pieces.length === 0 || (!pre && pieces.every((p) => !p.lineBreak && p.text.trim() === '')))
      return null;
    if (!pre) trimEdges(pieces);
    const tag = el.rawTagName?.toLowerCase() ?? '';
    return this.emit(
      new Paragraph({
        children: toRuns(pieces),
        heading: HEADINGS[tag],
        alignment: alignmentOf(style.textAlign),
        indent: ctx.indent > 0 ? { left: ctx.indent } : undefined,
        pageBreakBefore: this.takeBreak() || undefined,
        keepNext: HEADINGS[tag] ? true : undefined,
      }),
    );
  }

  private table(el: HTMLElement, style: ComputedStyle, ctx: Context): Block[] {
    const rows: { el: HTMLElement; header: boolean }[] = [];
    for (const part of el.childNodes) {
      if (!(part instanceof HTMLElement)) continue;
      const tag = part.rawTagName.toLowerCase();
      if (tag === 'tr') rows.push({ el: part, header: false });
      else if (tag === 'thead' || tag === 'tbody' || tag === 'tfoot')
        for (const tr of part.childNodes)
          if (tr instanceof HTMLElement && tr.rawTagName.toLowerCase() === 'tr')
            rows.push({ el: tr, header: tag === 'thead' });
    }
    if (rows.length === 0) return [];
    const width = Math.max(1000, ctx.width - ctx.indent);
    const widths = this.columnWidths(
      el,
      style,
      rows.map((r) => r.el),
      width,
    );
    const before: Block[] = [];
    if (this.takeBreak()) before.push(new Paragraph({ pageBreakBefore: true }));
    let borderless = true;
    const tableRows = rows.map(({ el: tr, header }) => {
      const trStyle = this.cascade.compute(tr, style);
      const cells = tr.childNodes
        .filter((c): c is HTMLElement => c instanceof HTMLElement && /^t[hd]$/i.test(c.rawTagName))
        .map((cell) => {
          const cellStyle = this.cascade.compute(cell, trStyle);
          const framed = !/^none\b/.test(cellStyle.border ?? '');
          if (framed) borderless = false;
          const inner = this.blocks(cell, cellStyle, { indent: 0, width });
          return new TableCell({
            children: inner.length > 0 ? inner : [new Paragraph('')],
            columnSpan: intAttr(cell, 'colspan'),
            rowSpan: intAttr(cell, 'rowspan'),
            shading:
              framed && cell.rawTagName.toLowerCase() === 'th'
                ? { type: ShadingType.CLEAR, fill: 'EFEFEF', color: 'auto' }
                : undefined,
          });
        });
      return new TableRow({ children: cells, tableHeader: header || undefined, cantSplit: true });
    });
    // Borders and cell padding once per table (the papers frame every cell, or none at all).
    const line = borderless
      ? { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
      : { style: BorderStyle.SINGLE, size: 4, color: '000000' };
    this.emitted++;
    return [
      ...before,
      new Table({
        rows: tableRows,
        width: { size: width, type: WidthType.DXA },
        columnWidths: widths,
        indent: ctx.indent > 0 ? { size: ctx.indent, type: WidthType.DXA } : undefined,
        borders: {
          top: line,
          bottom: line,
          left: line,
          right: line,
          insideHorizontal: line,
          insideVertical: line,
        },
        margins: { top: 40, bottom: 40, left: 100, right: 100 },
      }),
      // Word joins adjacent tables into one; a paragraph keeps them apart as the printed page does.
      new Paragraph({ spacing: { after: 0 }, children: [] }),
    ];
  }

  /** Column widths from `<col>` and single-column cells' CSS widths (mm, %); the rest shared equally. */
  private columnWidths(el: HTMLElement, style: ComputedStyle, rows: HTMLElement[], total: number): number[] {
    const grid: (number | null)[] = [];
    const cols = el.querySelectorAll('colgroup > col');
    cols.forEach((col, i) => (grid[i] = toTwips(this.cascade.compute(col, style).width, total)));
    const occupied: boolean[][] = [];
    let columns = cols.length;
    rows.forEach((tr, r) => {
      let c = 0;
      for (const cell of tr.childNodes) {
        if (!(cell instanceof HTMLElement) || !/^t[hd]$/i.test(cell.rawTagName)) continue;
        while (occupied[r]?.[c]) c++;
        const span = intAttr(cell, 'colspan') ?? 1;
        const down = intAttr(cell, 'rowspan') ?? 1;
        for (let y = r; y < r + down; y++) for (let x = c; x < c + span; x++) (occupied[y] ??= [])[x] = true;
        if (span === 1 && grid[c] == null) {
          grid[c] = toTwips(this.cascade.compute(cell, this.cascade.compute(tr, style)).width, total);
        }
        c += span;
      }
      columns = Math.max(columns, c, occupied[r]?.length ?? 0);
    });
    const fixed = grid.slice(0, columns).reduce<number>((s, w) => s + (w ?? 0), 0);
    const free = Array.from({ length: columns }, (_, i) => grid[i]).filter((w) => w == null).length;
    const share = free > 0 ? Math.max(300, Math.floor((total - fixed) / free)) : 0;
    const widths = Array.from({ length: columns }, (_, i) => grid[i] ?? share);
    const sum = widths.reduce((s, w) => s + w, 0);
    return sum > total ? widths.map((w) => Math.floor((w * total) / sum)) : widths;
  }

  private emit(p: Paragraph): Paragraph {
    this.emitted++;
    return p;
  }

  private takeBreak(): boolean {
    const pending = this.pendingBreak;
    this.pendingBreak = false;
    return pending;
  }
}

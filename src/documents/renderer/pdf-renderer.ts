/**
 * One document ready for printing. Page size, margins, running header and footer come from the
 * document's own CSS (`@page` with margin boxes).
 */
export interface PrintableDocument {
  /** Complete HTML document; every asset inlined (`data:` URLs). */
  readonly html: string;
}

export interface RenderOptions {
  /** Overrides the configured limit for this document (queue wait excluded). */
  readonly timeoutMs?: number;
  /**
   * Tagged (accessible) PDF with a structure tree, e.g. for documents published on the web.
   * Off by default: it costs ~60 ms on a 7-page case document.
   */
  readonly tagged?: boolean;
}

/** Turns HTML into PDF. Small on purpose, so tests and callers can swap it. */
export interface PdfRenderer {
  render(document: PrintableDocument, options?: RenderOptions): Promise<Buffer>;
}

export const PDF_RENDERER = Symbol('PDF_RENDERER');

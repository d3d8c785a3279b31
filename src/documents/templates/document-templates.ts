import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { compileTemplates, registerHelpers } from '../../views/view-renderer';
import type { CaseDocumentView, DocumentMeta } from '../case-document.view';
import { DocumentErrors } from '../documents.errors';
import type { FontKind } from '../fonts/font-provisioner';
import type { PrintableDocument } from '../renderer/pdf-renderer';
import { rooftopGreeningCase } from '../sample-case-document';
import { confidentialityLabel, registerDocumentHelpers } from './document-helpers';

export interface DocumentTemplateOptions {
  /** `templates/documents` */
  readonly dir: string;
  /** CSS font stacks of the provisioned fonts. */
  readonly fontStacks: Readonly<Record<FontKind, string>>;
}

/**
 * Document templates (Handlebars) compiled once. Layout: `layouts/`, partials: `partials/`,
 * running header/footer as CSS page-margin boxes, one shared stylesheet `styles/document.css` inlined into every
 * document. Templates print user data with `{{ }}` only (escaped).
 */
export class DocumentTemplates {
  private readonly hb = Handlebars.create();
  private readonly templates: Map<string, Handlebars.TemplateDelegate>;
  private readonly styles: Handlebars.SafeString;
  private readonly stacks: Readonly<Record<FontKind, string>>;

  constructor(options: DocumentTemplateOptions) {
    registerHelpers(this.hb);
    registerDocumentHelpers(this.hb);
    this.stacks = options.fontStacks;
    this.templates = compileTemplates(this.hb, options.dir, { strict: true });
    const css = readFileSync(join(options.dir, 'styles', 'document.css'), 'utf8');
    // Our own stylesheet and font names (never user data) go in unescaped.
    const fonts = `:root { --font-serif: ${this.stacks.serif}; --font-sans: ${this.stacks.sans}; }`;
    this.styles = new Handlebars.SafeString(`<style>\n${fonts}\n${css}</style>`);
  }

  /** The case document (諮問・報告事項). */
  caseDocument(view: CaseDocumentView): PrintableDocument {
    return this.document('case-document', view as unknown as Record<string, unknown>, view.meta, view.title);
  }

  /** The same HTML the PDF is made from, for an in-browser preview. */
  caseDocumentHtml(view: CaseDocumentView): string {
    return this.caseDocument(view).html;
  }

  /** Any document template under `templates/documents/<name>.hbs`, framed by `layouts/base`. */
  document(
    name: string,
    context: Record<string, unknown>,
    meta: DocumentMeta,
    title: string,
  ): PrintableDocument {
    const body = this.template(name)(context);
    return {
      html: this.template('layouts/base')({
        meta,
        title,
        styles: this.styles,
        pageStyle: new Handlebars.SafeString(this.pageStyle(meta)),
        body: new Handlebars.SafeString(body),
      }),
    };
  }

  /**
   * The running header (機密性N, top left, boxed) and footer (N / M) as CSS page-margin boxes: Chromium
   * prints them with the page itself, where header/footer templates cost a second layout per page
   * (~30% of the print time of a 7-page case document).
   */
  private pageStyle(meta: DocumentMeta): string {
    const label = confidentialityLabel(meta.confidentialityLevel);
    const header = label
      ? `@top-left { content: ${cssString(label)}; font-family: ${this.stacks.sans}; font-size: 8.5pt;` +
        ' font-weight: 700; border: 0.6pt solid #000; padding: 0 2mm; width: max-content; height: 5mm;' +
        ' margin: auto 0 4mm 0; vertical-align: middle; }'
      : '';
    const footer =
      `@bottom-center { content: counter(page) " / " counter(pages); font-family: ${this.stacks.sans};` +
      ' font-size: 9pt; }';
    return `<style>@page { ${header} ${footer} }</style>`;
  }

  /**
   * A complete case document (the sample rooftop-greening case, with its tables, both fonts and
   * weights, header and footer), printed on every new pool page: the first real document then finds
   * fonts, layout and PDF code already warm.
   */
  warmupDocument(): PrintableDocument {
    return this.caseDocument(
      rooftopGreeningCase({ meta: { ...rooftopGreeningCase().meta, draftMark: '案' } }),
    );
  }

  private template(name: string): Handlebars.TemplateDelegate {
    const template = this.templates.get(name);
    if (!template) throw DocumentErrors.templateNotFound(name);
    return template;
  }
}

/** A CSS string literal; our labels only, but quoted safely all the same. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

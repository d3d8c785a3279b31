import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { registerHelpers } from '../../web/view-renderer';
import type { CaseDocumentView, DocumentMeta } from '../case-document.view';
import { DocumentErrors } from '../documents.errors';
import type { FontKind } from '../fonts/font-provisioner';
import type { PrintableDocument } from '../renderer/pdf-renderer';
import { registerDocumentHelpers } from './document-helpers';

export interface DocumentTemplateOptions {
  /** `templates/documents` */
  readonly dir: string;
  /** CSS font stacks of the provisioned fonts. */
  readonly fontStacks: Readonly<Record<FontKind, string>>;
  /** A character of every font file, printed by the warm-up document. */
  readonly fontSamples?: Readonly<Record<FontKind, string>>;
  /** Short font stack for the given text (header/footer); defaults to the full stack. */
  readonly stackFor?: (kind: FontKind, text: string) => string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/**
 * Document templates (Handlebars) compiled once. Layout: `layouts/`, partials: `partials/`,
 * Chromium header/footer: `print/`, one shared stylesheet `styles/document.css` inlined into every
 * document. Templates print user data with `{{ }}` only (escaped).
 */
export class DocumentTemplates {
  private readonly hb = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();
  private readonly styles: Handlebars.SafeString;
  private readonly stacks: Readonly<Record<FontKind, string>>;
  private readonly samples: Readonly<Record<FontKind, string>>;
  private readonly stackFor: (kind: FontKind, text: string) => string;

  constructor(options: DocumentTemplateOptions) {
    registerHelpers(this.hb);
    registerDocumentHelpers(this.hb);
    this.stacks = options.fontStacks;
    this.samples = options.fontSamples ?? { serif: '', sans: '' };
    this.stackFor = options.stackFor ?? ((kind) => this.stacks[kind]);
    for (const file of walk(options.dir).filter((f) => f.endsWith('.hbs'))) {
      const name = relative(options.dir, file)
        .split(sep)
        .join('/')
        .replace(/\.hbs$/, '');
      const source = readFileSync(file, 'utf8');
      if (name.startsWith('partials/')) this.hb.registerPartial(name.slice('partials/'.length), source);
      else this.templates.set(name, this.hb.compile(source, { strict: true, noEscape: false }));
    }
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
    const frame = { meta, title, fontStacks: this.stacks };
    return {
      html: this.template('layouts/base')({
        ...frame,
        styles: this.styles,
        body: new Handlebars.SafeString(body),
      }),
      headerHtml: this.template('print/header')(frame),
      footerHtml: this.template('print/footer')(frame),
    };
  }

  /**
   * A short document printing a character of every font file in both families and weights, so the
   * browser has opened them all before the first real document.
   */
  warmupDocument(): PrintableDocument {
    return this.document(
      'warmup',
      { samples: this.samples },
      { confidentialityLevel: 2, draftMark: '案', councilName: '情報公開・個人情報保護審議会' },
      '準備',
    );
  }

  /**
   * Chromium lays out the header and footer again for every page; a stack of only the subsets their
   * text needs (page numbers included) keeps that cheap.
   */
  private marginBox(name: string, frame: { meta: DocumentMeta; title: string }): string {
    const probe = this.template(name)({ ...frame, fontStacks: { serif: 'serif', sans: 'sans-serif' } });
    const text = probe.replace(/<[^>]*>/g, '') + '0123456789 /';
    const fontStacks = { serif: this.stackFor('serif', text), sans: this.stackFor('sans', text) };
    return this.template(name)({ ...frame, fontStacks });
  }

  private template(name: string): Handlebars.TemplateDelegate {
    const template = this.templates.get(name);
    if (!template) throw DocumentErrors.templateNotFound(name);
    return template;
  }
}

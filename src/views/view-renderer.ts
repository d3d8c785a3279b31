import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { formatWareki, formatWarekiDateTime } from '../common/format/wareki';

export interface ViewRenderer {
  render(view: string, context: Record<string, unknown>, layout?: string | null): string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : full.endsWith('.hbs') ? [full] : [];
  });
}

/**
 * Compiles every `.hbs` file under `dir` with `hb`: those under `partials/` are registered as
 * partials, the others are returned by name (their path below `dir`, with `/`, without `.hbs`).
 */
export function compileTemplates(
  hb: typeof Handlebars,
  dir: string,
  { strict }: { strict: boolean },
): Map<string, Handlebars.TemplateDelegate> {
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of walk(dir)) {
    const name = relative(dir, file)
      .split(sep)
      .join('/')
      .replace(/\.hbs$/, '');
    const source = readFileSync(file, 'utf8');
    if (name.startsWith('partials/')) hb.registerPartial(name.slice('partials/'.length), source);
    else compiled.set(name, hb.compile(source, { strict, noEscape: false }));
  }
  return compiled;
}

/** Registers helpers shared by UI views and document templates. */
export function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hb.registerHelper('not', (a: unknown) => !a);
  hb.registerHelper('array', (...args: unknown[]) => args.slice(0, -1));
  hb.registerHelper('includes', (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v));
  hb.registerHelper('wareki', (v: unknown) =>
    typeof v === 'string' || v instanceof Date ? formatWareki(v) : '',
  );
  hb.registerHelper('warekiDateTime', (v: unknown) =>
    typeof v === 'string' || v instanceof Date ? formatWarekiDateTime(v) : '',
  );
  // The filters of a list screen as the query of its export link (paging left out: exports are whole).
  hb.registerHelper('exportQuery', (filters: unknown) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries((filters as Record<string, unknown> | undefined) ?? {}))
      if (typeof v === 'string' && v !== '' && k !== 'page' && k !== 'pageSize') params.set(k, v);
    const q = params.toString();
    return q ? `?${q}` : '';
  });
  hb.registerHelper('fieldErrors', function (this: unknown, errors: unknown, field: string) {
    const list = (errors as Record<string, string[]> | undefined)?.[field];
    return list && list.length ? list : null;
  });
}

/**
 * Server-rendered UI with Handlebars (the engine that also renders our PDFs). Views are compiled
 * once at boot from `templates/views`; `{{ }}` escapes everything a user typed.
 */
export class HandlebarsViewRenderer implements ViewRenderer {
  private readonly hb = Handlebars.create();
  private readonly views: Map<string, Handlebars.TemplateDelegate>;

  constructor(viewsDir: string) {
    registerHelpers(this.hb);
    this.views = compileTemplates(this.hb, viewsDir, { strict: false });
  }

  render(view: string, context: Record<string, unknown>, layout: string | null = 'layouts/main'): string {
    const template = this.views.get(view);
    if (!template) throw new Error(`unknown view ${view}`);
    const body = template(context);
    if (!layout) return body;
    const frame = this.views.get(layout);
    if (!frame) throw new Error(`unknown layout ${layout}`);
    return frame({ ...context, body: new Handlebars.SafeString(body) });
  }
}

export const VIEW_RENDERER = Symbol('VIEW_RENDERER');

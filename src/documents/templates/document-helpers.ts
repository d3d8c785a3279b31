import type Handlebars from 'handlebars';
import { formatWareki } from '../../common/format/wareki';
import { katakanaLabel as agendaLabel } from '../../workflow/numbering';

/** ア for index 0, イ for 1 …, アア after ン (the agenda numbering); '' for anything else. */
export function katakanaLabel(index: number): string {
  return Number.isInteger(index) && index >= 0 ? agendaLabel(index + 1) : '';
}

/** ◎ = required (入力必須), ○ = optional (入力任意), blank = not collected. */
export function itemMark(mark: unknown): string {
  if (mark === 'required') return '◎';
  if (mark === 'optional') return '○';
  return '';
}

/** 第3号 */
export function numberedGo(n: unknown): string {
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? `第${n}号` : '';
}

export function confidentialityLabel(level: unknown): string {
  return level === 1 || level === 2 || level === 3 ? `機密性${level}` : '';
}

/** Helpers specific to printed documents; the shared ones come from `registerHelpers`. */
export function registerDocumentHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('itemMark', itemMark);
  hb.registerHelper('numberedGo', numberedGo);
  hb.registerHelper('katakana', (index: unknown) => (typeof index === 'number' ? katakanaLabel(index) : ''));
  hb.registerHelper('confidentiality', confidentialityLabel);
  hb.registerHelper('warekiDate', (v: unknown) =>
    typeof v === 'string' || v instanceof Date ? formatWareki(v) : '',
  );
  /** Empty fields print as 「－」 so a reader sees the field was left blank on purpose. */
  hb.registerHelper('orDash', (v: unknown) => (v === null || v === undefined || v === '' ? '－' : v));
  hb.registerHelper('inc', (n: unknown) => (typeof n === 'number' ? n + 1 : n));
  hb.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));
  hb.registerHelper('join', (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : '、') : '',
  );
  /** Total number of item columns over the groups of the personal-data grid. */
  hb.registerHelper('itemCount', (groups: unknown) =>
    Array.isArray(groups)
      ? groups.reduce((sum: number, g: { items?: unknown[] }) => sum + (g.items?.length ?? 0), 0)
      : 0,
  );
  /** Block helper repeating its body n times with `@index` / `@number` (1-based). */
  hb.registerHelper('times', function (this: unknown, n: unknown, options: Handlebars.HelperOptions) {
    const count = typeof n === 'number' && n > 0 ? Math.min(n, 1000) : 0;
    let out = '';
    for (let i = 0; i < count; i++)
      out += options.fn(this, { data: { ...options.data, index: i, number: i + 1 } });
    return out;
  });
  /** `{{#each}}` over a list with `@number` (1-based) available inside. */
  hb.registerHelper('numbered', function (this: unknown, list: unknown, options: Handlebars.HelperOptions) {
    if (!Array.isArray(list) || list.length === 0) return options.inverse(this);
    return list
      .map((item, i) =>
        options.fn(item, {
          data: { ...options.data, index: i, number: i + 1, first: i === 0, last: i === list.length - 1 },
        }),
      )
      .join('');
  });
}

import type { HTMLElement } from 'node-html-parser';

/** The few CSS properties the Word converter reads; inherited ones flow from parent to child. */
export interface ComputedStyle {
  readonly textAlign?: string;
  readonly fontWeight?: string;
  readonly fontFamily?: string;
  readonly whiteSpace?: string;
  readonly listStyle?: string;
  readonly display?: string;
  readonly position?: string;
  readonly breakBefore?: string;
  readonly paddingLeft?: string;
  readonly marginLeft?: string;
  readonly width?: string;
  readonly border?: string;
}

const INHERITED = ['textAlign', 'fontWeight', 'fontFamily', 'whiteSpace', 'listStyle'] as const;

const PROPERTY: Record<string, keyof ComputedStyle> = {
  'text-align': 'textAlign',
  'font-weight': 'fontWeight',
  'font-family': 'fontFamily',
  'white-space': 'whiteSpace',
  'list-style': 'listStyle',
  'list-style-type': 'listStyle',
  display: 'display',
  position: 'position',
  'break-before': 'breakBefore',
  'page-break-before': 'breakBefore',
  'padding-left': 'paddingLeft',
  'margin-left': 'marginLeft',
  width: 'width',
  border: 'border',
};

/** One compound selector (`ol.program`, `.cover`, `th.sub`) and how it joins the one before it. */
interface Compound {
  readonly tag: string | null;
  readonly classes: readonly string[];
  readonly combinator: ' ' | '>';
}

interface Rule {
  readonly selector: readonly Compound[];
  readonly specificity: number;
  readonly order: number;
  readonly declarations: Partial<Record<keyof ComputedStyle, string>>;
}

/**
 * A small cascade over the documents' own stylesheet: type, class, descendant and child selectors,
 * specificity then source order. Enough to carry alignment, weight, font family, pre-wrapped text,
 * list markers and page breaks into Word without a second layout per paper.
 */
export class CssCascade {
  private readonly rules: Rule[] = [];
  /** Rules by the key of their rightmost compound (`.class`, a tag, or `*`): only those can match. */
  private readonly byKey = new Map<string, Rule[]>();

  constructor(css: string) {
    const flat = stripAtRules(css.replace(/\/\*[\s\S]*?\*\//g, ''));
    let order = 0;
    for (const match of flat.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
      const declarations = parseDeclarations(match[2]);
      if (Object.keys(declarations).length === 0) continue;
      for (const raw of match[1].split(',')) {
        const selector = parseSelector(raw.trim());
        if (!selector) continue;
        const specificity = selector.reduce((s, c) => s + c.classes.length * 10 + (c.tag ? 1 : 0), 0);
        this.rules.push({ selector, specificity, order: order++, declarations });
      }
    }
    this.rules.sort((a, b) => a.specificity - b.specificity || a.order - b.order);
    for (const rule of this.rules) {
      const last = rule.selector[rule.selector.length - 1];
      const key = last.classes[0] ? `.${last.classes[0]}` : (last.tag ?? '*');
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), rule]);
    }
  }

  /** The element's style: matching rules in cascade order over what it inherits. */
  compute(el: HTMLElement, parent: ComputedStyle): ComputedStyle {
    const style: Record<string, string | undefined> = {};
    for (const key of INHERITED) style[key] = parent[key];
    const keys = ['*', el.rawTagName?.toLowerCase() ?? '', ...[...el.classList.values()].map((c) => `.${c}`)];
    const candidates = keys
      .flatMap((k) => this.byKey.get(k) ?? [])
      .sort((a, b) => a.specificity - b.specificity || a.order - b.order);
    for (const rule of candidates) {
      if (matches(el, rule.selector)) Object.assign(style, rule.declarations);
    }
    const inline = el.getAttribute('style');
    if (inline) Object.assign(style, parseDeclarations(inline));
    return style as ComputedStyle;
  }
}

/** Drops `@page { … @top-left { … } }` and other at-rule blocks (their braces nest). */
function stripAtRules(css: string): string {
  let out = '';
  let i = 0;
  while (i < css.length) {
    const at = css.indexOf('@', i);
    if (at < 0) {
      out += css.slice(i);
      break;
    }
    out += css.slice(i, at);
    const open = css.indexOf('{', at);
    const semi = css.indexOf(';', at);
    if (open < 0 || (semi >= 0 && semi < open)) {
      i = semi < 0 ? css.length : semi + 1;
      continue;
    }
    let depth = 0;
    let j = open;
    for (; j < css.length; j++) {
      if (css[j] === '{') depth++;
      else if (css[j] === '}' && --depth === 0) break;
    }
    i = j + 1;
  }
  return out;
}

function parseDeclarations(block: string): Partial<Record<keyof ComputedStyle, string>> {
  const out: Partial<Record<keyof ComputedStyle, string>> = {};
  for (const decl of block.split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const key = PROPERTY[decl.slice(0, colon).trim().toLowerCase()];
    if (key) out[key] = decl.slice(colon + 1).trim();
  }
  return out;
}

function parseSelector(text: string): Compound[] | null {
  if (!/^[\w\s.>-]+$/.test(text)) return null; // attribute, pseudo and id selectors: not used by the papers
  const parts = text.replace(/\s*>\s*/g, ' > ').split(/\s+/);
  const out: Compound[] = [];
  let combinator: ' ' | '>' = ' ';
  for (const part of parts) {
    if (part === '>') {
      combinator = '>';
      continue;
    }
    const [tag, ...classes] = part.split('.');
    out.push({ tag: tag && tag !== '*' ? tag.toLowerCase() : null, classes, combinator });
    combinator = ' ';
  }
  return out;
}

function matchesCompound(el: HTMLElement, c: Compound): boolean {
  if (c.tag && el.rawTagName?.toLowerCase() !== c.tag) return false;
  return c.classes.every((cls) => el.classList.contains(cls));
}

function matches(el: HTMLElement, selector: readonly Compound[]): boolean {
  return matchFrom(el, selector, selector.length - 1);
}

function matchFrom(el: HTMLElement, selector: readonly Compound[], index: number): boolean {
  if (!matchesCompound(el, selector[index])) return false;
  if (index === 0) return true;
  const via = selector[index].combinator;
  let up = el.parentNode as HTMLElement | null;
  while (up && up.rawTagName) {
    if (matchFrom(up, selector, index - 1)) return true;
    if (via === '>') return false;
    up = up.parentNode as HTMLElement | null;
  }
  return false;
}

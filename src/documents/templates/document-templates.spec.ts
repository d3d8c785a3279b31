import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rooftopGreeningCase } from '../../../test/integration/documents/fixtures';
import type { CaseDocumentView } from '../case-document.view';
import { DocumentTemplates } from './document-templates';

const DIR = resolve('templates/documents');
const templates = new DocumentTemplates({
  dir: DIR,
  fontStacks: { serif: '"Test Serif", serif', sans: '"Test Sans", sans-serif' },
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) =>
    statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)],
  );
}

describe('DocumentTemplates', () => {
  it('never uses unescaped {{{ }}} output in a template', () => {
    for (const file of files(DIR).filter((f) => f.endsWith('.hbs'))) {
      expect({ file, triple: readFileSync(file, 'utf8').includes('{{{') }).toEqual({ file, triple: false });
    }
  });

  it('escapes user text and does not evaluate template syntax inside it', () => {
    const html = templates.caseDocument(
      rooftopGreeningCase({ title: '<b onclick="x">{{constructor}}</b>' }),
    ).html;
    expect(html).toContain('&lt;b onclick&#x3D;&quot;x&quot;&gt;{{constructor}}&lt;/b&gt;');
    expect(html).not.toContain('<b onclick');
  });

  it('inlines the one stylesheet and the font stacks; no external reference', () => {
    const { html } = templates.caseDocument(rooftopGreeningCase());
    expect(html).toContain('--font-serif: "Test Serif", serif');
    expect(html).toContain('break-inside: avoid');
    expect(html).not.toMatch(/(src|href)=["']?(https?:|file:|\/\/)/i);
    expect(html).toContain('@top-left { content: "機密性2"');
    expect(html).toContain('@bottom-center { content: counter(page) " / " counter(pages)');
  });

  it('adds the draft watermark only to drafts', () => {
    const base = rooftopGreeningCase();
    expect(templates.caseDocument(base).html).not.toContain('class="watermark"');
    const draft = templates.caseDocument({ ...base, meta: { ...base.meta, draftMark: '下書き' } }).html;
    expect(draft).toMatch(/class="watermark"[^>]*>下書き</);
  });

  it('prints the item grid with marks, blank rows and the legend', () => {
    const html = templates.caseDocument(rooftopGreeningCase()).html;
    expect(html).toContain('（◎=入力必須項目、○=入力任意項目）');
    expect(html.match(/<td class="mark">◎<\/td>/g)).toHaveLength(5);
    expect(html.match(/<td class="mark">○<\/td>/g)).toHaveLength(1);
    expect(html).toContain('<td class="no">5</td>');
  });

  it('fails loudly when the view lacks a field the template prints (strict mode)', () => {
    const broken = {
      ...rooftopGreeningCase(),
      overview: { businessName: 'x' },
    } as unknown as CaseDocumentView;
    expect(() => templates.caseDocument(broken)).toThrow(/department/);
  });
});

import { resolve } from 'node:path';
import { DocumentTemplates } from '../documents/templates/document-templates';
import { buildMinutesDocument } from './minutes-document';
import type { MinutesLine } from './minutes-lines';

const templates = new DocumentTemplates({
  dir: resolve('templates/documents'),
  fontStacks: { serif: 'serif', sans: 'sans-serif' },
});

const lines: MinutesLine[] = [
  {
    key: 'heading',
    kind: 'heading',
    speakerRole: null,
    speakerName: null,
    text: '第70回審議会会議録',
    closed: false,
    source: 'generated',
    generatedText: null,
  },
  {
    key: 'q',
    kind: 'speech',
    speakerRole: '説明員',
    speakerName: '清水課長',
    text: '清水課長が<b>説明</b>',
    closed: false,
    source: 'generated',
    generatedText: null,
  },
  {
    key: 'c',
    kind: 'speech',
    speakerRole: '委員',
    speakerName: null,
    text: '非公開の質疑',
    closed: true,
    source: 'generated',
    generatedText: null,
  },
];
const minutes = {
  state: 'published' as const,
  lines,
  publicLines: [
    { kind: 'heading', speakerRole: null, text: '第70回審議会会議録' },
    { kind: 'speech', speakerRole: '説明員', text: '下水道総務課課長が説明' },
    { kind: 'text', speakerRole: null, text: '（非公開の審議のため、この部分は掲載しません。）' },
  ],
};

describe('minutes document', () => {
  it('watermarks the draft with 案 and prints the internal lines, escaped', () => {
    const view = buildMinutesDocument(minutes, 'draft', '審議会');
    const { html } = templates.document('minutes', { ...view }, view.meta, view.title);
    expect(html).toContain('<div class="watermark" aria-hidden="true">案</div>');
    expect(html).toContain('<span class="minutes-speaker">説明員</span>清水課長が&lt;b&gt;説明&lt;/b&gt;');
    expect(html).toContain('非公開の質疑');
    expect(view.title).toBe('第70回審議会会議録（案）');
  });

  it('prints only the redacted public lines for the public version, without a watermark', () => {
    const view = buildMinutesDocument(minutes, 'public', '審議会');
    const { html } = templates.document('minutes', { ...view }, view.meta, view.title);
    expect(html).not.toContain('class="watermark"');
    expect(html).toContain('下水道総務課課長が説明');
    expect(html).not.toContain('清水');
    expect(html).not.toContain('非公開の質疑');
    expect(html).toContain('@top-left { content: "機密性1"');
  });
});

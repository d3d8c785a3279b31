import { editLine, mergeRegenerated, type GeneratedLine, type MinutesLine } from './minutes-lines';

const g = (key: string, text: string, extra: Partial<GeneratedLine> = {}): GeneratedLine => ({
  key,
  kind: 'speech',
  speakerRole: '委員',
  speakerName: null,
  text,
  closed: false,
  ...extra,
});

function generate(lines: GeneratedLine[]): MinutesLine[] {
  return mergeRegenerated([], lines).lines;
}

describe('regenerating minutes', () => {
  const v1 = [
    g('open', '開会'),
    g('q1', '質問です。'),
    g('a1', '回答です。', { speakerRole: '説明員' }),
    g('close', '閉会'),
  ];

  it('takes fresh text for untouched lines', () => {
    const first = generate(v1);
    const { lines, warnings } = mergeRegenerated(first, [
      g('open', '開会'),
      g('q1', '質問を直しました。'),
      g('close', '閉会'),
    ]);
    expect(lines.map((l) => l.text)).toEqual(['開会', '質問を直しました。', '閉会']);
    expect(warnings).toEqual([]);
  });

  it('keeps hand edits and warns when the record changed under them', () => {
    const first = generate(v1);
    first[1] = editLine(first[1], '質問です（委員の趣旨を補足）。');
    expect(first[1].source).toBe('edited');
    const same = mergeRegenerated(first, v1);
    expect(same.lines[1].text).toBe('質問です（委員の趣旨を補足）。');
    expect(same.warnings).toEqual([]);
    const changed = mergeRegenerated(first, [v1[0], g('q1', '別の質問です。'), v1[2], v1[3]]);
    expect(changed.lines[1].text).toBe('質問です（委員の趣旨を補足）。');
    expect(changed.warnings.map((w) => w.kind)).toEqual(['recordChangedAfterEdit']);
  });

  it('keeps manual lines after the line they followed, in order', () => {
    const first = generate(v1);
    const manual = (key: string, text: string, after: string): MinutesLine => ({
      key,
      kind: 'stage',
      speakerRole: null,
      speakerName: null,
      text,
      closed: false,
      source: 'manual',
      generatedText: null,
      after,
    });
    const withManual = [
      first[0],
      manual('m1', '＜説明員入室＞', 'open'),
      manual('m2', '＜資料配付＞', 'open'),
      ...first.slice(1),
    ];
    const { lines } = mergeRegenerated(withManual, v1);
    expect(lines.map((l) => l.key)).toEqual(['open', 'm1', 'm2', 'q1', 'a1', 'close']);
  });

  it('keeps an edited line whose record disappeared and moves orphaned manual lines', () => {
    const first = generate(v1);
    first[2] = editLine(first[2], '回答です（修正）。');
    const manual: MinutesLine = {
      ...first[2],
      key: 'm1',
      source: 'manual',
      text: '補足',
      after: 'a1',
      generatedText: null,
    };
    const current = [...first.slice(0, 3), manual, first[3]];
    const { lines, warnings } = mergeRegenerated(current, [v1[0], v1[1], v1[3]]);
    expect(lines.map((l) => l.text)).toEqual(['開会', '質問です。', '回答です（修正）。', '補足', '閉会']);
    expect(warnings.map((w) => w.kind).sort()).toEqual(['editedLineRemoved']);
  });

  it('an edit back to the generated text is no longer an edit', () => {
    const [line] = generate([g('x', '元の文')]);
    expect(editLine(editLine(line, '変更'), '元の文').source).toBe('generated');
  });
});

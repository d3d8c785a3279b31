import type { MinutesLine } from '../minutes-lines';
import { detectIdentifiers } from './detect';
import { buildPublicLines, CLOSED_NOTICE, proposeMasks, type RecordPerson } from './public-version';

function line(key: string, text: string, closed = false): MinutesLine {
  return {
    key,
    kind: 'speech',
    speakerRole: '説明員',
    speakerName: '清水課長',
    text,
    closed,
    source: 'generated',
    generatedText: text,
  };
}

const people: RecordPerson[] = [
  { name: '小室 充孝', label: null, role: '会長', title: '会長', policy: 'show' },
  { name: '本田 耕一', label: null, role: '委員', title: '委員', policy: 'show' },
  { name: '清水', label: '清水課長', role: '説明員', title: '下水道総務課課長', policy: 'title' },
];

describe('redaction for publication', () => {
  const lines = [
    line('a', '(1) 会長 小室 充孝 (2) 委員 本田 耕一'),
    line(
      'b',
      '清水課長が説明し、申請者の佐藤 花子さん（小田原市荻窪300番地、0465-33-1234、hanako@example.jp）に連絡した。',
    ),
    line('c', '非公開の審議で田中 一郎さんの件を扱った。', true),
    line('d', '同じく非公開。', true),
    line('e', '本田委員から意見があった。'),
  ];
  const candidates = proposeMasks(lines, people, [{ name: '佐々木', role: '傍聴者代表' }]);

  it('proposes a mask for every detected identifier that is not on the allow-list', () => {
    const proposed = candidates.filter((c) => c.status === 'proposed');
    expect(proposed.map((c) => [c.original, c.kind])).toEqual(
      expect.arrayContaining([
        ['清水課長', 'personName'],
        ['佐藤 花子', 'personName'],
        ['0465-33-1234', 'phone'],
        ['hanako@example.jp', 'email'],
      ]),
    );
    expect(proposed.some((c) => c.kind === 'address' && c.original.includes('300番地'))).toBe(true);
    // Every identifier the detector finds in public lines is either proposed or allow-listed.
    for (const l of lines.filter((x) => !x.closed)) {
      const found = detectIdentifiers(l.text, { knownNames: ['清水課長', '清水'] }).proposals;
      for (const f of found)
        expect(candidates.some((c) => c.lineKey === l.key && c.start === f.start)).toBe(true);
    }
  });

  it('replaces explainer names by their office titles', () => {
    expect(candidates.find((c) => c.original === '清水課長')?.replacement).toBe('下水道総務課課長');
    expect(candidates.find((c) => c.original === '佐藤 花子')?.replacement).toBe('〇〇');
  });

  it('lets the allow-list win over detection, and logs the hit', () => {
    const allowed = candidates.filter((c) => c.status === 'allowed');
    expect(allowed.map((c) => [c.original, c.allowedAs])).toEqual(
      expect.arrayContaining([
        ['小室 充孝', '会長'],
        ['本田 耕一', '委員'],
      ]),
    );
    expect(candidates.some((c) => c.status === 'proposed' && c.original.includes('小室'))).toBe(false);
  });

  it('never looks into closed lines, and replaces each run of them by one notice', () => {
    expect(candidates.some((c) => c.lineKey === 'c' || c.lineKey === 'd')).toBe(false);
    const masks = candidates.filter((c) => c.status === 'proposed');
    const pub = buildPublicLines(lines, masks);
    expect(pub.map((p) => p.text)).toEqual([
      lines[0].text,
      expect.stringContaining('下水道総務課課長が説明し、申請者の〇〇さん'),
      CLOSED_NOTICE,
      lines[4].text,
    ]);
    const all = JSON.stringify(pub);
    for (const secret of ['清水', '佐藤', '0465-33-1234', 'hanako@example.jp', '田中', '300番地'])
      expect(all).not.toContain(secret);
    // Speaker names stay internal.
    expect(all).not.toContain('speakerName');
    // The internal lines are untouched.
    expect(lines[1].text.startsWith('清水課長が説明し')).toBe(true);
  });
});

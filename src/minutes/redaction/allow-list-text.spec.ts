import { formatAllowList, parseAllowList } from './allow-list-text';

describe('the allow-list as text (one entry a line)', () => {
  it('reads name and role, skipping blank lines, with any usual separator', () => {
    const { entries, errors } = parseAllowList(
      '佐藤 花子：傍聴者\r\n\n  山田 一郎, 参考人 \n田中\t学識経験者\n',
    );
    expect(errors).toEqual([]);
    expect(entries).toEqual([
      { name: '佐藤 花子', role: '傍聴者' },
      { name: '山田 一郎', role: '参考人' },
      { name: '田中', role: '学識経験者' },
    ]);
  });

  it('round-trips what the screen shows', () => {
    const list = [
      { name: '佐藤 花子', role: '傍聴者' },
      { name: '山田 一郎', role: '参考人' },
    ];
    expect(parseAllowList(formatAllowList(list)).entries).toEqual(list);
  });

  it('names the line of each problem in Japanese', () => {
    const { errors } = parseAllowList(`佐藤 花子\n山田：参考人\n山田：委員\n${'長'.repeat(101)}：傍聴者`);
    expect(errors).toEqual([
      '1行目: 「氏名：役割」の形で入力してください（例: 佐藤 花子：傍聴者）',
      '3行目: 「山田」は2行目にもあります',
      '4行目: 氏名は100文字以内で入力してください',
    ]);
  });

  it('refuses more entries than the setting holds', () => {
    const text = Array.from({ length: 501 }, (_, i) => `氏名${i}：傍聴者`).join('\n');
    expect(parseAllowList(text).errors[0]).toContain('500件以内');
  });
});

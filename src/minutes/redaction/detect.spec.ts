import { applyMasks, DEFAULT_REPLACEMENTS, detectIdentifiers } from './detect';

describe('identifier detection for public minutes', () => {
  it('finds e-mail addresses and phone numbers in various notations', () => {
    const text =
      '問合せは taro.yamada@example.jp か 03-1234-5678、または ０４６５（３３）１２３４ まで。令和8年度は200件。';
    const { proposals } = detectIdentifiers(text);
    expect(proposals.map((p) => [p.kind, p.text])).toEqual([
      ['email', 'taro.yamada@example.jp'],
      ['phone', '03-1234-5678'],
      ['phone', '０４６５（３３）１２３４'],
    ]);
  });

  it('finds street addresses down to the block number', () => {
    const { proposals } = detectIdentifiers(
      '申請者は神奈川県小田原市荻窪300番地に住む。新宿区歌舞伎町1-4-1 の方も。',
    );
    expect(proposals.filter((p) => p.kind === 'address').map((p) => p.text)).toEqual([
      '神奈川県小田原市荻窪300番地',
      '新宿区歌舞伎町1-4-1',
    ]);
  });

  it('does not take institutional phrases for addresses or names', () => {
    const { proposals } = detectIdentifiers(
      '資料2の2. セキュリティ対策について、市のサーバで処理します。本市の下水道使用料は水量に応じます。',
    );
    expect(proposals).toEqual([]);
  });

  it('finds names with honorifics, spaced full names and names the record knows', () => {
    const text = '佐藤さんから連絡があり、田中 一郎氏と清水課長が対応した。福田業務係長も同席。';
    const { proposals } = detectIdentifiers(text, { knownNames: ['福田'] });
    expect(proposals.map((p) => p.text)).toEqual(['佐藤', '田中 一郎', '福田']);
  });

  it('lets the allow-list win and reports what it kept', () => {
    const text = '小室 充孝会長が開会を宣言し、本田 耕一委員が質問した。佐藤さんは傍聴。';
    const result = detectIdentifiers(text, {
      knownNames: ['小室 充孝'],
      allowList: [
        { name: '小室充孝', role: '会長' },
        { name: '本田 耕一', role: '委員' },
      ],
    });
    expect(result.proposals.map((p) => p.text)).toEqual(['佐藤']);
    expect(result.allowed.map((a) => [a.text, a.allowedAs])).toEqual([
      ['小室 充孝', '会長'],
      ['本田 耕一', '委員'],
    ]);
  });

  it('applies masks to a copy without touching the original', () => {
    const text = '佐藤さんの電話は 090-1234-5678 です。';
    const { proposals } = detectIdentifiers(text);
    const masked = applyMasks(
      text,
      proposals.map((p) => ({ start: p.start, end: p.end, replacement: DEFAULT_REPLACEMENTS[p.kind] })),
    );
    expect(masked).toBe('〇〇さんの電話は （電話番号） です。');
    expect(text).toContain('090-1234-5678');
    expect(() => applyMasks(text, [{ start: 5, end: 2, replacement: 'x' }])).toThrow();
  });
});

import { completeCase, outsourcingSection } from '../../test/support/aggregate-factory';
import { diffCases } from './case-diff';

describe('case diff', () => {
  it('no change, no entries', () => {
    expect(diffCases(completeCase(), completeCase())).toEqual([]);
  });

  it('reports ◎↔○, items added and removed, and vendor changes with readable labels', () => {
    const before = completeCase();
    const after = completeCase({
      items: {
        columns: [
          before.items.columns[0],
          { key: 'phone', label: '電話番号', groupLabel: '', sensitive: false, myNumber: true },
        ],
        rows: [{ ...before.items.rows[0], cells: { name: 'optional', phone: 'required' } }],
      },
      sections: [
        before.sections[0],
        outsourcingSection({
          vendor: { name: '企業体', leadCompany: 'C社', memberCompanies: ['B社', 'D社'] },
        }),
      ],
    });
    const changes = diffCases(before, after).map(
      (c) => `${c.change} ${c.label}: ${c.before ?? ''}→${c.after ?? ''}`,
    );
    expect(changes).toEqual([
      'changed 別紙2（委託） › 委託先：代表企業: A社→C社',
      'changed 別紙2（委託） › 委託先：構成企業: B社→B社、D社',
      'added 個人情報項目一覧 › 項目: →電話番号（マイナンバー）',
      'changed 個人情報項目一覧 › 「見学申込」 › 氏名: ◎→○',
      'added 個人情報項目一覧 › 「見学申込」 › 電話番号: →◎',
      'removed 個人情報項目一覧 › 項目: 住所→',
      'removed 個人情報項目一覧 › 「見学申込」 › 住所: ○→',
    ]);
  });

  it('a new sheet or row is one entry, not one per field', () => {
    const before = completeCase({ sections: [completeCase().sections[0]] });
    const after = completeCase();
    const d = diffCases(before, after);
    expect(d).toEqual([
      {
        path: 's-out'.replace(/^/, 'sections.'),
        label: '別紙2（委託）',
        change: 'added',
        before: null,
        after: '見学申込',
      },
    ]);
  });

  it('a moved sheet is one change of the order (別紙N), not a change of its fields', () => {
    const before = completeCase();
    const after = completeCase({ sections: [...before.sections].reverse() });
    const changes = diffCases(before, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ path: 'sections.order', label: '別紙の並び順', change: 'changed' });
    expect(changes[0].before).toMatch(/^別紙1 電子計算機の外部結合/);
    expect(changes[0].after).toMatch(/^別紙1 委託/);
  });
});

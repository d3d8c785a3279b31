import { completeCase, outsourcingSection } from '../../test/support/aggregate-factory';
import { toCaseDocumentData } from './case-document';

describe('case document data', () => {
  it('groups the bases as on the cover and names the kinds of outsourcing the case has', () => {
    const doc = toCaseDocumentData(completeCase());
    expect(doc.confidentiality).toBe('機密性2');
    expect(doc.cover.basisGroups).toEqual([
      { label: '諮問', bases: ['第17条第1項第4号（電子計算機の外部結合）'] },
      { label: '事前報告', bases: ['第14条第1項（個人情報の電子計算機処理の委託）'] },
    ]);
    expect(doc.cover.department).toBe('みどり土木部道とみどりの課');
  });

  it('prints re-outsourcing only when planned, and the deviations with the clause heading', () => {
    const plain = toCaseDocumentData(completeCase());
    expect(plain.sections[1].fields.map((f) => f.label)).not.toContain('再委託先');
    const c = completeCase({
      sections: [
        completeCase().sections[0],
        outsourcingSection({
          reOutsourcing: { planned: true, vendor: { name: '再委託先株式会社' }, approval: '承認済み' },
          clauseDeviations: [{ clauseNumber: 6, description: '再委託を認める', reason: '専門業者のため' }],
        }),
      ],
    });
    const doc = toCaseDocumentData(c);
    const fields = Object.fromEntries(doc.sections[1].fields.map((f) => [f.label, f.value]));
    expect(fields['再委託先']).toBe('再委託先株式会社');
    expect(fields['再委託の有無']).toBe('あり');
    expect(doc.clauses[0].deviations).toEqual([
      { clauseNumber: 6, heading: '再委託の禁止', description: '再委託を認める', reason: '専門業者のため' },
    ]);
  });

  it('prints the item grid with marks and column groups, and text verbatim', () => {
    const c = completeCase({ title: '<b>{{x}}</b>' });
    c.items.columns[0].groupLabel = '個人情報';
    c.items.columns[1].groupLabel = '個人情報';
    c.items.columns[1].sensitive = true;
    const doc = toCaseDocumentData(c);
    expect(doc.cover.title).toBe('<b>{{x}}</b>');
    expect(doc.itemGrid.groups).toEqual([{ label: '個人情報', span: 2 }]);
    expect(doc.itemGrid.columns[1].flags).toEqual(['要配慮']);
    expect(doc.itemGrid.rows[0].cells).toEqual(['◎', '○']);
  });
});

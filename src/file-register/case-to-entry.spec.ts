import { completeCase } from '../../test/support/aggregate-factory';
import { proposalFromCase } from './case-to-entry';

describe('proposalFromCase: what an approved case proposes for the register', () => {
  it('takes the ◎/○ columns as 記録項目, the purpose, the persons covered and the procedures', () => {
    const fields = proposalFromCase(completeCase());
    expect(fields).toMatchObject({
      name: '屋上等緑化の推進に関する個人情報ファイル',
      purpose: '緑化を広める',
      recordItems: ['氏名', '住所'],
      recordScope: '区民及び事業者',
      collectionMethod: '本人からの申請（見学申込）',
      sensitive: false,
      regularRecipients: '',
      requestOffice: '道とみどりの課',
      exclusion: null,
    });
  });

  it('leaves out columns no row marks, adds その他の項目 once each, and flags 要配慮 only from a used column', () => {
    const base = completeCase();
    const c = completeCase({
      items: {
        columns: [
          ...base.items.columns,
          { key: 'health', label: '病歴', groupLabel: '', sensitive: true, myNumber: false },
          { key: 'belief', label: '信条', groupLabel: '', sensitive: true, myNumber: false },
        ],
        rows: [
          {
            ...base.items.rows[0],
            cells: { name: 'required', health: 'optional' },
            otherItems: '申請者区分、アクセス履歴',
          },
          {
            ...base.items.rows[0],
            id: 'r2',
            procedureName: '講習会申込',
            cells: { name: 'optional' },
            otherItems: 'アクセス履歴',
          },
        ],
      },
    });
    const fields = proposalFromCase(c);
    expect(fields.recordItems).toEqual(['氏名', '病歴', '申請者区分', 'アクセス履歴']);
    expect(fields.sensitive).toBe(true);
    expect(fields.collectionMethod).toBe('本人からの申請（見学申込、講習会申込）');

    const unusedSensitive = proposalFromCase(
      completeCase({
        items: {
          columns: [
            ...base.items.columns,
            { key: 'health', label: '病歴', groupLabel: '', sensitive: true, myNumber: false },
          ],
          rows: base.items.rows,
        },
      }),
    );
    expect(unusedSensitive.sensitive).toBe(false);
    expect(unusedSensitive.recordItems).not.toContain('病歴');
  });

  it('uses the business content when no purpose is given, the title when no business name, and the purpose-extension recipients', () => {
    const c = completeCase({
      title: '図書館利用者管理システムの導入',
      overview: {
        ...completeCase().overview,
        businessName: '',
        purpose: '',
        businessContent: '図書の貸出を管理する',
      },
      sections: [
        {
          id: 's-pe',
          kind: 'purposeExtension',
          legalBasisId: 'b-pe',
          clauseChoice: null,
          fields: { recipient: '教育委員会' },
        },
      ],
    });
    const fields = proposalFromCase(c);
    expect(fields.name).toBe('図書館利用者管理システムの導入に関する個人情報ファイル');
    expect(fields.purpose).toBe('図書の貸出を管理する');
    expect(fields.regularRecipients).toBe('教育委員会');
  });
});

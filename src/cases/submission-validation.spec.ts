import {
  completeCase,
  EXT_BASIS,
  externalSection,
  OUT_BASIS,
  outsourcingSection,
} from '../../test/support/aggregate-factory';
import { validateCaseForSubmission } from './submission-validation';

const fieldsOf = (c: ReturnType<typeof completeCase>) =>
  Object.fromEntries(validateCaseForSubmission(c).map((e) => [e.field, e.messages.join(' / ')]));

describe('validation for submission', () => {
  it('a complete case has no problems', () => {
    expect(validateCaseForSubmission(completeCase())).toEqual([]);
  });

  it('reports every problem at once, pointing at the fields, in Japanese', () => {
    const c = completeCase({
      contact: { sectionName: '', contactName: '緑川', extension: ' ' },
      sections: [
        externalSection({ partner: '', connectionForm: 'other' }),
        outsourcingSection({ vendor: { name: '', leadCompany: 'A社' }, term: '' }),
      ],
    });
    const f = fieldsOf(c);
    expect(f).toMatchObject({
      'contact.sectionName': '「担当係」を入力してください',
      'contact.extension': '「内線」を入力してください',
      'sections[0].partner': '「結合の相手方」を入力してください',
      'sections[0].connectionDetail': '結合の形態が「その他」の場合は、その内容を入力してください',
      'sections[1].vendor.name': '「委託先」を入力してください',
      'sections[1].term': '「委託の期限」を入力してください',
    });
    expect(Object.keys(f)).toHaveLength(6);
  });

  it('each basis needs its sheet, and a sheet needs the kind its basis requires', () => {
    const f = fieldsOf(completeCase({ sections: [{ ...externalSection(), kind: 'externalConnection' }] }));
    expect(f['legalBasisIds[1]']).toContain(
      '「第14条第1項（個人情報の電子計算機処理の委託等）」の別紙がありません',
    );
    const wrong = fieldsOf(
      completeCase({
        sections: [externalSection(), { ...outsourcingSection(), legalBasisId: EXT_BASIS.id }],
      }),
    );
    expect(wrong['sections[1].kind']).toContain('必要な別紙の種類ではありません');
    expect(fieldsOf(completeCase({ legalBases: [], sections: [] })).legalBasisIds).toContain('1 つ以上');
  });

  it('the item list must not be empty when a sheet handles personal data, and each row marks items', () => {
    const empty = fieldsOf(completeCase({ items: { columns: [], rows: [] } }));
    expect(empty['items.rows']).toContain('1 件以上');
    expect(empty['items.columns']).toContain('1 つ以上');
    const base = completeCase();
    const unmarked = fieldsOf(
      completeCase({
        items: { ...base.items, rows: [{ ...base.items.rows[0], cells: {}, procedureName: '' }] },
      }),
    );
    expect(unmarked['items.rows[0].cells']).toContain('◎ または ○');
    expect(unmarked['items.rows[0].procedureName']).toContain('申請手続名');
  });

  it('re-outsourcing needs its vendor and approval; a clause deviation needs a reason; retroactive needs why', () => {
    const f = fieldsOf(
      completeCase({
        retroactive: true,
        sections: [
          externalSection({ itemKeys: ['name', 'phone'] }),
          outsourcingSection({
            subtype: 'designatedManager',
            reOutsourcing: { planned: true, vendor: { name: '' } },
            clauseDeviations: [{ clauseNumber: 6, description: '再委託を認める', reason: '' }],
          }),
        ],
      }),
    );
    expect(f.retroactiveReason).toContain('事後諮問');
    expect(f['sections[1].reOutsourcing.vendor.name']).toContain('再委託先');
    expect(f['sections[1].reOutsourcing.approval']).toContain('再委託の承認');
    expect(f['sections[1].clauseDeviations[0].reason']).toContain('理由');
    expect(f['sections[1].subtype']).toContain(OUT_BASIS.article);
    expect(f['sections[0].itemKeys[1]']).toContain('phone');
  });

  it('items referenced from the list replace retyping them', () => {
    const c = completeCase({
      sections: [externalSection({ connectedItems: '', itemKeys: ['name'] }), outsourcingSection()],
    });
    expect(validateCaseForSubmission(c)).toEqual([]);
  });
});

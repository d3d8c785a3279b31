import type { BasisRef, CaseAggregate, SectionData } from '../../src/cases/case-aggregate';

export const EXT_BASIS: BasisRef = {
  id: 'b-ext',
  code: 'ext',
  ordinance: '新宿区個人情報保護条例',
  article: '第17条第1項第4号',
  shortName: '電子計算機の外部結合',
  procedure: 'consultation',
  sectionKind: 'externalConnection',
  outsourcingSubtypes: [],
  retired: false,
};
export const OUT_BASIS: BasisRef = {
  id: 'b-out',
  code: 'out',
  ordinance: '新宿区個人情報保護条例',
  article: '第14条第1項',
  shortName: '個人情報の電子計算機処理の委託等',
  procedure: 'priorReport',
  sectionKind: 'outsourcing',
  outsourcingSubtypes: ['computerProcessing', 'reOutsourcing'],
  retired: false,
};

export function externalSection(fields: Record<string, unknown> = {}): SectionData {
  return {
    id: 's-ext',
    kind: 'externalConnection',
    legalBasisId: EXT_BASIS.id,
    clauseChoice: null,
    fields: {
      holdingDepartment: '道とみどりの課',
      businessName: '見学申込',
      connectedItems: '付属資料1のとおり',
      partner: '共同運営センター',
      reason: '受付窓口のため',
      connectionForm: 'lgwan',
      start: '平成19年12月',
      period: '以降継続',
      protectionMeasures: '資料3のとおり',
      ...fields,
    },
  };
}

export function outsourcingSection(fields: Record<string, unknown> = {}): SectionData {
  return {
    id: 's-out',
    kind: 'outsourcing',
    legalBasisId: OUT_BASIS.id,
    clauseChoice: {
      clauseSetId: 'cs',
      clauseSetVersionId: 'csv1',
      name: '個人情報を取り扱う業務委託契約の特記事項',
      versionNumber: 1,
      newerVersionExists: false,
      clauses: [{ number: 6, heading: '再委託の禁止', text: '…' }],
    },
    fields: {
      holdingDepartment: '道とみどりの課',
      businessName: '見学申込',
      subtype: 'computerProcessing',
      vendor: { name: '企業体', leadCompany: 'A社', memberCompanies: ['B社'] },
      handledItems: '付属資料1のとおり',
      reason: '当初から委託',
      scope: '運用',
      start: '平成19年12月',
      term: '以降継続',
      municipalityMeasures: '特記事項を付す',
      vendorMeasures: 'Pマークの基準',
      clauseSetVersionId: 'csv1',
      ...fields,
    },
  };
}

/** A complete case (ready for submission) that tests then break one field at a time. */
export function completeCase(overrides: Partial<CaseAggregate> = {}): CaseAggregate {
  return {
    id: 'c1',
    departmentId: 'd1',
    departmentName: '道とみどりの課',
    departmentDivision: 'みどり土木部',
    status: 'draft',
    procedure: 'consultation',
    confidentialityLevel: 2,
    receiptNumber: null,
    title: '電子申請サービスの導入について',
    contact: { sectionName: 'みどりの係', contactName: '緑川 葉子', extension: '4663' },
    overview: {
      businessName: '屋上等緑化の推進',
      businessDepartment: '道とみどりの課',
      purpose: '緑化を広める',
      targetPersons: '区民及び事業者',
      businessContent: '見本園を活かす',
      background: '',
    },
    retroactive: false,
    retroactiveReason: '',
    related: [],
    relatedNote: '',
    legalBases: [EXT_BASIS, OUT_BASIS],
    sections: [externalSection(), outsourcingSection()],
    items: {
      columns: [
        { key: 'name', label: '氏名', groupLabel: '', sensitive: false, myNumber: false },
        { key: 'address', label: '住所', groupLabel: '', sensitive: false, myNumber: false },
      ],
      rows: [
        {
          id: 'r1',
          departmentBusiness: '道とみどりの課/屋上等緑化の推進',
          procedureName: '見学申込',
          cells: { name: 'required', address: 'optional' },
          otherItems: '',
          note: '',
        },
      ],
    },
    securityMeasures: ['通信を暗号化する'],
    securityMeasuresIntro: '',
    attachments: [],
    copiedFrom: null,
    version: 1,
    createdAt: '2026-04-01T00:00:00.000Z',
    updatedAt: '2026-04-01T00:00:00.000Z',
    createdBy: null,
    updatedBy: null,
    ...overrides,
  };
}

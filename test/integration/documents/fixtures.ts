import type {
  CaseDocumentView,
  PersonalDataRowView,
  SectionView,
} from '../../../src/documents/case-document.view';
import type { MeetingPacketInput } from '../../../src/documents/papers/meeting-packet';
import { rooftopGreeningCase, SAMPLE_OUTSOURCING } from '../../../src/documents/sample-case-document';
import { buildAgendaDocument } from '../../../src/meetings/agenda-document';
import { katakanaLabel } from '../../../src/workflow/numbering';

export { rooftopGreeningCase };

/** Every text field of the fixture, in the order the document prints them (for reading-order checks). */
export function expectedTextInOrder(view: CaseDocumentView): string[] {
  const texts: string[] = [
    view.title,
    '内容は別紙のとおり',
    '【諮問】',
    ...view.consultationBases.map((b) => `◇${b.article}（${b.shortName}）`),
    '【事前報告】',
    ...view.priorReportBases.map((b) => `◇${b.article}（${b.shortName}）`),
    view.owner.departmentPath,
    view.owner.section,
    view.owner.contact,
    view.owner.extension,
    view.overview.businessName,
    view.overview.department,
    view.overview.purpose,
    view.overview.targetPersons,
    view.overview.description,
  ];
  for (const s of view.sections) texts.push(...sectionTexts(s));
  const items = view.personalDataItems;
  if (items) {
    texts.push(items.title, '◎=入力必須項目、○=入力任意項目');
    for (const g of items.groups) texts.push(g.label);
    for (const g of items.groups) texts.push(...g.items);
    for (const r of items.rows) texts.push(r.departmentAndBusiness, r.procedureName, r.note);
  }
  if (view.securityMeasures) {
    texts.push(
      view.securityMeasures.title,
      view.securityMeasures.introduction,
      ...view.securityMeasures.measures,
    );
  }
  for (const a of view.attachments) texts.push(a.label, a.title, a.note);
  const clauses = view.specialClauses;
  if (clauses) {
    texts.push('特記事項', clauses.setName, clauses.version);
    for (const c of clauses.clauses) texts.push(`（${c.heading}）`, c.text);
    for (const d of clauses.deviations) texts.push(d.clause, d.description, d.reason);
  }
  return texts.filter((t) => t !== '');
}

function sectionTexts(s: SectionView): string[] {
  const head = [`◆${s.heading}（${s.article}関係）・・・${s.treatment}`];
  switch (s.kind) {
    case 'processing':
      return [
        ...head,
        s.owningDepartment,
        s.registeredBusinessName,
        s.individualsScope,
        s.groupsScope,
        s.recordedItems.join('、'),
        s.computer,
        s.reason,
        s.content,
        s.outsourcedDevelopmentProtection,
        s.timing,
      ];
    case 'externalConnection':
      return [
        ...head,
        s.connectedItems,
        s.externallyVisibleItems,
        s.counterpart,
        s.reason,
        s.connectionForm,
        s.connectionDetail,
        s.startAndPeriod,
        s.protectionMeasures,
      ];
    case 'outsourcing':
      return [
        ...head,
        s.subtype,
        s.vendor.name,
        s.vendor.leadCompany,
        s.vendor.memberCompanies.join('、'),
        s.vendor.certifications.join('、'),
        s.processedItems,
        s.reason,
        s.content,
        s.startAndTerm,
        s.municipalityMeasures,
        s.contractorMeasures,
        ...s.reOutsourcing.flatMap((r) => [r.vendorName, r.content, r.protectionMeasures]),
      ];
    case 'purposeExtension':
      return [...head, s.informationContent, s.source, s.recipient, s.reason, s.legalGround, s.period];
  }
}

const KINDS: SectionView['kind'][] = ['processing', 'externalConnection', 'outsourcing', 'purposeExtension'];

function sectionOfKind(kind: SectionView['kind'], n: number): SectionView {
  const base = {
    article: `第${10 + (n % 9)}条第1項`,
    heading: `別紙の見出し${n}`,
    treatment: '諮問事項' as const,
  };
  switch (kind) {
    case 'processing':
      return {
        ...base,
        kind,
        owningDepartment: `保有課${n}（髙橋課長）`,
        registeredBusinessName: `登録業務${n}`,
        individualsScope: '区内在住の申請者',
        groupsScope: '区内の事業者',
        recordedItems: ['氏名', '住所', '電話番号', '電子メールアドレス'],
        computer: '庁内サーバ',
        reason: `第${n}別紙の変更理由。`.repeat(4),
        content: `第${n}別紙の変更内容。`.repeat(6),
        outsourcedDevelopmentProtection: '',
        timing: '令和8年4月から',
      };
    case 'externalConnection':
      return {
        ...base,
        kind,
        connectedItems: '氏名、住所',
        externallyVisibleItems: 'なし',
        counterpart: `結合先${n}`,
        reason: `結合理由${n}。`.repeat(5),
        connectionForm: 'VPN',
        connectionDetail: '',
        startAndPeriod: '令和8年4月から',
        protectionMeasures: '通信の暗号化',
      };
    case 'outsourcing':
      return {
        ...SAMPLE_OUTSOURCING,
        ...base,
        vendor: { ...SAMPLE_OUTSOURCING.vendor, name: `山﨑情報サービス㈱ 第${n}営業所` },
        reOutsourcing: [
          {
            vendorName: `𠮷田システム株式会社（${n}）`,
            content: '保守',
            protectionMeasures: '特記事項の遵守',
          },
        ],
      };
    case 'purposeExtension':
      return {
        ...base,
        kind,
        informationContent: '住所、氏名',
        source: `提供元${n}`,
        recipient: `提供先${n}`,
        reason: '災害時の安否確認のため',
        legalGround: '条例第8条第2項第5号',
        period: '令和8年度',
      };
  }
}

/** A case far larger than any real one: `sections` sheets of all kinds and `rows` item rows. */
export function largeCase(rows = 200, sections = 30): CaseDocumentView {
  const base = rooftopGreeningCase();
  const itemRows: PersonalDataRowView[] = Array.from({ length: rows }, (_, i) => ({
    departmentAndBusiness: `課${i + 1}／業務${i + 1}`,
    procedureName: `申請手続${i + 1}`,
    marks: Array.from({ length: 7 }, (_, j) => (j % 3 === 0 ? 'required' : j % 3 === 1 ? 'optional' : null)),
    note: i % 10 === 0 ? `備考${i + 1}` : '',
  }));
  return {
    ...base,
    sections: Array.from({ length: sections }, (_, i) => sectionOfKind(KINDS[i % KINDS.length], i + 1)),
    personalDataItems: base.personalDataItems && { ...base.personalDataItems, rows: itemRows, blankRows: 0 },
  };
}

/**
 * A meeting with one consultation per title (ア, イ …; 資料1, 資料2 …), each the sample case, with one
 * PDF attachment per case when `attachment` is given.
 */
export function samplePacket(titles: readonly string[], attachment?: Uint8Array): MeetingPacketInput {
  const agenda = buildAgendaDocument({
    councilName: '新宿区情報公開・個人情報保護審議会',
    number: 213,
    startsAt: new Date('2026-11-20T14:00:00+09:00'),
    endsAt: new Date('2026-11-20T16:00:00+09:00'),
    place: '本庁舎6階 第3委員会室',
    items: titles.map((title, i) => ({
      section: 'consultation' as const,
      label: katakanaLabel(i + 1),
      title,
      closedSession: false,
      materialLabel: `資料${i + 1}`,
    })),
    materials: titles.map((title, i) => ({
      label: `資料${i + 1}`,
      numbers: [i + 1],
      itemIds: [String(i)],
      documents: [`諮問事案書「${title}」`],
    })),
  });
  return {
    agenda,
    materials: titles.map((title, i) => ({
      label: `資料${i + 1}`,
      title,
      cases: [
        {
          view: { ...rooftopGreeningCase(), title },
          attachments: attachment ? [{ name: `ネットワーク図${i + 1}.pdf`, bytes: attachment }] : [],
        },
      ],
    })),
  };
}

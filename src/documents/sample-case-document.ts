import type { CaseDocumentView, OutsourcingSectionView, SpecialClauseView } from './case-document.view';

/*
 * The Shinjuku rooftop-greening e-application case (../shared/domain/documents/), as the case module
 * hands it to the template: the renderer prints it at boot to warm up every code path of a real
 * case document, and the tests and benchmarks print it as their representative document. Facts (names, articles, items, dates) follow the document; the prose
 * is reworded.
 */

const CLAUSES: SpecialClauseView[] = [
  [
    '基本的事項',
    '乙は、個人情報の保護と情報セキュリティの大切さを理解し、この契約の業務（以下「業務」という。）に必要な措置を講じる。',
  ],
  ['秘密の保持', '乙は、業務で知った情報を第三者に漏らさない。契約が終わった後も同じとする。'],
  [
    '目的外利用及び第三者への提供等の禁止',
    '乙は、業務で知った情報を契約の目的以外に使わず、第三者に提供しない。個人情報以外の情報で甲が承諾したものは除く。',
  ],
  [
    '適正な管理',
    '乙は、業務に関する情報を施錠できる保管庫に入れるなど、善良な管理者の注意をもって管理する。',
  ],
  [
    '複写等の禁止',
    '乙は、甲から貸与された情報を複写・複製しない。個人情報以外の情報で甲が承諾したものは除く。',
  ],
  ['再委託の禁止', '乙は、業務を第三者に委託しない。個人情報を含まない業務で甲が承諾したものは除く。'],
  [
    '資料等の返還等',
    '乙は、甲から受け取り又は自ら作成した資料を、契約終了後すぐに甲へ返す。甲の指示があるときはそれに従う。',
  ],
  ['業務に関する報告', '乙は、甲が求めたときは業務について報告する。'],
  ['監査', '乙は、甲の立入調査などによる監査を受ける。'],
  ['従業員に対する教育', '乙は、従業員に個人情報の管理と情報セキュリティの教育を行う。'],
  [
    '事故発生時等における報告',
    '乙は、事故が起きたとき、起きるおそれがあるとき又は前各項に違反したときは、すぐに甲へ知らせ、書面で報告し、甲の指示に従う。',
  ],
  ['公表', '甲は、乙が前各項に違反したときは、その事実を公表できる。'],
  ['損害の賠償', '乙は、第1項から第11項までに違反して甲又は第三者に損害を与えたときは、賠償する。'],
].map(([heading, text], i) => ({ number: i + 1, heading, text }));

/** The document's first outsourcing sheet (電子計算機処理の委託). */
export const SAMPLE_OUTSOURCING: OutsourcingSectionView = {
  kind: 'outsourcing',
  article: '第14条第1項',
  heading: '個人情報の電子計算機による処理の委託等',
  treatment: '事前報告',
  subtype: '電子計算機処理の委託',
  vendor: {
    name: '次世代電子自治体推進企業体',
    leadCompany: '東日本電信電話株式会社',
    memberCompanies: [
      'エヌ・ティ・ティ・コミュニケーションズ株式会社',
      '日本電気株式会社',
      'トランスコスモス株式会社',
    ],
    certifications: ['プライバシーマーク'],
  },
  processedItems: '資料1「申請手続別個人情報項目一覧」に記載の情報項目',
  reason:
    '共同運営センターは開設時から上記の企業体が運用しており、電子申請の受付もその運用に含まれるため、本手続きを追加して委託する。',
  content:
    '共同運営センターの運用（電子申請サービスの提供とデータ管理、サーバ機器・ネットワークの運用管理、コールセンター、障害時の保守対応など）',
  startAndTerm: '平成19年12月（予定）から（以降継続）',
  municipalityMeasures:
    '契約で、東京電子自治体共同運営協議会の情報セキュリティポリシー、新宿区情報セキュリティポリシー及び新宿区個人情報保護条例を守る義務を課す。',
  contractorMeasures: 'プライバシーマークの基準による。',
  reOutsourcing: [],
  specialClauseSetName: '個人情報を取り扱う委託契約の特記事項',
};

export function rooftopGreeningCase(overrides: Partial<CaseDocumentView> = {}): CaseDocumentView {
  return {
    meta: { confidentialityLevel: 2, draftMark: null, councilName: '情報公開・個人情報保護審議会' },
    title: '屋上等緑化の推進業務における屋上緑化見本園見学申込手続きに係る電子申請サービスの導入について',
    consultationBases: [{ article: '第17条第1項第4号', shortName: '電子計算機の外部結合' }],
    priorReportBases: [{ article: '第14条第1項', shortName: '個人情報の電子計算機処理の委託' }],
    owner: {
      departmentPath: '環境土木部道とみどりの課',
      section: 'みどりの係',
      contact: '内部',
      extension: '4663',
    },
    overview: {
      businessName: '屋上等緑化の推進',
      department: '道とみどりの課',
      purpose: '建築物の屋上等の緑化を広める',
      targetPersons: '区民及び事業者',
      description:
        '都市化が進んだ区内では地上で緑を増やす余地が限られるため、建物の屋上や壁面の緑化を広める。区役所本庁舎の屋上緑化見本園を、その情報を発信する拠点として使う。',
    },
    sectionsHeading: '調査票別紙:電子申請関係',
    sections: [
      {
        kind: 'externalConnection',
        article: '第17条第1項第4号',
        heading: 'コンピュータの外部との結合',
        treatment: '諮問事項',
        connectedItems: '資料1「申請手続別個人情報項目一覧」に記載の情報項目',
        externallyVisibleItems: 'なし（申請者は自分の申請内容のみ参照できる）',
        counterpart: '東京電子自治体共同運営センター',
        reason:
          '共同運営センターが申請の受付窓口となり、区はLGWAN回線で申請データを受け取って審査するため、センターと結合する。',
        connectionForm: 'LGWAN',
        connectionDetail:
          'LGWAN回線で共同運営センターのサーバと区のイントラネット端末をつなぎ、申請データの受付・審査・取込を行う（資料2のとおり）。',
        startAndPeriod: '平成19年12月（予定）から（以降継続）',
        protectionMeasures: '資料3「システム安全対策の概要」のとおり',
      },
      SAMPLE_OUTSOURCING,
    ],
    personalDataItems: {
      title: '付属資料1：申請手続別個人情報項目一覧',
      groups: [
        { label: '電子申請に係る項目', items: ['ID', 'パスワード', '電子メールアドレス'] },
        {
          label: '現行（紙による申請）と同じ申請項目',
          items: ['住所', '氏名', '電話番号', 'その他個人に関する情報項目'],
        },
      ],
      rows: [
        {
          departmentAndBusiness: '道とみどりの課／屋上等緑化の推進',
          procedureName: '屋上緑化見本園見学申込',
          marks: ['required', 'required', 'required', 'optional', 'required', 'required', null],
          note: '申請者区分',
        },
      ],
      blankRows: 4,
      includesSensitiveInformation: false,
      includesMyNumber: false,
    },
    securityMeasures: {
      title: '付属資料3：システム安全対策の概要',
      introduction:
        '住民等と共同運営センターの間はインターネット、共同運営センターと区の間はLGWAN回線で結ぶため、次の対策をとる。',
      measures: [
        '共同運営協議会の情報セキュリティポリシー、新宿区個人情報保護条例及び新宿区情報セキュリティポリシーに沿って開発・運用する。',
        '通信を暗号化し、通信途中での盗用・改ざん・なりすましを防ぐ。',
        'インターネット側とセンター内のネットワークを分け、ファイアウォール、サーバの要塞化、侵入検知、ウイルス対策で外部からの攻撃を防ぐ。',
        'センター内の機器は予備機を置く冗長構成とし、入退室管理とアクセス制限で内部からの情報漏えいを防ぐ。',
        'システム・ネットワークの状態、機器操作、サービス利用のログを取り、定期的に分析する。',
        '職員ごとに交付するID・パスワード等で運用し、他の自治体や他業務の担当者による盗用・改ざん・なりすましを防ぐ。',
        '利用者に交付するID・パスワード等で運用し、第三者による盗用・改ざん・なりすましを防ぐ。',
      ],
    },
    attachments: [
      { label: '資料1', title: '申請手続別個人情報項目一覧', note: '' },
      { label: '資料2', title: '電子申請ネットワーク関連図', note: 'network.pdf' },
      { label: '資料3', title: 'システム安全対策の概要', note: '' },
    ],
    specialClauses: {
      setName: '個人情報を取り扱う委託契約の特記事項',
      version: '第3版',
      effectiveDate: '令和7年4月1日',
      clauses: CLAUSES,
      deviations: [
        {
          clause: '第6項（再委託の禁止）',
          description: 'コールセンター業務に限り、構成企業間での再委託を認める。',
          reason: '共同運営センターの運用体制が構成企業の分担を前提としているため。',
        },
      ],
    },
    ...overrides,
  };
}

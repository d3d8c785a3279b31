import type { SectionKind } from './case-kinds';

/** Japanese labels of the fields, as on the paper forms; used by validation, the diff and the UI. */
export const CASE_FIELD_LABELS: Record<string, string> = {
  title: '件名',
  confidentialityLevel: '機密性',
  'contact.sectionName': '担当係',
  'contact.contactName': '担当者',
  'contact.extension': '内線',
  'overview.businessName': '事業名',
  'overview.businessDepartment': '担当課',
  'overview.purpose': '目的',
  'overview.targetPersons': '対象者',
  'overview.businessContent': '事業内容',
  'overview.background': '導入の理由・経緯',
  retroactive: '事後諮問',
  retroactiveReason: '事後諮問となった理由',
  relatedNote: '関連事案についての補足',
  legalBasisIds: '条例の根拠',
  securityMeasures: 'システム安全対策',
  securityMeasuresIntro: 'システム安全対策の前書き',
};

export const COMMON_SECTION_LABELS: Record<string, string> = {
  sheetTitle: '件名（別紙）',
  holdingDepartment: '保有課（担当課）',
  businessName: '登録業務の名称',
  itemKeys: '個人情報項目一覧の項目',
  note: '備考',
};

export const SECTION_FIELD_LABELS: Record<SectionKind, Record<string, string>> = {
  processing: {
    individualsScope: '記録される情報項目：個人の範囲',
    groupsScope: '記録される情報項目：団体の範囲',
    recordedItems: '記録される情報項目：記録項目',
    recordingComputer: '記録するコンピュータ',
    reason: '新規開発・追加・変更の理由',
    content: '新規開発・追加・変更の内容',
    outsourcedDevelopmentProtection: '開発等を委託する場合における個人情報保護対策',
    timing: '新規開発・追加・変更の時期',
  },
  externalConnection: {
    connectedItems: '結合される情報項目',
    externallyShownItems: '外部表示項目',
    partner: '結合の相手方',
    reason: '結合する理由',
    connectionForm: '結合の形態',
    connectionDetail: '結合の形態（説明）',
    start: '結合の開始時期',
    period: '結合の期間',
    protectionMeasures: '情報保護対策',
  },
  outsourcing: {
    subtype: '委託の種類',
    'vendor.name': '委託先',
    'vendor.leadCompany': '委託先：代表企業',
    'vendor.memberCompanies': '委託先：構成企業',
    'vendor.certifications': '委託先：認証',
    'vendor.selection': '委託先：選定方法・予定',
    handledItems: '委託に伴い事業者に処理させる情報項目',
    reason: '委託理由',
    scope: '委託の内容',
    start: '委託の開始時期',
    term: '委託の期限',
    municipalityMeasures: '委託にあたり区が行う情報保護対策',
    vendorMeasures: '受託事業者に行わせる情報保護対策',
    'reOutsourcing.planned': '再委託の有無',
    'reOutsourcing.vendor.name': '再委託先',
    'reOutsourcing.vendor.leadCompany': '再委託先：代表企業',
    'reOutsourcing.vendor.memberCompanies': '再委託先：構成企業',
    'reOutsourcing.vendor.certifications': '再委託先：認証',
    'reOutsourcing.vendor.selection': '再委託先：選定方法・予定',
    'reOutsourcing.scope': '再委託の内容',
    'reOutsourcing.approval': '再委託の承認',
    clauseSetVersionId: '特記事項',
    clauseDeviations: '特記事項の取扱いの変更',
  },
  purposeExtension: {
    informationContent: '情報の内容',
    source: '提供元',
    recipient: '提供先',
    reason: '理由',
    legalGround: '根拠',
    period: '期間',
    protectionMeasures: '情報保護対策',
  },
};

export function sectionFieldLabel(kind: SectionKind, path: string): string {
  return SECTION_FIELD_LABELS[kind]?.[path] ?? COMMON_SECTION_LABELS[path] ?? path;
}

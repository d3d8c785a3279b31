/**
 * What the case document template (諮問・報告事項) prints: plain data, already worded for print.
 * The case module maps its entities to this; the template adds only fixed Japanese labels.
 * Free text keeps its line breaks (printed with `white-space: pre-wrap`).
 */

export type ConfidentialityLevel = 1 | 2 | 3;
/** Watermark on every page of a draft; null for a final document. */
export type DraftMark = '案' | '下書き' | null;

export interface DocumentMeta {
  readonly confidentialityLevel: ConfidentialityLevel;
  readonly draftMark: DraftMark;
  /** e.g. 情報公開・個人情報保護審議会 */
  readonly councilName: string;
}

/** One ordinance article that makes the case a consultation or a prior report. */
export interface LegalBasisView {
  /** 第17条第1項第4号 */
  readonly article: string;
  /** 電子計算機の外部結合 */
  readonly shortName: string;
}

export interface CaseOwnerView {
  /** 担当部課, e.g. 環境土木部道とみどりの課 */
  readonly departmentPath: string;
  /** 担当係 */
  readonly section: string;
  /** 担当者 */
  readonly contact: string;
  /** 内線 */
  readonly extension: string;
}

/** 事業の概要 */
export interface BusinessOverviewView {
  readonly businessName: string;
  readonly department: string;
  readonly purpose: string;
  readonly targetPersons: string;
  readonly description: string;
  /** 導入の理由・経緯; its own labelled row, printed when not empty. */
  readonly background?: string;
}

interface SectionBase {
  /** 第17条第1項第4号 */
  readonly article: string;
  /** Heading of the sheet, e.g. コンピュータの外部との結合 */
  readonly heading: string;
  /** 諮問事項 or 事前報告 */
  readonly treatment: '諮問事項' | '事前報告';
  /** 件名 of the sheet when it differs from the case's (one sheet per system or contract). */
  readonly sheetTitle?: string;
  /** 備考; printed after the sheet's fields when not empty. */
  readonly note?: string;
}

/** 電子計算機処理の開発・変更 */
export interface ProcessingSectionView extends SectionBase {
  readonly kind: 'processing';
  readonly owningDepartment: string;
  readonly registeredBusinessName: string;
  readonly individualsScope: string;
  readonly groupsScope: string;
  readonly recordedItems: readonly string[];
  readonly computer: string;
  /** 新規開発・追加・変更の理由 */
  readonly reason: string;
  /** 新規開発・追加・変更の内容 */
  readonly content: string;
  /** Protection when the development is outsourced; empty when it is not. */
  readonly outsourcedDevelopmentProtection: string;
  /** 時期 */
  readonly timing: string;
}

/** 電子計算機の外部結合 */
export interface ExternalConnectionSectionView extends SectionBase {
  readonly kind: 'externalConnection';
  readonly connectedItems: string;
  /** 外部表示項目 */
  readonly externallyVisibleItems: string;
  readonly counterpart: string;
  readonly reason: string;
  /** LGWAN / インターネット / 専用線 / VPN / その他 */
  readonly connectionForm: string;
  readonly connectionDetail: string;
  readonly startAndPeriod: string;
  readonly protectionMeasures: string;
}

export interface VendorView {
  readonly name: string;
  /** 代表企業; empty when the vendor is a single company. */
  readonly leadCompany: string;
  /** 構成企業 */
  readonly memberCompanies: readonly string[];
  /** プライバシーマーク, ISMS (ISO/IEC 27001), ISMAP … */
  readonly certifications: readonly string[];
}

export interface ReOutsourcingView {
  readonly vendorName: string;
  readonly content: string;
  readonly protectionMeasures: string;
}

/** 委託 (処理の委託等) */
export interface OutsourcingSectionView extends SectionBase {
  readonly kind: 'outsourcing';
  /** 電子計算機処理の委託 / 指定管理者 / 再委託 … */
  readonly subtype: string;
  readonly vendor: VendorView;
  readonly processedItems: string;
  readonly reason: string;
  readonly content: string;
  readonly startAndTerm: string;
  /** 区が行う情報保護対策 */
  readonly municipalityMeasures: string;
  /** 受託事業者に行わせる情報保護対策 */
  readonly contractorMeasures: string;
  /** 再委託先; empty when there is none. */
  readonly reOutsourcing: readonly ReOutsourcingView[];
  /** What the clerk typed about re-outsourcing although none is planned; printed under 「なし」. */
  readonly reOutsourcingNote?: string;
  /** Name of the chosen 特記事項 set, printed in full at the end of the document; null when none. */
  readonly specialClauseSetName: string | null;
}

/** 目的外利用・提供 */
export interface PurposeExtensionSectionView extends SectionBase {
  readonly kind: 'purposeExtension';
  readonly informationContent: string;
  readonly source: string;
  readonly recipient: string;
  readonly reason: string;
  readonly legalGround: string;
  readonly period: string;
  /** 情報保護対策; the row is printed only when given. */
  readonly protectionMeasures?: string;
}

export type SectionView =
  | ProcessingSectionView
  | ExternalConnectionSectionView
  | OutsourcingSectionView
  | PurposeExtensionSectionView;

/** ◎ required, ○ optional, null not collected. */
export type ItemMark = 'required' | 'optional' | null;

export interface PersonalDataItemGroupView {
  /** e.g. 電子申請に係る項目 */
  readonly label: string;
  readonly items: readonly string[];
}

export interface PersonalDataRowView {
  /** 担当課/業務名 */
  readonly departmentAndBusiness: string;
  /** 申請手続名 */
  readonly procedureName: string;
  /** One mark per item column, in the order of the groups' items. */
  readonly marks: readonly ItemMark[];
  /** その他個人に関する情報項目 (its own column, before 備考). */
  readonly otherItems?: string;
  readonly note: string;
}

/** 付属資料1: 申請手続別個人情報項目一覧 */
export interface PersonalDataItemsView {
  readonly title: string;
  readonly groups: readonly PersonalDataItemGroupView[];
  readonly rows: readonly PersonalDataRowView[];
  /** Blank numbered rows printed after the data, as on the paper form (0 for none). */
  readonly blankRows: number;
  readonly includesSensitiveInformation: boolean;
  readonly includesMyNumber: boolean;
}

/** システム安全対策の概要 */
export interface SecurityMeasuresView {
  readonly title: string;
  readonly introduction: string;
  readonly measures: readonly string[];
}

export interface AttachmentView {
  /** 資料2 */
  readonly label: string;
  readonly title: string;
  /** File name or remark; empty when none. */
  readonly note: string;
}

export interface SpecialClauseView {
  readonly number: number;
  /** 秘密の保持 (printed in parentheses) */
  readonly heading: string;
  readonly text: string;
}

export interface ClauseDeviationView {
  /** e.g. 第6項（再委託の禁止） */
  readonly clause: string;
  readonly description: string;
  readonly reason: string;
}

/** The chosen 特記事項 set, with the version in force and the deviations recorded for this case. */
export interface SpecialClausesView {
  readonly setName: string;
  readonly version: string;
  /** Already formatted (和暦); empty when unknown. */
  readonly effectiveDate: string;
  readonly clauses: readonly SpecialClauseView[];
  readonly deviations: readonly ClauseDeviationView[];
}

export interface CaseDocumentView {
  readonly meta: DocumentMeta;
  /** 件名 */
  readonly title: string;
  /** 受付番号 of an accepted case; empty before acceptance. */
  readonly receiptNumber?: string;
  /** 事後諮問 and its reason; null when the consultation precedes the work. */
  readonly retroactive?: { readonly reason: string } | null;
  /** 【諮問】 group of 条例の根拠 */
  readonly consultationBases: readonly LegalBasisView[];
  /** 【事前報告】 group of 条例の根拠 */
  readonly priorReportBases: readonly LegalBasisView[];
  readonly owner: CaseOwnerView;
  readonly overview: BusinessOverviewView;
  /** Heading over the section sheets, e.g. 調査票別紙:電子申請関係; empty for none. */
  readonly sectionsHeading: string;
  readonly sections: readonly SectionView[];
  readonly personalDataItems: PersonalDataItemsView | null;
  readonly securityMeasures: SecurityMeasuresView | null;
  readonly attachments: readonly AttachmentView[];
  readonly specialClauses: SpecialClausesView | null;
}

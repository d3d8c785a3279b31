import {
  CONNECTION_FORM_LABELS,
  CONNECTION_FORMS,
  OUTSOURCING_SUBTYPE_LABELS,
  type OutsourcingSubtype,
  type SectionKind,
} from '../case-kinds';
import { COMMON_SECTION_LABELS, SECTION_FIELD_LABELS } from '../field-labels';
import { LONG_TEXT, MEDIUM_TEXT, SHORT_TEXT } from '../dto/text';

export type FieldType = 'text' | 'textarea' | 'select' | 'lines' | 'checkbox';

export interface FieldSpec {
  path: string;
  label: string;
  type: FieldType;
  max: number;
  options?: { value: string; label: string }[];
  hint?: string;
}

const t = (path: string, label: string, max = SHORT_TEXT): FieldSpec => ({ path, label, type: 'text', max });
const ta = (path: string, label: string, max = LONG_TEXT, hint?: string): FieldSpec => ({
  path,
  label,
  type: 'textarea',
  max,
  hint,
});
/** A list field, one entry per line (companies, certifications). */
const ls = (path: string, label: string, hint?: string): FieldSpec => ({
  path,
  label,
  type: 'lines',
  max: SHORT_TEXT,
  hint,
});

function kindFields(kind: SectionKind, subtypes: OutsourcingSubtype[]): FieldSpec[] {
  const L = SECTION_FIELD_LABELS[kind];
  switch (kind) {
    case 'processing':
      return [
        ta('individualsScope', L.individualsScope),
        ta('groupsScope', L.groupsScope),
        ta('recordedItems', L.recordedItems),
        ta('recordingComputer', L.recordingComputer, MEDIUM_TEXT),
        ta('reason', L.reason),
        ta('content', L.content),
        ta('outsourcedDevelopmentProtection', L.outsourcedDevelopmentProtection),
        t('timing', L.timing, MEDIUM_TEXT),
      ];
    case 'externalConnection':
      return [
        ta(
          'connectedItems',
          L.connectedItems,
          LONG_TEXT,
          '下の「個人情報項目一覧の項目」で選んだ項目は、ここに書き直す必要はありません',
        ),
        ta('externallyShownItems', L.externallyShownItems),
        ta('partner', L.partner, MEDIUM_TEXT),
        ta('reason', L.reason),
        {
          path: 'connectionForm',
          label: L.connectionForm,
          type: 'select',
          max: 0,
          options: CONNECTION_FORMS.map((f) => ({ value: f, label: CONNECTION_FORM_LABELS[f] })),
        },
        ta('connectionDetail', L.connectionDetail),
        t('start', L.start, MEDIUM_TEXT),
        t('period', L.period, MEDIUM_TEXT),
        ta('protectionMeasures', L.protectionMeasures),
      ];
    case 'outsourcing':
      return [
        {
          path: 'subtype',
          label: L.subtype,
          type: 'select',
          max: 0,
          options: subtypes.map((s) => ({ value: s, label: OUTSOURCING_SUBTYPE_LABELS[s] })),
        },
        t('vendor.name', L['vendor.name'], SHORT_TEXT * 2),
        t('vendor.leadCompany', L['vendor.leadCompany']),
        ls('vendor.memberCompanies', L['vendor.memberCompanies'], '1 行に 1 社'),
        ls(
          'vendor.certifications',
          L['vendor.certifications'],
          '1 行に 1 つ（プライバシーマーク、ISMS、ISMAP など）',
        ),
        ta('vendor.selection', L['vendor.selection'], MEDIUM_TEXT),
        ta(
          'handledItems',
          L.handledItems,
          LONG_TEXT,
          '下の「個人情報項目一覧の項目」で選んだ項目は、ここに書き直す必要はありません',
        ),
        ta('reason', L.reason),
        ta('scope', L.scope),
        t('start', L.start, MEDIUM_TEXT),
        t('term', L.term, MEDIUM_TEXT),
        ta('municipalityMeasures', L.municipalityMeasures),
        ta('vendorMeasures', L.vendorMeasures),
        { path: 'reOutsourcing.planned', label: '再委託する', type: 'checkbox', max: 0 },
        t('reOutsourcing.vendor.name', L['reOutsourcing.vendor.name'], SHORT_TEXT * 2),
        t('reOutsourcing.vendor.leadCompany', L['reOutsourcing.vendor.leadCompany']),
        ls('reOutsourcing.vendor.memberCompanies', L['reOutsourcing.vendor.memberCompanies']),
        ls('reOutsourcing.vendor.certifications', L['reOutsourcing.vendor.certifications']),
        ta('reOutsourcing.scope', L['reOutsourcing.scope']),
        t('reOutsourcing.approval', L['reOutsourcing.approval'], MEDIUM_TEXT),
      ];
    case 'purposeExtension':
      return [
        ta('informationContent', L.informationContent),
        t('source', L.source, MEDIUM_TEXT),
        t('recipient', L.recipient, MEDIUM_TEXT),
        ta('reason', L.reason),
        t('legalGround', L.legalGround, MEDIUM_TEXT),
        t('period', L.period, MEDIUM_TEXT),
        ta('protectionMeasures', L.protectionMeasures),
      ];
  }
}

/** The fields of a sheet in the order of the paper form. */
export function sectionFieldSpecs(kind: SectionKind, subtypes: OutsourcingSubtype[]): FieldSpec[] {
  return [
    t('sheetTitle', COMMON_SECTION_LABELS.sheetTitle, SHORT_TEXT * 2),
    t('holdingDepartment', COMMON_SECTION_LABELS.holdingDepartment),
    t('businessName', COMMON_SECTION_LABELS.businessName, SHORT_TEXT * 2),
    ...kindFields(kind, subtypes),
    ta('note', COMMON_SECTION_LABELS.note),
  ];
}

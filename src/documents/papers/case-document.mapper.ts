import type { CaseAggregate, SectionData } from '../../cases/case-aggregate';
import { coverBases, toCaseDocumentData } from '../../cases/case-document';
import {
  CONNECTION_FORM_LABELS,
  OUTSOURCING_SUBTYPE_LABELS,
  SECTION_KIND_LABELS,
  type ConnectionForm,
  type OutsourcingSubtype,
} from '../../cases/case-kinds';
import type {
  CaseDocumentView,
  ConfidentialityLevel,
  ItemMark,
  LegalBasisView,
  SectionView,
  SpecialClausesView,
} from '../case-document.view';

const text = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(text).filter(Boolean) : text(v) ? [text(v)] : [];
const joinLines = (...parts: string[]): string => parts.filter(Boolean).join('\n');

export function confidentialityOf(level: number): ConfidentialityLevel {
  return level === 1 || level === 3 ? level : 2;
}

function get(fields: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      fields,
    );
}

/** "付属資料1の項目: ID、パスワード…" for a section that points at item columns. */
function itemNamesOf(s: SectionData, c: CaseAggregate): string {
  const label = new Map(c.items.columns.map((col) => [col.key, col.label]));
  const names = list(s.fields.itemKeys).map((k) => label.get(k) ?? k);
  return names.length ? `（付属資料1の項目: ${names.join('、')}）` : '';
}

function sectionView(s: SectionData, c: CaseAggregate): SectionView {
  const f = s.fields;
  const basis = c.legalBases.find((b) => b.id === s.legalBasisId);
  const heading =
    s.kind === 'outsourcing' && f.subtype
      ? OUTSOURCING_SUBTYPE_LABELS[f.subtype as OutsourcingSubtype]
      : SECTION_KIND_LABELS[s.kind];
  const base = {
    article: basis?.article ?? '',
    heading,
    treatment: basis?.procedure === 'consultation' ? ('諮問事項' as const) : ('事前報告' as const),
    note: text(f.note),
    sheetTitle: text(f.sheetTitle),
  };
  const items = itemNamesOf(s, c);
  switch (s.kind) {
    case 'processing':
      return {
        ...base,
        kind: 'processing',
        owningDepartment: text(f.holdingDepartment),
        registeredBusinessName: text(f.businessName),
        individualsScope: text(f.individualsScope),
        groupsScope: text(f.groupsScope),
        recordedItems: [...list(f.recordedItems), ...(items ? [items] : [])],
        computer: text(f.recordingComputer),
        reason: text(f.reason),
        content: text(f.content),
        outsourcedDevelopmentProtection: text(f.outsourcedDevelopmentProtection),
        timing: text(f.timing),
      };
    case 'externalConnection':
      return {
        ...base,
        kind: 'externalConnection',
        connectedItems: joinLines(text(f.connectedItems), items),
        externallyVisibleItems: text(f.externallyShownItems),
        counterpart: text(f.partner),
        reason: text(f.reason),
        connectionForm: f.connectionForm ? CONNECTION_FORM_LABELS[f.connectionForm as ConnectionForm] : '',
        connectionDetail: text(f.connectionDetail),
        startAndPeriod: joinLines(text(f.start), text(f.period)),
        protectionMeasures: text(f.protectionMeasures),
      };
    case 'outsourcing': {
      const reOutsourced = get(f, 'reOutsourcing.planned') === true;
      return {
        ...base,
        kind: 'outsourcing',
        subtype: f.subtype ? OUTSOURCING_SUBTYPE_LABELS[f.subtype as OutsourcingSubtype] : '',
        vendor: {
          name: joinLines(text(get(f, 'vendor.name')), text(get(f, 'vendor.selection'))),
          leadCompany: text(get(f, 'vendor.leadCompany')),
          memberCompanies: list(get(f, 'vendor.memberCompanies')),
          certifications: list(get(f, 'vendor.certifications')),
        },
        processedItems: joinLines(text(f.handledItems), items),
        reason: text(f.reason),
        content: text(f.scope),
        startAndTerm: joinLines(text(f.start), text(f.term)),
        municipalityMeasures: text(f.municipalityMeasures),
        contractorMeasures: text(f.vendorMeasures),
        reOutsourcing: reOutsourced
          ? [
              {
                vendorName: joinLines(
                  text(get(f, 'reOutsourcing.vendor.name')),
                  text(get(f, 'reOutsourcing.vendor.leadCompany')),
                  list(get(f, 'reOutsourcing.vendor.memberCompanies')).join('、'),
                  list(get(f, 'reOutsourcing.vendor.certifications')).join('、'),
                ),
                content: joinLines(
                  text(get(f, 'reOutsourcing.scope')),
                  text(get(f, 'reOutsourcing.approval')),
                ),
                protectionMeasures: text(get(f, 'reOutsourcing.vendor.selection')),
              },
            ]
          : [],
        reOutsourcingNote: reOutsourced ? '' : reOutsourcingNote(f),
        specialClauseSetName: s.clauseChoice?.name ?? null,
      };
    }
    case 'purposeExtension':
      return {
        ...base,
        kind: 'purposeExtension',
        informationContent: text(f.informationContent),
        source: text(f.source),
        recipient: text(f.recipient),
        reason: text(f.reason),
        legalGround: text(f.legalGround),
        period: text(f.period),
        protectionMeasures: text(f.protectionMeasures),
      };
  }
}

/**
 * Text the clerk typed under re-outsourcing while none is planned (a plan under study, a reason):
 * printed beside 「なし」, never dropped.
 */
function reOutsourcingNote(f: Record<string, unknown>): string {
  return joinLines(
    text(get(f, 'reOutsourcing.vendor.name')),
    text(get(f, 'reOutsourcing.vendor.leadCompany')),
    list(get(f, 'reOutsourcing.vendor.memberCompanies')).join('、'),
    list(get(f, 'reOutsourcing.vendor.certifications')).join('、'),
    text(get(f, 'reOutsourcing.vendor.selection')),
    text(get(f, 'reOutsourcing.scope')),
    text(get(f, 'reOutsourcing.approval')),
  );
}

/** All clause sets the sections chose, in section order; the first one carries the others' deviations. */
function specialClauses(data: ReturnType<typeof toCaseDocumentData>): SpecialClausesView | null {
  const first = data.clauses[0];
  if (!first) return null;
  return {
    setName: first.setName,
    version: first.version,
    effectiveDate: '',
    clauses: first.clauses,
    deviations: data.clauses.flatMap((set) =>
      set.deviations.map((d) => ({
        clause: `第${d.clauseNumber}項${d.heading ? `（${d.heading}）` : ''}`,
        description: d.description,
        reason: d.reason,
      })),
    ),
  };
}

/**
 * The case file as the case document template prints it. Cover, overview, item grid, measures,
 * attachments and clauses come from `toCaseDocumentData` (the wording shared with the UI); the
 * section sheets are built from the typed section fields the template lays out.
 */
export function toCaseDocumentView(c: CaseAggregate, councilName: string): CaseDocumentView {
  const data = toCaseDocumentData(c);
  const cover = coverBases(c);
  const basis = (procedure: string): LegalBasisView[] =>
    cover.filter((b) => b.procedure === procedure).map((b) => ({ article: b.article, shortName: b.name }));
  const columns = c.items.columns;
  const groups: { label: string; items: string[] }[] = [];
  for (const col of columns) {
    const last = groups[groups.length - 1];
    if (last && last.label === col.groupLabel) last.items.push(col.label);
    else groups.push({ label: col.groupLabel, items: [col.label] });
  }
  return {
    meta: {
      confidentialityLevel: confidentialityOf(c.confidentialityLevel),
      draftMark: c.status === 'draft' || c.status === 'sentBack' ? '下書き' : null,
      councilName,
    },
    title: c.title,
    receiptNumber: c.receiptNumber ?? '',
    retroactive: c.retroactive ? { reason: c.retroactiveReason } : null,
    consultationBases: basis('consultation'),
    priorReportBases: [...basis('priorReport'), ...basis('report')],
    owner: {
      departmentPath: data.cover.department,
      section: data.cover.sectionName,
      contact: data.cover.contactName,
      extension: data.cover.extension,
    },
    overview: {
      businessName: c.overview.businessName,
      department: c.overview.businessDepartment,
      purpose: c.overview.purpose,
      targetPersons: c.overview.targetPersons,
      description: c.overview.businessContent,
      background: c.overview.background,
    },
    sectionsHeading: '',
    sections: c.sections.map((s) => sectionView(s, c)),
    personalDataItems:
      columns.length > 0
        ? {
            title: '付属資料1　申請手続別個人情報項目一覧',
            groups,
            rows: c.items.rows.map((r) => ({
              departmentAndBusiness: r.departmentBusiness,
              procedureName: r.procedureName,
              marks: columns.map((col): ItemMark => r.cells[col.key] ?? null),
              otherItems: r.otherItems,
              note: r.note,
            })),
            blankRows: 0,
            includesSensitiveInformation: columns.some(
              (col) => col.sensitive && c.items.rows.some((r) => r.cells[col.key]),
            ),
            includesMyNumber: columns.some(
              (col) => col.myNumber && c.items.rows.some((r) => r.cells[col.key]),
            ),
          }
        : null,
    securityMeasures:
      c.securityMeasures.length > 0 || c.securityMeasuresIntro
        ? {
            title: 'システム安全対策の概要',
            introduction: c.securityMeasuresIntro,
            measures: c.securityMeasures,
          }
        : null,
    attachments: data.attachments.map((a) => ({ label: a.label, title: a.title, note: a.fileName })),
    specialClauses: specialClauses(data),
  };
}

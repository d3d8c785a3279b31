import type { FieldError } from '../../common/errors/app-error';
import {
  CELL_MARKS,
  OUTSOURCING_SUBTYPES,
  SECTION_KIND_LABELS,
  type OutsourcingSubtype,
} from '../case-kinds';
import type { CaseDto } from '../dto/case.dto';
import type { ClauseSetDto, LegalBasisDto } from '../dto/catalog.dto';
import { CASE_FIELD_LABELS, sectionFieldLabel } from '../field-labels';
import { LONG_TEXT, MEDIUM_TEXT, SHORT_TEXT } from '../dto/text';
import { sectionFieldSpecs, type FieldSpec } from './editor-fields';

export interface FieldView {
  id: string;
  name: string;
  label: string;
  type: FieldSpec['type'];
  value: string;
  checked: boolean;
  max: number;
  hint?: string;
  options: { value: string; label: string; selected: boolean }[];
}

const domId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function get(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      obj,
    );
}

function fieldView(spec: FieldSpec, prefix: string, source: unknown): FieldView {
  const name = `${prefix}${spec.path}`;
  const raw = get(source, spec.path);
  const value =
    spec.type === 'lines' ? (Array.isArray(raw) ? raw.join('\n') : '') : raw == null ? '' : String(raw);
  return {
    id: domId(name),
    name,
    label: spec.label,
    type: spec.type,
    value,
    checked: raw === true,
    max: spec.max,
    hint: spec.hint,
    options: (spec.options ?? []).map((o) => ({ ...o, selected: o.value === value })),
  };
}

/** Everything the editor page needs, precomputed so the template only lays it out. */
export function editorView(
  c: CaseDto,
  bases: LegalBasisDto[],
  clauseSets: ClauseSetDto[],
  relatable: { id: string; title: string }[],
) {
  const basisById = new Map(bases.map((b) => [b.id, b]));
  const chosen = new Set(c.legalBases.map((b) => b.id));
  const overview: FieldView[] = [
    fieldView({ path: 'title', label: CASE_FIELD_LABELS.title, type: 'textarea', max: 500 }, '', c),
    fieldView(
      {
        path: 'confidentialityLevel',
        label: '機密性',
        type: 'select',
        max: 0,
        options: [1, 2, 3].map((n) => ({ value: String(n), label: `機密性${n}` })),
      },
      '',
      c,
    ),
    ...(['sectionName', 'contactName', 'extension'] as const).map((k) =>
      fieldView(
        {
          path: k,
          label: CASE_FIELD_LABELS[`contact.${k}`],
          type: 'text',
          max: k === 'extension' ? 50 : SHORT_TEXT,
        },
        'contact.',
        c.contact,
      ),
    ),
    fieldView(
      { path: 'businessName', label: '事業名', type: 'text', max: SHORT_TEXT * 2 },
      'overview.',
      c.overview,
    ),
    fieldView(
      { path: 'businessDepartment', label: '担当課', type: 'text', max: SHORT_TEXT },
      'overview.',
      c.overview,
    ),
    fieldView({ path: 'purpose', label: '目的', type: 'textarea', max: LONG_TEXT }, 'overview.', c.overview),
    fieldView(
      { path: 'targetPersons', label: '対象者', type: 'textarea', max: MEDIUM_TEXT },
      'overview.',
      c.overview,
    ),
    fieldView(
      { path: 'businessContent', label: '事業内容', type: 'textarea', max: LONG_TEXT },
      'overview.',
      c.overview,
    ),
    fieldView(
      {
        path: 'background',
        label: CASE_FIELD_LABELS['overview.background'],
        type: 'textarea',
        max: LONG_TEXT,
        hint: '例: 電子申請サービスを導入する理由',
      },
      'overview.',
      c.overview,
    ),
    fieldView(
      { path: 'retroactive', label: '事後諮問である（処理を始めた後の諮問）', type: 'checkbox', max: 0 },
      '',
      c,
    ),
    fieldView(
      {
        path: 'retroactiveReason',
        label: CASE_FIELD_LABELS.retroactiveReason,
        type: 'textarea',
        max: LONG_TEXT,
      },
      '',
      c,
    ),
    fieldView(
      { path: 'relatedNote', label: CASE_FIELD_LABELS.relatedNote, type: 'textarea', max: MEDIUM_TEXT },
      '',
      c,
    ),
  ];

  const ordinances = [...new Set(bases.map((b) => b.ordinance))];
  const basisGroups = ordinances.map((o) => ({
    ordinance: o,
    bases: bases
      .filter((b) => b.ordinance === o && (!b.retired || chosen.has(b.id)))
      .map((b) => ({
        id: b.id,
        label: `${b.article}（${b.shortName}）`,
        procedureLabel: b.procedureLabel,
        kindLabel: b.sectionKindLabel,
        checked: chosen.has(b.id),
        retired: b.retired,
      })),
  }));

  const columns = c.items.columns;
  const sections = c.sections.map((s, i) => {
    const basis = basisById.get(s.legalBasisId);
    const subtypes = (
      basis?.outsourcingSubtypes.length ? basis.outsourcingSubtypes : [...OUTSOURCING_SUBTYPES]
    ) as OutsourcingSubtype[];
    const prefix = `sections.${i}.`;
    const itemKeys = (s.fields.itemKeys as string[] | undefined) ?? [];
    return {
      index: i,
      tabId: `tab-section-${i}`,
      tabLabel: `別紙${i + 1} ${SECTION_KIND_LABELS[s.kind]}`,
      heading: `${basis ? `${basis.article}（${basis.shortName}）・${basis.procedureLabel}` : ''}`,
      kindLabel: SECTION_KIND_LABELS[s.kind],
      hidden: [
        { name: `${prefix}id`, value: s.id },
        { name: `${prefix}kind`, value: s.kind },
        { name: `${prefix}legalBasisId`, value: s.legalBasisId },
      ],
      fields: sectionFieldSpecs(s.kind, subtypes).map((spec) => fieldView(spec, prefix, s.fields)),
      itemKeysName: `${prefix}itemKeys`,
      itemKeys: columns.map((col) => ({
        key: col.key,
        label: col.label,
        checked: itemKeys.includes(col.key),
      })),
      isOutsourcing: s.kind === 'outsourcing',
      sheetName: String(s.fields.sheetTitle || s.fields.businessName || ''),
      canMoveUp: i > 0,
      canMoveDown: i < c.sections.length - 1,
    };
  });

  const clauseSections = c.sections
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.kind === 'outsourcing')
    .map(({ s, i }) => {
      const prefix = `sections.${i}.`;
      const current = s.clauseChoice;
      const options = clauseSets
        .filter((set) => !set.retired || set.id === current?.clauseSetId)
        .map((set) => ({
          value: set.current.id,
          label: `${set.current.name}（第${set.current.number}版・最新）`,
          selected: current?.clauseSetVersionId === set.current.id,
        }));
      if (current && !options.some((o) => o.value === current.clauseSetVersionId))
        options.unshift({
          value: current.clauseSetVersionId,
          label: `${current.name}（第${current.versionNumber}版・この事案で選んだ版）`,
          selected: true,
        });
      const deviations = (
        (s.fields.clauseDeviations as { clauseNumber: number; description?: string; reason?: string }[]) ?? []
      ).map((d, j) => ({
        index: j,
        prefix: `${prefix}clauseDeviations.${j}.`,
        clauseNumber: d.clauseNumber,
        description: d.description ?? '',
        reason: d.reason ?? '',
        clauseOptions: (current?.clauses ?? []).map((cl) => ({
          value: cl.number,
          label: `${cl.number}（${cl.heading}）`,
          selected: cl.number === d.clauseNumber,
        })),
      }));
      return {
        index: i,
        sheetLabel: `別紙${i + 1}: ${(s.fields.sheetTitle as string) || (s.fields.businessName as string) || '委託'}`,
        name: `${prefix}clauseSetVersionId`,
        id: domId(`${prefix}clauseSetVersionId`),
        options,
        current,
        deviations,
      };
    });

  return {
    overview,
    basisGroups,
    related: relatable.map((r) => ({ ...r, checked: c.related.some((x) => x.id === r.id) })),
    sections,
    addableBases: c.legalBases.map((b) => ({
      id: b.id,
      kind: b.sectionKind,
      label: `${b.article}（${b.shortName}）`,
    })),
    items: {
      columns: columns.map((col, i) => ({ ...col, index: i, prefix: `items.columns.${i}.` })),
      rows: c.items.rows.map((r, i) => ({
        ...r,
        index: i,
        no: i + 1,
        prefix: `items.rows.${i}.`,
        cells: columns.map((col) => {
          const v = r.cells[col.key];
          return { key: col.key, label: col.label, value: v ?? '', mark: v ? CELL_MARKS[v] : '' };
        }),
      })),
    },
    measuresIntro: fieldView(
      {
        path: 'securityMeasuresIntro',
        label: CASE_FIELD_LABELS.securityMeasuresIntro,
        type: 'textarea',
        max: LONG_TEXT,
        hint: '例: 通信回線でシステムを結合するため、次の対策を講じる。',
      },
      '',
      c,
    ),
    measures: c.securityMeasures.map((m, i) => ({
      index: i,
      no: i + 1,
      name: `securityMeasures.${i}`,
      value: m,
    })),
    clauseSections,
  };
}

/** Field errors with their Japanese place, for the pre-submission check. */
export function labelledErrors(c: CaseDto, errors: FieldError[]) {
  return errors.map((e) => {
    const m = /^sections\[(\d+)\]\.(.+)$/.exec(e.field);
    let label = CASE_FIELD_LABELS[e.field.replace(/\[\d+\]$/, '')] ?? e.field;
    let tab = 'tab-overview';
    if (m) {
      const s = c.sections[Number(m[1])];
      label = `別紙${Number(m[1]) + 1}（${s ? SECTION_KIND_LABELS[s.kind] : ''}） › ${s ? sectionFieldLabel(s.kind, m[2].replace(/\[\d+\].*$/, '')) : m[2]}`;
      tab = `tab-section-${m[1]}`;
    } else if (e.field.startsWith('items')) {
      label = '個人情報項目一覧';
      tab = 'tab-items';
    } else if (e.field.startsWith('securityMeasures')) {
      tab = 'tab-measures';
    } else if (e.field.startsWith('legalBasisIds')) {
      label = '条例の根拠';
      tab = 'tab-bases';
    }
    return { field: e.field, label, tab, messages: e.messages };
  });
}

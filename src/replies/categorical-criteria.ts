import {
  CONNECTION_FORM_LABELS,
  CONNECTION_FORMS,
  OUTSOURCING_SUBTYPE_LABELS,
  OUTSOURCING_SUBTYPES,
} from '../cases/case-kinds';
import type { AnswerConditions } from '../cases/legal-basis.entity';
import type { CategoricalCriteria } from '../meetings/agenda-item.entity';

export interface CatalogBasis {
  code: string;
  ordinance: string;
  article: string;
  shortName: string;
  appliesWhen: AnswerConditions;
}

function normalise(s: string): string {
  return s.replace(/[\s　()（）]/g, '').toLowerCase();
}

function matchCode<T extends string>(
  value: string,
  codes: readonly T[],
  labels: Record<T, string>,
): T | null {
  const v = normalise(value);
  return (
    codes.find((c) => normalise(c) === v || normalise(labels[c]) === v || normalise(labels[c]).includes(v)) ??
    null
  );
}

/** The codes that `values` (as written at the meeting) name, those matching none left out. */
function matchCodes<T extends string>(
  values: readonly string[] | undefined,
  codes: readonly T[],
  labels: Record<T, string>,
): T[] {
  return (values ?? []).map((v) => matchCode(v, codes, labels)).filter((c): c is T => c !== null);
}

/**
 * Translates the criteria the council recorded for a categorical consultation (bases, connection
 * forms, vendors' kinds, data item kinds, as written at the meeting) into the assessment answers the
 * case-file rule engine matches, so later cases inside the category are recognised.
 */
export function toAnswerConditions(criteria: CategoricalCriteria, catalog: CatalogBasis[]): AnswerConditions {
  const out: AnswerConditions = {};
  for (const label of criteria.legalBases ?? []) {
    const key = normalise(label);
    const basis = catalog.find(
      (b) =>
        normalise(`${b.article}${b.shortName}`) === key || normalise(b.article) === key || b.code === label,
    );
    if (!basis) continue;
    if (basis.ordinance && out.ordinance === undefined) out.ordinance = basis.ordinance;
    for (const [k, v] of Object.entries(basis.appliesWhen ?? {})) if (out[k] === undefined) out[k] = v;
  }
  const forms = matchCodes(criteria.connectionForms, CONNECTION_FORMS, CONNECTION_FORM_LABELS);
  if (forms.length) {
    out.externalConnection = true;
    out.connectionForm = forms;
  }
  const subtypes = matchCodes(criteria.vendorKinds, OUTSOURCING_SUBTYPES, OUTSOURCING_SUBTYPE_LABELS);
  if (subtypes.length) {
    out.outsourcing = true;
    out.outsourcingSubtypes = subtypes;
  }
  for (const kind of criteria.dataItemKinds ?? []) {
    if (/要配慮/.test(kind)) out.sensitiveData = true;
    if (/マイナンバー|個人番号/.test(kind)) out.myNumber = true;
  }
  return out;
}

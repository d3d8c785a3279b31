import {
  BASIS_PROCEDURE_LABELS,
  OUTSOURCING_SUBTYPE_LABELS,
  SECTION_KIND_LABELS,
  sheetRank,
  type BasisProcedure,
} from './case-kinds';
import type { AssessmentAnswersDto, AssessmentResultDto } from './dto/assessment.dto';
import type { AnswerConditions, BasisRule } from './legal-basis.entity';

export type RuleBasis = BasisRule & { id: string; retired: boolean };

export interface RuleCategorical {
  id: string;
  title: string;
  criteria: AnswerConditions;
  replyReference: string;
  active: boolean;
}

type Answers = AssessmentAnswersDto;

/**
 * One condition of a rule. `true`/`false` and strings must equal the answer; a list means
 * "one of these" (for a list answer such as the outsourcing subtypes: any in common).
 */
export function conditionHolds(answer: unknown, expected: boolean | string | string[]): boolean {
  if (Array.isArray(expected)) {
    if (Array.isArray(answer)) return answer.some((a) => expected.includes(String(a)));
    return typeof answer === 'string' && expected.includes(answer);
  }
  if (Array.isArray(answer)) return typeof expected === 'string' && answer.includes(expected);
  return answer === expected;
}

/** A rule applies when every condition holds; an empty rule never applies (manual choice only). */
export function ruleApplies(conditions: AnswerConditions, answers: Answers): boolean {
  const entries = Object.entries(conditions ?? {});
  if (entries.length === 0) return false;
  const given = answers as unknown as Record<string, unknown>;
  return entries.every(([key, expected]) => conditionHolds(given[key], expected));
}

const basisOut = (b: RuleBasis) => ({
  id: b.id,
  code: b.code,
  article: b.article,
  shortName: b.shortName,
  procedure: b.procedure,
  procedureLabel: BASIS_PROCEDURE_LABELS[b.procedure],
  sectionKind: b.sectionKind,
  sectionKindLabel: SECTION_KIND_LABELS[b.sectionKind],
  optional: b.procedure === 'consultation' && b.optional === true,
});

/** What the assessment says about a consultation the framework makes optional rather than required. */
export const optionalConsultationNote = (b: { article: string; shortName: string }): string =>
  `${b.article}（${b.shortName}）の諮問は任意です（法第129条）。実施機関が、専門的な知見に基づく意見を聴くことが特に必要であると認めるときに諮問します。`;

/**
 * The rule engine: which legal bases of the catalog the answers call for, 諮問 or 事前報告 for each,
 * the sheets to fill, and any approved categorical consultation that already covers the case.
 * All rules are data (legal_basis.applies_when, categorical_consultation.criteria).
 */
export function assess(
  answers: Answers,
  catalog: RuleBasis[],
  categoricals: RuleCategorical[],
): AssessmentResultDto {
  const active = [...catalog].filter((b) => !b.retired).sort((a, b) => a.sortOrder - b.sortOrder);
  const ordinances = [...new Set(active.map((b) => b.ordinance))];
  const ordinance =
    answers.ordinance && ordinances.includes(answers.ordinance) ? answers.ordinance : (ordinances[0] ?? '');
  // Sheet order of the paper forms (別紙1 is the processing sheet), then the catalog's order.
  const matched = active
    .filter((b) => b.ordinance === ordinance && ruleApplies(b.appliesWhen, answers))
    .sort((a, b) => sheetRank(a.sectionKind) - sheetRank(b.sectionKind) || a.sortOrder - b.sortOrder);

  const sections: AssessmentResultDto['sections'] = [];
  for (const b of matched) {
    if (b.sectionKind === 'outsourcing' && b.outsourcingSubtypes.length > 0) {
      const chosen = (answers.outsourcingSubtypes ?? []).filter((s) => b.outsourcingSubtypes.includes(s));
      for (const subtype of chosen.length ? chosen : [null]) {
        sections.push({
          legalBasisId: b.id,
          kind: b.sectionKind,
          subtype,
          label: `${b.article}（${subtype ? OUTSOURCING_SUBTYPE_LABELS[subtype] : b.shortName}）`,
        });
      }
    } else {
      sections.push({
        legalBasisId: b.id,
        kind: b.sectionKind,
        subtype: null,
        label: `${b.article}（${b.shortName}）`,
      });
    }
  }

  const bases = matched.map(basisOut);
  const notes: string[] = bases.filter((b) => b.optional).map(optionalConsultationNote);
  if (answers.sensitiveData)
    notes.push('要配慮個人情報を扱います。個人情報項目一覧で該当する項目に「要配慮」の印を付けてください。');
  if (answers.myNumber)
    notes.push(
      'マイナンバー（個人番号）を扱います。個人情報項目一覧で該当する項目に「マイナンバー」の印を付けてください。',
    );
  if (answers.externalConnection && !answers.connectionForm)
    notes.push('結合の形態（LGWAN・インターネット・専用線・VPN・その他）を選んでください。');
  if (answers.outsourcing && !(answers.outsourcingSubtypes ?? []).length)
    notes.push('委託の種類を選ぶと、種類ごとの別紙を用意します。');
  if (bases.length === 0)
    notes.push('回答からは該当する条例の根拠がありません。必要なら根拠を手で選んでください。');

  return {
    ordinance,
    ordinances,
    bases,
    consultation: bases.filter((b) => b.procedure === 'consultation'),
    priorReport: bases.filter((b) => b.procedure === 'priorReport'),
    report: bases.filter((b) => b.procedure === 'report'),
    sections,
    procedure: bases.length === 0 ? null : procedureOf(matched),
    categorical: categoricals
      .filter((c) => c.active && ruleApplies(c.criteria, { ...answers, ordinance }))
      .map((c) => ({ id: c.id, title: c.title, replyReference: c.replyReference })),
    notes,
  };
}

/** 諮問事項 if any basis is a consultation, otherwise 報告事項. */
export function procedureOf(bases: { procedure: BasisProcedure }[]): 'consultation' | 'report' {
  return bases.some((b) => b.procedure === 'consultation') ? 'consultation' : 'report';
}

import { formatWareki } from '../common/format/wareki';
import { todayInJapan } from '../common/format/today';
import { valuesOf } from '../common/label-table';

/**
 * The reporting duty of a public body to the Personal Information Protection Commission
 * (個人情報の保護に関する法律 第68条第1項, 施行規則第43条) and its deadlines (規則第44条, read with the
 * guidance as docs/LAW-NOTES.md records). Pure: no I/O, `today` is passed in (Japan time, YYYY-MM-DD).
 */

/** The grounds of 規則第43条, in the rule's order, with why the duty arises (shown on screens and in the API). */
export const DUTY_GROUND_REASONS = {
  sensitive: '要配慮個人情報が含まれる保有個人情報の漏えい等（規則第43条第1号）',
  financialDamage:
    '不正に利用されることにより財産的被害が生じるおそれがある保有個人情報の漏えい等（規則第43条第2号）',
  unlawfulPurpose: '不正の目的をもって行われたおそれがある漏えい等（規則第43条第3号）',
  moreThan100: '本人の数が100人を超える漏えい等（規則第43条第4号）',
  ordinanceSensitive: '条例要配慮個人情報が含まれる保有個人情報の漏えい等（規則第43条第5号）',
};
export type DutyGround = keyof typeof DUTY_GROUND_REASONS;
export const DUTY_GROUNDS = valuesOf(DUTY_GROUND_REASONS);

/** 確報: 30 days from the day the body learned of it; 60 for an act with an unlawful purpose. */
export const FINAL_REPORT_DAYS = 30;
export const FINAL_REPORT_DAYS_UNLAWFUL = 60;
/** 速報 is due 速やかに; the guidance reads that as about 3 to 5 days. */
export const PRELIMINARY_TARGET_DAYS = { from: 3, to: 5 } as const;

/** The persons affected: a number (possibly approximate) or not known. */
export interface PersonsAffected {
  count: number | null;
  approximate: boolean;
}

export interface DutyInput {
  /** 発覚日: the day the body learned of it (YYYY-MM-DD, Japan). */
  discoveredOn: string;
  includesSensitive: boolean;
  financialDamageRisk: boolean;
  unlawfulPurpose: boolean;
  includesOrdinanceSensitive: boolean;
  persons: PersonsAffected;
  preliminaryReportedOn: string | null;
  finalReportedOn: string | null;
}

export interface Deadline {
  date: string;
  label: string;
}

export interface DutyAssessment {
  required: boolean;
  grounds: DutyGround[];
  /** Japanese, one per ground, citing the rule; or why there is no duty. */
  reasons: string[];
  /** Something the clerk should know before relying on the answer (unknown number of persons). */
  caveats: string[];
  /** Only when required. */
  preliminary: {
    /** 速やかに（目安：発覚から3〜5日）: the target window. */
    targetFrom: Deadline;
    targetTo: Deadline;
    label: string;
    reportedOn: string | null;
    /** Past the end of the target window with no 速報 recorded. */
    overdue: boolean;
  } | null;
  final: {
    due: Deadline;
    days: number;
    reportedOn: string | null;
    /** Past the due day with no 確報 recorded. */
    overdue: boolean;
  } | null;
  overdue: boolean;
}

/** A calendar day plus n days (no time zone involved: both are Japan dates). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const deadline = (date: string): Deadline => ({ date, label: formatWareki(date) });

/** Which grounds of 規則第43条 an incident meets. "More than 100": 101 yes, 100 no. */
export function dutyGrounds(
  i: Omit<DutyInput, 'discoveredOn' | 'preliminaryReportedOn' | 'finalReportedOn'>,
): DutyGround[] {
  const met: Record<DutyGround, boolean> = {
    sensitive: i.includesSensitive,
    financialDamage: i.financialDamageRisk,
    unlawfulPurpose: i.unlawfulPurpose,
    moreThan100: i.persons.count !== null && i.persons.count > 100,
    ordinanceSensitive: i.includesOrdinanceSensitive,
  };
  return DUTY_GROUNDS.filter((g) => met[g]);
}

/** The duty, its reasons and the 速報 / 確報 deadlines as of `today` (Japan). */
export function assessReportingDuty(i: DutyInput, today = todayInJapan()): DutyAssessment {
  const grounds = dutyGrounds(i);
  const caveats =
    i.persons.count === null
      ? [
          '本人の数が不明のため、100人を超えるか（規則第43条第4号）は判断していません。判明したら入力してください。',
        ]
      : i.persons.approximate && i.persons.count > 100
        ? ['本人の数は概数です。100人を超えるおそれがあるものとして扱っています。']
        : [];
  if (grounds.length === 0) {
    return {
      required: false,
      grounds,
      reasons: [
        '規則第43条各号のいずれにも該当しないため、個人情報保護委員会への報告義務はありません（法第68条第1項）。',
      ],
      caveats,
      preliminary: null,
      final: null,
      overdue: false,
    };
  }
  const days = grounds.includes('unlawfulPurpose') ? FINAL_REPORT_DAYS_UNLAWFUL : FINAL_REPORT_DAYS;
  const finalDue = addDays(i.discoveredOn, days);
  const targetTo = addDays(i.discoveredOn, PRELIMINARY_TARGET_DAYS.to);
  const preliminaryOverdue = i.preliminaryReportedOn === null && today > targetTo;
  const finalOverdue = i.finalReportedOn === null && today > finalDue;
  return {
    required: true,
    grounds,
    reasons: grounds.map((g) => DUTY_GROUND_REASONS[g]),
    caveats,
    preliminary: {
      targetFrom: deadline(addDays(i.discoveredOn, PRELIMINARY_TARGET_DAYS.from)),
      targetTo: deadline(targetTo),
      label: `速やかに（目安：発覚から${PRELIMINARY_TARGET_DAYS.from}〜${PRELIMINARY_TARGET_DAYS.to}日）`,
      reportedOn: i.preliminaryReportedOn,
      overdue: preliminaryOverdue,
    },
    final: { due: deadline(finalDue), days, reportedOn: i.finalReportedOn, overdue: finalOverdue },
    overdue: preliminaryOverdue || finalOverdue,
  };
}

export interface QuorumRule {
  numerator: number;
  denominator: number;
  /** false: more than the fraction (過半数); true: the fraction or more (3分の2以上). */
  inclusive: boolean;
}

export const MAJORITY: QuorumRule = { numerator: 1, denominator: 2, inclusive: false };

/** How many members must be present for the meeting to be valid. */
export function quorumRequired(members: number, rule: QuorumRule = MAJORITY): number {
  if (members <= 0) return 0;
  // Integer arithmetic: members * n / d without floating point.
  const product = members * rule.numerator;
  if (rule.inclusive) return Math.ceil(product / rule.denominator);
  return Math.floor(product / rule.denominator) + 1;
}

export function quorumLabel(rule: QuorumRule): string {
  if (!rule.inclusive && rule.numerator * 2 === rule.denominator) return '過半数';
  return `${rule.denominator}分の${rule.numerator}${rule.inclusive ? '以上' : 'を超える数'}`;
}

export interface QuorumStatus {
  members: number;
  present: number;
  required: number;
  met: boolean;
  label: string;
}

export function quorumStatus(members: number, present: number, rule: QuorumRule = MAJORITY): QuorumStatus {
  const required = quorumRequired(members, rule);
  return { members, present, required, met: present >= required, label: quorumLabel(rule) };
}

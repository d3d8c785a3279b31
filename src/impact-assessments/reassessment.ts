/** 特定個人情報保護評価に関する規則第15条: re-evaluate at least every 5 years; a 重要な変更 needs one at once. */
export const REASSESSMENT_YEARS = 5;
/** How long before the 5 years the reminder starts to show. */
export const DUE_SOON_MONTHS = 6;

export type ReassessmentState = 'current' | 'dueSoon' | 'overdue' | 'significantChange';
export const REASSESSMENT_STATE_LABELS: Record<ReassessmentState, string> = {
  current: '再評価の時期ではありません',
  dueSoon: '再評価の期限が近づいています',
  overdue: '再評価の期限を過ぎています',
  significantChange: '重要な変更があったため再評価が必要です',
};

/** A date (YYYY-MM-DD) plus whole months, clamped to the month's last day (29 Feb + 5y → 28 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

export function reassessmentDueOn(evaluatedOn: string): string {
  return addMonths(evaluatedOn, REASSESSMENT_YEARS * 12);
}

export function reassessmentState(
  a: { evaluatedOn: string; significantChangeOn: string | null },
  today: string,
): ReassessmentState {
  if (a.significantChangeOn) return 'significantChange';
  const due = reassessmentDueOn(a.evaluatedOn);
  if (due < today) return 'overdue';
  if (addMonths(today, DUE_SOON_MONTHS) >= due) return 'dueSoon';
  return 'current';
}

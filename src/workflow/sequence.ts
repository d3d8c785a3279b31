import type { EntityManager } from 'typeorm';
import {
  fiscalYearOf,
  formatContinuousReceiptNumber,
  formatReceiptNumber,
  type NumberingScheme,
} from './numbering';

export type SequenceKind = 'receipt' | 'reply';

/** The number_sequence key of a continuous counter (no real fiscal year is 0). */
export const CONTINUOUS_SEQUENCE_KEY = 0;

/**
 * Draws the next number of a counter inside the caller's transaction. The counter row stays
 * locked until that transaction ends, so concurrent callers queue behind it, and a rollback
 * gives the number back: no gaps, no duplicates.
 */
export async function nextSequence(
  m: EntityManager,
  kind: SequenceKind,
  fiscalYear: number,
): Promise<number> {
  const rows: { last_value: number }[] = await m.query(
    `INSERT INTO number_sequence AS s (kind, fiscal_year, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (council_id, kind, fiscal_year) DO UPDATE SET last_value = s.last_value + 1
     RETURNING last_value`,
    [kind, fiscalYear],
  );
  return rows[0].last_value;
}

/** The municipality's numbering scheme, read inside the caller's transaction. */
export async function numberingScheme(m: EntityManager): Promise<NumberingScheme> {
  const rows: { numbering: NumberingScheme }[] = await m.query(
    `SELECT numbering FROM municipality WHERE id = nullif(current_setting('app.council_id', true), '')::smallint`,
  );
  return rows[0]?.numbering ?? 'fiscalYear';
}

export interface DrawnNumber {
  scheme: NumberingScheme;
  /** The fiscal year of the date the number is drawn for (kept under both schemes). */
  fiscalYear: number;
  value: number;
}

/**
 * Draws the next 受付番号 / 答申番号 under the municipality's scheme: per fiscal year (resets
 * each April) or continuous (one counter that never resets).
 */
export async function drawNumber(
  m: EntityManager,
  kind: SequenceKind,
  at: Date | string,
): Promise<DrawnNumber> {
  const scheme = await numberingScheme(m);
  const fiscalYear = fiscalYearOf(at);
  const key = scheme === 'continuous' ? CONTINUOUS_SEQUENCE_KEY : fiscalYear;
  return { scheme, fiscalYear, value: await nextSequence(m, kind, key) };
}

/** R8-017 per fiscal year, 第123号 continuous. */
export function receiptLabel(n: DrawnNumber): string {
  return n.scheme === 'continuous'
    ? formatContinuousReceiptNumber(n.value)
    : formatReceiptNumber(n.fiscalYear, n.value);
}

import type { EntityManager } from 'typeorm';

export type SequenceKind = 'receipt' | 'reply';

/**
 * Draws the next number of a per-fiscal-year sequence inside the caller's transaction. The
 * counter row stays locked until that transaction ends, so concurrent callers queue behind it,
 * and a rollback gives the number back: no gaps, no duplicates.
 */
export async function nextSequence(
  m: EntityManager,
  kind: SequenceKind,
  fiscalYear: number,
): Promise<number> {
  await m.query(
    `INSERT INTO number_sequence (kind, fiscal_year, last_value) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`,
    [kind, fiscalYear],
  );
  const rows: { last_value: number }[] = await m.query(
    `SELECT last_value FROM number_sequence WHERE kind = $1 AND fiscal_year = $2 FOR UPDATE`,
    [kind, fiscalYear],
  );
  const value = rows[0].last_value + 1;
  await m.query(`UPDATE number_sequence SET last_value = $3 WHERE kind = $1 AND fiscal_year = $2`, [
    kind,
    fiscalYear,
    value,
  ]);
  return value;
}

import type { EntityManager } from 'typeorm';

type Ordered = 'agenda_item' | 'agenda_material_document' | 'deliberation_entry' | 'standard_condition';

/** The highest `position` among the rows matching `where` (0 when none): new rows go after it. */
export async function lastPosition(
  m: EntityManager,
  table: Ordered,
  where: Record<string, string> = {},
): Promise<number> {
  const columns = Object.keys(where);
  const condition = columns.length ? `WHERE ${columns.map((c, i) => `${c} = $${i + 1}`).join(' AND ')}` : '';
  const [{ pos }] = await m.query(
    `SELECT coalesce(max(position), 0)::int AS pos FROM ${table} ${condition}`,
    Object.values(where),
  );
  return pos;
}

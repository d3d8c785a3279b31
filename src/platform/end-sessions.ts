import type { EntityManager } from 'typeorm';

/** Ends the open sessions of one account, or of every account of one council; returns how many. */
export async function endSessions(
  m: EntityManager,
  of: { userId: string } | { councilId: number },
): Promise<number> {
  const [column, id] = 'userId' in of ? ['user_id', of.userId] : ['council_id', of.councilId];
  const [, affected] = (await m.query(
    `UPDATE user_session SET revoked_at = now() WHERE ${column} = $1 AND revoked_at IS NULL`,
    [id],
  )) as [unknown, number];
  return affected;
}

import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/**
 * The row of `entity` that `where` names, locked until the transaction of `m` ends (SELECT … FOR
 * UPDATE), or the error `notFound()` makes when there is no such row.
 */
export async function lockRow<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
  notFound: () => Error,
): Promise<T> {
  const row = await m.findOne(entity, { where, lock: { mode: 'pessimistic_write' } });
  if (!row) throw notFound();
  return row;
}

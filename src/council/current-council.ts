import type { EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { Municipality } from './municipality.entity';

/**
 * The council this installation (or, later, this request) works for. Every lookup of the
 * municipality / council row goes through here instead of `{ id: 1 }` in each service, so that
 * several councils in one deployment change one place.
 */
export const CURRENT_COUNCIL_ID = 1;

/** The council row, or null before the first-run setup has created it. */
export function findCurrentCouncil(m: EntityManager): Promise<Municipality | null> {
  return m.findOne(Municipality, { where: { id: CURRENT_COUNCIL_ID } });
}

/** The council row; a clear 409 problem when the council has not been set up yet. */
export async function currentCouncil(m: EntityManager): Promise<Municipality> {
  const row = await findCurrentCouncil(m);
  if (!row) {
    throw new AppError(
      'COUNCIL_NOT_SET_UP',
      409,
      '審議会の初期設定がまだ行われていません。管理者が初期設定を行ってください。',
    );
  }
  return row;
}

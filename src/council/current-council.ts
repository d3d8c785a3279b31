import type { EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { councilIdInContext } from '../database/council-context';
import { CouncilSetting } from '../meetings/meeting.entity';
import { MinutesRedactionSetting } from '../minutes/minutes.entity';
import { Municipality } from './municipality.entity';

/**
 * The council of this request (or scheduled job, or command): the council context of
 * src/database/council-context.ts. Every lookup of the municipality / council row and of the
 * council's one-row settings goes through here. No council in the context → no row (never "council 1").
 */
function contextCouncilId(): number {
  // -1 matches no row: the lookups below then answer "not set up" instead of another council's row.
  return councilIdInContext() ?? -1;
}

/** `lock`: the row is taken FOR UPDATE (an edit of the settings in the caller's transaction). */
export interface CouncilLookup {
  lock?: boolean;
}

const lockOf = (opts: CouncilLookup) => (opts.lock ? { lock: { mode: 'pessimistic_write' as const } } : {});

/** The council row, or null before the first-run setup has created it. */
export function findCurrentCouncil(m: EntityManager, opts: CouncilLookup = {}): Promise<Municipality | null> {
  return m.findOne(Municipality, { where: { id: contextCouncilId() }, ...lockOf(opts) });
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

/** The council's meeting settings (quorum, default condition due days), or null if absent. */
export function findCouncilSetting(m: EntityManager): Promise<CouncilSetting | null> {
  return m.findOne(CouncilSetting, { where: { id: contextCouncilId() } });
}

/** The council's redaction choices for public minutes (the migrations create the row). */
export function minutesRedactionSetting(
  m: EntityManager,
  opts: CouncilLookup = {},
): Promise<MinutesRedactionSetting> {
  return m.findOneOrFail(MinutesRedactionSetting, { where: { id: contextCouncilId() }, ...lockOf(opts) });
}

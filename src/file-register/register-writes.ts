import type { EntityManager } from 'typeorm';
import { loadCaseAggregate } from '../cases/case-aggregate';
import { proposalFromCase } from './case-to-entry';
import { currentCouncil, findCurrentCouncil } from '../council/current-council';
import { fieldsOf, RegisterEntry, RegisterEntryVersion, type EntryChange } from './register.entity';
import type { EntryStatus, RegisterFields, RegisterKind } from './register-fields';

/** Who made a change, as the history names them. */
export interface ChangedBy {
  id: string | null;
  name: string;
}

/** The cause of a change written to the history. */
export interface Cause {
  reason: string;
  caseId?: string | null;
  proposalId?: string | null;
}

/*
 * The only writes of entries: each adds its history row in the caller's transaction, so an entry
 * never differs from its latest version. The service and the sample data both go through here.
 */

export async function insertEntry(
  m: EntityManager,
  by: ChangedBy,
  departmentId: string,
  kind: RegisterKind,
  fields: RegisterFields,
  cause: Cause,
): Promise<RegisterEntry> {
  const council = await currentCouncil(m);
  const entry = await m.save(
    m.create(RegisterEntry, {
      ...fields,
      councilId: council.id,
      departmentId,
      kind,
      status: 'draft',
      revision: 1,
    }),
  );
  await writeVersion(m, by, entry, 'create', cause);
  return entry;
}

export function applyFields(
  m: EntityManager,
  by: ChangedBy,
  entry: RegisterEntry,
  fields: RegisterFields,
  cause: Cause,
): Promise<RegisterEntry> {
  return revise(m, by, entry, fields, 'update', cause);
}

export function applyStatus(
  m: EntityManager,
  by: ChangedBy,
  entry: RegisterEntry,
  status: Exclude<EntryStatus, 'draft'>,
  cause: Cause,
): Promise<RegisterEntry> {
  return revise(m, by, entry, { status }, status === 'published' ? 'publish' : 'abolish', cause);
}

/** The next revision of an entry: the changed columns and the history row of that revision. */
async function revise(
  m: EntityManager,
  by: ChangedBy,
  entry: RegisterEntry,
  changes: Partial<RegisterFields> & { status?: EntryStatus },
  change: EntryChange,
  cause: Cause,
): Promise<RegisterEntry> {
  const revision = entry.revision + 1;
  await m.update(RegisterEntry, { id: entry.id }, { ...changes, revision });
  const changed = { ...entry, ...changes, revision };
  await writeVersion(m, by, changed, change, cause);
  return changed;
}

async function writeVersion(
  m: EntityManager,
  by: ChangedBy,
  entry: RegisterEntry,
  change: EntryChange,
  cause: Cause,
): Promise<void> {
  await m.insert(RegisterEntryVersion, {
    councilId: entry.councilId,
    entryId: entry.id,
    revision: entry.revision,
    change,
    fields: fieldsOf(entry),
    status: entry.status,
    reason: cause.reason,
    caseId: cause.caseId ?? null,
    proposalId: cause.proposalId ?? null,
    changedById: by.id,
    changedByName: by.name,
  });
}

/**
 * The register change an approving reply implies, proposed to the case's department: a change to
 * its entry of the same name, or a new entry. One proposal per reply.
 */
export async function proposeFromCase(
  m: EntityManager,
  caseId: string,
  replyId: string,
): Promise<string | null> {
  // Without a council set up there is no register to propose to; the reply is issued all the same.
  const council = await findCurrentCouncil(m);
  const c = await loadCaseAggregate(m, caseId);
  if (!c || !council) return null;
  const fields = proposalFromCase(c);
  const [same]: { id: string }[] = await m.query(
    `SELECT id FROM register_entry WHERE department_id = $1 AND status <> 'abolished' AND name = $2 LIMIT 1`,
    [c.departmentId, fields.name],
  );
  const [row]: { id: string }[] = await m.query(
    `INSERT INTO register_proposal (council_id, case_id, reply_id, department_id, target_entry_id, fields)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (reply_id) DO NOTHING RETURNING id`,
    [council.id, caseId, replyId, c.departmentId, same?.id ?? null, JSON.stringify(fields)],
  );
  return row?.id ?? null;
}

import type { EntityManager } from 'typeorm';
import type { EntryChange, RegisterEntry, RegisterProposal } from './register.entity';
import type { EntryStatus, RegisterFields, RegisterKind } from './register-fields';

/*
 * The register's reads in SQL: the row shapes the API and the papers use, and the queries that
 * fill them (entries with their department, proposals with their case, the changes of a period).
 * The rules of who may see what stay in `register-access.ts`; the writes in `register-writes.ts`.
 */

export interface EntryRow extends RegisterEntry {
  departmentName: string;
}

export interface HistoryRow {
  revision: number;
  change: EntryChange;
  status: EntryStatus;
  reason: string;
  changedByName: string;
  changedAt: Date;
  caseId: string | null;
  caseTitle: string | null;
  receiptNumber: string | null;
  changedFields: (keyof RegisterFields)[];
}

export interface ProposalRow extends RegisterProposal {
  caseTitle: string;
  receiptNumber: string | null;
  departmentName: string;
  targetEntryName: string | null;
}

/** One change of the register in a period (the 登録状況 report reads these). */
export interface RegisterChangeRow {
  changedAt: Date;
  change: EntryChange;
  revision: number;
  entryId: string;
  entryName: string;
  kind: RegisterKind;
  departmentName: string;
  reason: string;
  changedByName: string;
  caseId: string | null;
  caseTitle: string | null;
  receiptNumber: string | null;
}

export interface EntryFilter {
  status?: EntryStatus;
  kind?: RegisterKind;
  departmentId?: string;
  q?: string;
}

/** A department's published entries, as the public portal and the register PDF list them. */
export interface PublicDepartment {
  departmentName: string;
  entries: EntryRow[];
}

const ENTRY_COLUMNS = `e.*, d.name AS department_name`;

/** Raw rows come back snake_case; the entity's columns are camelCase. */
function entryOf(r: Record<string, unknown>): EntryRow {
  return {
    id: r.id,
    councilId: r.council_id,
    kind: r.kind,
    departmentId: r.department_id,
    departmentName: r.department_name,
    status: r.status,
    name: r.name,
    purpose: r.purpose,
    recordItems: r.record_items,
    recordScope: r.record_scope,
    collectionMethod: r.collection_method,
    sensitive: r.sensitive,
    regularRecipients: r.regular_recipients,
    requestOffice: r.request_office,
    specialProcedures: r.special_procedures,
    fileType: r.file_type,
    exclusion: r.exclusion,
    exclusionNote: r.exclusion_note,
    revision: r.revision,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  } as EntryRow;
}

/** Entries with their department's name, by department and name. */
export async function entryRows(m: EntityManager, where: string, params: unknown[]): Promise<EntryRow[]> {
  const rows: Record<string, unknown>[] = await m.query(
    `SELECT ${ENTRY_COLUMNS} FROM register_entry e JOIN department d ON d.id = e.department_id
      WHERE ${where} ORDER BY d.name, e.name`,
    params,
  );
  return rows.map(entryOf);
}

/** An entry's history rows, oldest first, each with the fields as that revision left them. */
export function entryVersions(
  m: EntityManager,
  entryId: string,
): Promise<(Omit<HistoryRow, 'changedFields'> & { fields: RegisterFields })[]> {
  return m.query(
    `SELECT v.revision, v.change, v.status, v.reason, v.changed_by_name AS "changedByName",
            v.changed_at AS "changedAt", v.case_id AS "caseId", c.title AS "caseTitle",
            c.receipt_number AS "receiptNumber", v.fields
       FROM register_entry_version v LEFT JOIN case_file c ON c.id = v.case_id
      WHERE v.entry_id = $1 ORDER BY v.revision`,
    [entryId],
  );
}

/** Proposals with their case, department and target entry, newest first. */
export async function proposalRows(
  m: EntityManager,
  where: string,
  params: unknown[],
): Promise<ProposalRow[]> {
  const rows: Record<string, unknown>[] = await m.query(
    `SELECT p.*, c.title AS case_title, c.receipt_number, d.name AS department_name, t.name AS target_entry_name
       FROM register_proposal p JOIN case_file c ON c.id = p.case_id JOIN department d ON d.id = p.department_id
       LEFT JOIN register_entry t ON t.id = p.target_entry_id
      WHERE ${where} ORDER BY p.created_at DESC`,
    params,
  );
  return rows.map(
    (r) =>
      ({
        id: r.id,
        councilId: r.council_id,
        caseId: r.case_id,
        replyId: r.reply_id,
        departmentId: r.department_id,
        targetEntryId: r.target_entry_id,
        state: r.state,
        fields: r.fields,
        decisionReason: r.decision_reason,
        entryId: r.entry_id,
        decidedById: r.decided_by_id,
        decidedAt: r.decided_at,
        version: r.version,
        createdAt: r.created_at,
        caseTitle: r.case_title,
        receiptNumber: r.receipt_number,
        departmentName: r.department_name,
        targetEntryName: r.target_entry_name,
      }) as ProposalRow,
  );
}

/**
 * The register's changes between two days (Japan time, both included), oldest first, of the entries
 * `visible` admits (the caller's department rule; every entry for the standing report).
 */
export async function registerChanges(
  m: EntityManager,
  from: string,
  to: string,
  visible: (p: (v: unknown) => string) => string = () => 'true',
): Promise<RegisterChangeRow[]> {
  const params: unknown[] = [from, to];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const rows: Record<string, unknown>[] = await m.query(
    `SELECT v.changed_at, v.change, v.revision, v.entry_id, v.fields->>'name' AS entry_name, e.kind,
            d.name AS department_name, v.reason, v.changed_by_name, v.case_id, c.title AS case_title,
            c.receipt_number
       FROM register_entry_version v JOIN register_entry e ON e.id = v.entry_id
       JOIN department d ON d.id = e.department_id LEFT JOIN case_file c ON c.id = v.case_id
      WHERE ${visible(p)}
        AND v.changed_at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Tokyo'
        AND v.changed_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'
      ORDER BY v.changed_at, d.name, v.revision`,
    params,
  );
  return rows.map((r) => ({
    changedAt: r.changed_at as Date,
    change: r.change as EntryChange,
    revision: r.revision as number,
    entryId: r.entry_id as string,
    entryName: r.entry_name as string,
    kind: r.kind as RegisterKind,
    departmentName: r.department_name as string,
    reason: r.reason as string,
    changedByName: r.changed_by_name as string,
    caseId: r.case_id as string | null,
    caseTitle: r.case_title as string | null,
    receiptNumber: r.receipt_number as string | null,
  }));
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actorOf } from '../auth/actor';
import type { AuthUser } from '../auth/auth-user';
import { CommonErrors } from '../common/errors/app-error';
import { UnitOfWork } from '../database/unit-of-work';
import { FileRegisterErrors } from './file-register.errors';
import { canKeepEntries, canSeeEntries, registerVisibleSql } from './register-access';
import { applyFields, applyStatus, insertEntry, proposeFromCase, type Cause } from './register-writes';
import { RegisterEntry, RegisterProposal, type EntryChange } from './register.entity';
import {
  changedFields,
  ENTRY_STATUS_LABELS,
  type EntryStatus,
  type RegisterFields,
  type RegisterKind,
} from './register-fields';

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

const byOf = (user: AuthUser) => ({ id: user.id, name: user.displayName });

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

/**
 * The personal-information file register: entries per department with their whole history, the
 * proposals issued replies leave, and what the public portal publishes. Every change is one new
 * history row in the same transaction as the change itself.
 */
@Injectable()
export class FileRegisterService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, filter: EntryFilter = {}): Promise<EntryRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = [registerVisibleSql(user, 'e.department_id', p)];
    if (filter.status) where.push(`e.status = ${p(filter.status)}`);
    if (filter.kind) where.push(`e.kind = ${p(filter.kind)}`);
    if (filter.departmentId) where.push(`e.department_id = ${p(filter.departmentId)}`);
    if (filter.q?.trim()) {
      const q = p(`%${filter.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(e.name ILIKE ${q} OR e.purpose ILIKE ${q} OR e.record_items::text ILIKE ${q})`);
    }
    const rows: Record<string, unknown>[] = await this.uow.managerOrRoot().query(
      `SELECT ${ENTRY_COLUMNS} FROM register_entry e JOIN department d ON d.id = e.department_id
        WHERE ${where.join(' AND ')} ORDER BY d.name, e.name`,
      params,
    );
    return rows.map(entryOf);
  }

  /** One entry the user may see; 404 otherwise (no existence leak, as for cases). */
  async get(user: AuthUser, id: string, m: EntityManager = this.uow.managerOrRoot()): Promise<EntryRow> {
    const [row]: Record<string, unknown>[] = await m.query(
      `SELECT ${ENTRY_COLUMNS} FROM register_entry e JOIN department d ON d.id = e.department_id WHERE e.id = $1`,
      [id],
    );
    const entry = row ? entryOf(row) : null;
    if (!entry || !canSeeEntries(user, entry.departmentId)) throw FileRegisterErrors.entryNotFound();
    return entry;
  }

  async history(user: AuthUser, id: string): Promise<HistoryRow[]> {
    await this.get(user, id);
    const rows: {
      revision: number;
      change: EntryChange;
      status: EntryStatus;
      reason: string;
      changed_by_name: string;
      changed_at: Date;
      case_id: string | null;
      case_title: string | null;
      receipt_number: string | null;
      fields: RegisterFields;
    }[] = await this.uow.managerOrRoot().query(
      `SELECT v.revision, v.change, v.status, v.reason, v.changed_by_name, v.changed_at, v.case_id,
              c.title AS case_title, c.receipt_number, v.fields
         FROM register_entry_version v LEFT JOIN case_file c ON c.id = v.case_id
        WHERE v.entry_id = $1 ORDER BY v.revision`,
      [id],
    );
    return rows
      .map((r, i) => ({
        revision: r.revision,
        change: r.change,
        status: r.status,
        reason: r.reason,
        changedByName: r.changed_by_name,
        changedAt: r.changed_at,
        caseId: r.case_id,
        caseTitle: r.case_title,
        receiptNumber: r.receipt_number,
        // A new entry lists no changed fields: everything is new, the entry itself shows it.
        changedFields: r.change === 'update' && i > 0 ? changedFields(rows[i - 1].fields, r.fields) : [],
      }))
      .reverse();
  }

  /** A new entry (作成中) of the clerk's department. */
  async create(user: AuthUser, fields: RegisterFields, kind: RegisterKind = 'file'): Promise<EntryRow> {
    if (user.role !== 'clerk' || !user.departmentId) throw CommonErrors.forbidden();
    const departmentId = user.departmentId;
    const id = await this.uow.run(
      user,
      async (m) => (await this.insertEntry(m, user, departmentId, kind, fields, { reason: '新規登録' })).id,
    );
    return this.get(user, id);
  }

  async update(
    user: AuthUser,
    id: string,
    fields: RegisterFields,
    reason: string,
    version: number,
  ): Promise<EntryRow> {
    await this.uow.run(user, async (m) => {
      const entry = await this.lockForChange(m, user, id, version);
      if (entry.status === 'abolished') throw FileRegisterErrors.abolished();
      await this.applyFields(m, user, entry, fields, { reason });
    });
    return this.get(user, id);
  }

  /** 公表 (draft → published) or 廃止 (draft/published → abolished). */
  async changeStatus(
    user: AuthUser,
    id: string,
    action: 'publish' | 'abolish',
    reason: string,
    version: number,
  ): Promise<EntryRow> {
    await this.uow.run(user, async (m) => {
      const entry = await this.lockForChange(m, user, id, version);
      const allowed = action === 'publish' ? entry.status === 'draft' : entry.status !== 'abolished';
      if (!allowed) throw FileRegisterErrors.badTransition(ENTRY_STATUS_LABELS[entry.status]);
      const status = action === 'publish' ? 'published' : 'abolished';
      const changed = await applyStatus(m, byOf(user), entry, status, { reason });
      await this.recordChange(m, user, changed, action, { reason });
    });
    return this.get(user, id);
  }

  /**
   * The register's changes between two days (Japan time, both included), oldest first: what the
   * 登録状況 report of a period lists. Each names the entry as it was named by that change.
   */
  changes(user: AuthUser, from: string, to: string): Promise<RegisterChangeRow[]> {
    return registerChanges(this.uow.managerOrRoot(), from, to, (p) =>
      registerVisibleSql(user, 'e.department_id', p),
    );
  }

  // ---- proposals ----

  /**
   * Called in the unit of work that issues a reply (RepliesService.issue): an approving reply
   * proposes the register change its case implies, to the case's department. Rolled back with the
   * issue; one proposal per reply.
   */
  async proposeFromCase(m: EntityManager, caseId: string, replyId: string): Promise<void> {
    await proposeFromCase(m, caseId, replyId);
  }

  async proposals(user: AuthUser, state?: string): Promise<ProposalRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = [registerVisibleSql(user, 'p.department_id', p)];
    if (state) where.push(`p.state = ${p(state)}`);
    return this.proposalRows(this.uow.managerOrRoot(), where.join(' AND '), params);
  }

  async proposal(
    user: AuthUser,
    id: string,
    m: EntityManager = this.uow.managerOrRoot(),
  ): Promise<ProposalRow> {
    const [row] = await this.proposalRows(m, 'p.id = $1', [id]);
    if (!row || !canSeeEntries(user, row.departmentId)) throw FileRegisterErrors.proposalNotFound();
    return row;
  }

  /**
   * The department confirms the proposal (perhaps edited, perhaps for another of its entries):
   * only now does the register change, with the case in the entry's history.
   */
  async confirm(
    user: AuthUser,
    id: string,
    opts: { fields?: RegisterFields; targetEntryId?: string | null; version: number },
  ): Promise<ProposalRow> {
    await this.uow.run(user, async (m) => {
      const p = await this.lockProposal(m, user, id, opts.version);
      const fields = opts.fields ?? p.fields;
      const targetId = opts.targetEntryId === undefined ? p.targetEntryId : opts.targetEntryId;
      const cause: Cause = { reason: `諮問事案の答申による変更案の確定`, caseId: p.caseId, proposalId: p.id };
      let entryId: string;
      if (targetId) {
        const target = await m.findOne(RegisterEntry, {
          where: { id: targetId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!target || target.departmentId !== p.departmentId || target.status === 'abolished')
          throw FileRegisterErrors.targetMismatch();
        await this.applyFields(m, user, target, fields, cause);
        entryId = target.id;
      } else {
        entryId = (await this.insertEntry(m, user, p.departmentId, 'file', fields, cause)).id;
      }
      await m.update(
        RegisterProposal,
        { id },
        {
          state: 'confirmed',
          fields,
          targetEntryId: targetId ?? null,
          entryId,
          decidedById: user.id,
          decidedAt: new Date(),
        },
      );
      await this.recordAudit(m, user, 'state.change', 'register-proposal', id, {
        transition: 'confirm',
        entryId,
      });
    });
    return this.proposal(user, id);
  }

  /** The department rejects the proposal with its reason; the register does not change. */
  async reject(user: AuthUser, id: string, reason: string, version: number): Promise<ProposalRow> {
    await this.uow.run(user, async (m) => {
      await this.lockProposal(m, user, id, version);
      await m.update(
        RegisterProposal,
        { id },
        { state: 'rejected', decisionReason: reason, decidedById: user.id, decidedAt: new Date() },
      );
      await this.recordAudit(m, user, 'state.change', 'register-proposal', id, { transition: 'reject' });
    });
    return this.proposal(user, id);
  }

  /** The entries the department may pick as the target of a proposal. */
  async targets(user: AuthUser, departmentId: string): Promise<EntryRow[]> {
    if (!canSeeEntries(user, departmentId)) return [];
    return (await this.list(user, { departmentId })).filter((e) => e.status !== 'abolished');
  }

  // ---- public ----

  /** 公表中 entries that no 法第75条 exclusion keeps back, per department. */
  /** The council's published entries (the public portal reads them in its council's transaction `m`). */
  async published(m: EntityManager, councilId: number): Promise<PublicDepartment[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT ${ENTRY_COLUMNS} FROM register_entry e JOIN department d ON d.id = e.department_id
        WHERE e.status = 'published' AND e.exclusion IS NULL AND e.kind = 'file' AND e.council_id = $1
        ORDER BY d.name, e.name`,
      [councilId],
    );
    const out: PublicDepartment[] = [];
    for (const e of rows.map(entryOf)) {
      const last = out[out.length - 1];
      if (last?.departmentName === e.departmentName) last.entries.push(e);
      else out.push({ departmentName: e.departmentName, entries: [e] });
    }
    return out;
  }

  // ---- internals ----

  private async proposalRows(m: EntityManager, where: string, params: unknown[]): Promise<ProposalRow[]> {
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

  private async lockProposal(
    m: EntityManager,
    user: AuthUser,
    id: string,
    version: number,
  ): Promise<RegisterProposal> {
    const p = await m.findOne(RegisterProposal, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!p || !canSeeEntries(user, p.departmentId)) throw FileRegisterErrors.proposalNotFound();
    if (!canKeepEntries(user, p.departmentId))
      throw CommonErrors.forbidden('変更案を確定・却下できるのは担当課の職員です。');
    if (p.state !== 'pending') throw FileRegisterErrors.proposalDecided();
    if (p.version !== version) throw CommonErrors.staleVersion('このファイル簿の変更案');
    return p;
  }

  private async lockForChange(
    m: EntityManager,
    user: AuthUser,
    id: string,
    version: number,
  ): Promise<RegisterEntry> {
    const entry = await m.findOne(RegisterEntry, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!entry || !canSeeEntries(user, entry.departmentId)) throw FileRegisterErrors.entryNotFound();
    if (!canKeepEntries(user, entry.departmentId))
      throw CommonErrors.forbidden('ファイル簿の登録を変更できるのは担当課の職員です。');
    if (entry.version !== version) throw CommonErrors.staleVersion('この個人情報ファイル簿の登録');
    return entry;
  }

  private async insertEntry(
    m: EntityManager,
    user: AuthUser,
    departmentId: string,
    kind: RegisterKind,
    fields: RegisterFields,
    cause: Cause,
  ): Promise<RegisterEntry> {
    const entry = await insertEntry(m, byOf(user), departmentId, kind, fields, cause);
    await this.recordChange(m, user, entry, 'create', cause);
    return entry;
  }

  private async applyFields(
    m: EntityManager,
    user: AuthUser,
    entry: RegisterEntry,
    fields: RegisterFields,
    cause: Cause,
  ): Promise<void> {
    await this.recordChange(m, user, await applyFields(m, byOf(user), entry, fields, cause), 'update', cause);
  }

  private recordChange(
    m: EntityManager,
    user: AuthUser,
    entry: RegisterEntry,
    change: EntryChange,
    cause: Cause,
  ) {
    const action = change === 'create' ? 'create' : change === 'update' ? 'update' : 'state.change';
    return this.recordAudit(m, user, action, 'register-entry', entry.id, {
      change,
      revision: entry.revision,
      caseId: cause.caseId ?? null,
    });
  }

  private recordAudit(
    m: EntityManager,
    user: AuthUser,
    action: string,
    targetType: string,
    targetId: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record({ actor: actorOf(user), action, targetType, targetId, detail }, m);
  }
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

import { Injectable } from '@nestjs/common';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actorOf } from '../auth/actor';
import type { AuthUser } from '../auth/auth-user';
import { CommonErrors } from '../common/errors/app-error';
import { lockRow } from '../database/lock-row';
import { UnitOfWork } from '../database/unit-of-work';
import { FileRegisterErrors } from './file-register.errors';
import { canKeepEntries, canSeeEntries, registerVisibleSql } from './register-access';
import { applyFields, applyStatus, insertEntry, proposeFromCase, type Cause } from './register-writes';
import { RegisterEntry, RegisterProposal, type EntryChange } from './register.entity';
import {
  changedFields,
  ENTRY_STATUS_LABELS,
  type RegisterFields,
  type RegisterKind,
} from './register-fields';
import {
  entryRows,
  entryVersions,
  proposalRows,
  registerChanges,
  type EntryFilter,
  type EntryRow,
  type HistoryRow,
  type ProposalRow,
  type PublicDepartment,
  type RegisterChangeRow,
} from './register-queries';

const byOf = (user: AuthUser) => ({ id: user.id, name: user.displayName });

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
    return entryRows(this.uow.managerOrRoot(), where.join(' AND '), params);
  }

  /** One entry the user may see; 404 otherwise (no existence leak, as for cases). */
  async get(user: AuthUser, id: string, m: EntityManager = this.uow.managerOrRoot()): Promise<EntryRow> {
    const [entry] = await entryRows(m, 'e.id = $1', [id]);
    if (!entry || !canSeeEntries(user, entry.departmentId)) throw FileRegisterErrors.entryNotFound();
    return entry;
  }

  async history(user: AuthUser, id: string): Promise<HistoryRow[]> {
    await this.get(user, id);
    const rows = await entryVersions(this.uow.managerOrRoot(), id);
    return rows
      .map(({ fields, ...r }, i) => ({
        ...r,
        // A new entry lists no changed fields: everything is new, the entry itself shows it.
        changedFields: r.change === 'update' && i > 0 ? changedFields(rows[i - 1].fields, fields) : [],
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
    return proposalRows(this.uow.managerOrRoot(), where.join(' AND '), params);
  }

  async proposal(
    user: AuthUser,
    id: string,
    m: EntityManager = this.uow.managerOrRoot(),
  ): Promise<ProposalRow> {
    const [row] = await proposalRows(m, 'p.id = $1', [id]);
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

  /**
   * The council's 公表中 entries that no 法第75条 exclusion keeps back, per department (the public
   * portal reads them in its council's transaction `m`).
   */
  async published(m: EntityManager, councilId: number): Promise<PublicDepartment[]> {
    const rows = await entryRows(
      m,
      `e.status = 'published' AND e.exclusion IS NULL AND e.kind = 'file' AND e.council_id = $1`,
      [councilId],
    );
    const out: PublicDepartment[] = [];
    for (const e of rows) {
      const last = out[out.length - 1];
      if (last?.departmentName === e.departmentName) last.entries.push(e);
      else out.push({ departmentName: e.departmentName, entries: [e] });
    }
    return out;
  }

  // ---- internals ----

  /**
   * Locks an entry or a proposal of a department for a change: unknown (404) to those who may not see
   * the department's register, refused (403) to those who may not keep it.
   */
  private async lockKept<T extends RegisterEntry | RegisterProposal>(
    m: EntityManager,
    entity: new () => T,
    user: AuthUser,
    id: string,
    { notFound, refused }: { notFound: () => Error; refused: string },
  ): Promise<T> {
    const row = await lockRow(m, entity, { id } as FindOptionsWhere<T>, notFound);
    if (!canSeeEntries(user, row.departmentId)) throw notFound();
    if (!canKeepEntries(user, row.departmentId)) throw CommonErrors.forbidden(refused);
    return row;
  }

  private async lockProposal(
    m: EntityManager,
    user: AuthUser,
    id: string,
    version: number,
  ): Promise<RegisterProposal> {
    const p = await this.lockKept(m, RegisterProposal, user, id, {
      notFound: FileRegisterErrors.proposalNotFound,
      refused: '変更案を確定・却下できるのは担当課の職員です。',
    });
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
    const entry = await this.lockKept(m, RegisterEntry, user, id, {
      notFound: FileRegisterErrors.entryNotFound,
      refused: 'ファイル簿の登録を変更できるのは担当課の職員です。',
    });
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

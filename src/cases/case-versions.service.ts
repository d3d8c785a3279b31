import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { canEditCaseContent, caseNotFound } from './case-access';
import { assertCaseVisible, CaseAccessPolicy } from './case-access-policy';
import { loadCaseAggregate, type CaseAggregate } from './case-aggregate';
import { diffCases, type DiffEntry } from './case-diff';
import { CaseFile } from './case-file.entity';
import { CaseSnapshot } from './case-parts.entity';
import { CaseErrors } from './cases.errors';
import { UnitOfWork } from '../database/unit-of-work';

export interface CaseVersionInfo {
  seq: number;
  caseVersion: number;
  status: string;
  reason: string;
  createdAt: Date;
  createdBy: string | null;
}

/** Versions (snapshots) of a case and what changed between them. */
@Injectable()
export class CaseVersionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly access: CaseAccessPolicy,
  ) {}

  /**
   * Records a version (snapshot) of the case as it is in `manager`'s transaction. The workflow calls it
   * on submit; saves after submission call it too, so the secretariat can diff what changed.
   */
  async snapshot(
    caseId: string,
    manager: EntityManager,
    opts: { actorId?: string | null; reason?: string } = {},
  ): Promise<CaseVersionInfo> {
    const c = await loadCaseAggregate(manager, caseId);
    if (!c) throw caseNotFound();
    await manager.query('SELECT 1 FROM case_file WHERE id = $1 FOR UPDATE', [caseId]);
    const [{ next }] = (await manager.query(
      'SELECT coalesce(max(seq), 0) + 1 AS next FROM case_snapshot WHERE case_id = $1',
      [caseId],
    )) as { next: number }[];
    const saved = await manager.save(
      manager.create(CaseSnapshot, {
        caseId,
        seq: Number(next),
        caseVersion: c.version,
        status: c.status,
        reason: opts.reason ?? '',
        data: c,
        createdById: opts.actorId ?? null,
      }),
    );
    return {
      seq: saved.seq,
      caseVersion: saved.caseVersion,
      status: saved.status,
      reason: saved.reason,
      createdAt: saved.createdAt,
      createdBy: null,
    };
  }

  /** A clerk keeps a version on purpose (e.g. before a large rewrite). */
  async recordVersion(user: AuthUser, id: string, reason: string | undefined): Promise<CaseVersionInfo> {
    return this.uow.run(user, async (m) => {
      const c = await assertCaseVisible(m, user, await m.findOne(CaseFile, { where: { id } }));
      if (!canEditCaseContent(user, c)) throw CaseErrors.editForbidden();
      const info = await this.snapshot(id, m, { actorId: user.id, reason: reason || '手動で保存した版' });
      await this.audit.recordChange(user, 'case.version', 'case', id, { seq: info.seq }, m);
      return { ...info, createdBy: user.displayName };
    });
  }

  async versions(user: AuthUser, id: string): Promise<CaseVersionInfo[]> {
    await assertCaseVisible(
      this.ds.manager,
      user,
      await this.ds.manager.findOne(CaseFile, { where: { id } }),
    );
    const rows: (CaseVersionInfo & { createdAt: Date })[] = await this.ds.query(
      `SELECT s.seq, s.case_version AS "caseVersion", s.status, s.reason, s.created_at AS "createdAt",
              u.display_name AS "createdBy"
         FROM case_snapshot s LEFT JOIN app_user u ON u.id = s.created_by_id
        WHERE s.case_id = $1 ORDER BY s.seq`,
      [id],
    );
    return rows;
  }

  /** Field-level changes from version `from` to version `to` (default: the latest version → now). */
  async diff(
    user: AuthUser,
    id: string,
    from?: number,
    to?: number,
  ): Promise<{ from: number | null; to: number | null; changes: DiffEntry[] }> {
    const current = await this.access.assertVisible(user, await loadCaseAggregate(this.ds.manager, id));
    const load = async (seq: number) => {
      const s = await this.ds.manager.findOne(CaseSnapshot, { where: { caseId: id, seq } });
      if (!s) throw CaseErrors.snapshotNotFound();
      return s.data as CaseAggregate;
    };
    const [{ latest }] = (await this.ds.query(
      'SELECT coalesce(max(seq), 0)::int AS latest FROM case_snapshot WHERE case_id = $1',
      [id],
    )) as { latest: number }[];
    const toSeq = to ?? null;
    const fromSeq = from ?? (toSeq !== null ? toSeq - 1 : latest);
    if (!fromSeq || fromSeq < 1) throw CaseErrors.snapshotNotFound();
    const before = await load(fromSeq);
    const after = toSeq !== null ? await load(toSeq) : current;
    return { from: fromSeq, to: toSeq, changes: diffCases(before, after) };
  }
}

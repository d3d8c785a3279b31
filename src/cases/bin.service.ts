import { rm } from 'node:fs/promises';
import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { resolveStorageKey, UnsafeStorageKeyError } from '../common/storage/storage-key';
import { AttachmentFolderService } from './attachment-folder.service';
import { CaseErrors } from './cases.errors';
import { BIN_RETENTION_DAYS, purgeCutoff, purgeDate } from './soft-delete';

export interface BinCase {
  id: string;
  title: string;
  departmentName: string;
  deletedAt: Date;
  deletedBy: string | null;
  purgeAt: Date;
}

export interface BinAttachment {
  id: string;
  caseId: string;
  caseTitle: string;
  /** The case itself is in the bin too: restore it first. */
  caseDeleted: boolean;
  title: string;
  fileName: string;
  deletedAt: Date;
  deletedBy: string | null;
  purgeAt: Date;
}

export interface PurgeResult {
  cases: number;
  attachments: number;
  /** Cases that could not be removed (still referenced); they stay in the bin and are retried. */
  failed: string[];
}

/**
 * The bin: deleted drafts and attachments, kept BIN_RETENTION_DAYS days. The secretariat lists and
 * restores; the purge (scheduled, see BinPurgeScheduler) removes what is older, with the files.
 */
@Injectable()
export class BinService extends AttachmentFolderService {
  protected readonly logger = new Logger(BinService.name);

  async list(): Promise<{ cases: BinCase[]; attachments: BinAttachment[]; retentionDays: number }> {
    const cases: Omit<BinCase, 'purgeAt'>[] = await this.ds.query(
      `SELECT c.id, c.title, d.name AS "departmentName", c.deleted_at AS "deletedAt", u.display_name AS "deletedBy"
         FROM case_file c JOIN department d ON d.id = c.department_id
         LEFT JOIN app_user u ON u.id = c.deleted_by_id
        WHERE c.deleted_at IS NOT NULL
        ORDER BY c.deleted_at DESC`,
    );
    const attachments: Omit<BinAttachment, 'purgeAt'>[] = await this.ds.query(
      `SELECT a.id, a.case_id AS "caseId", c.title AS "caseTitle", (c.deleted_at IS NOT NULL) AS "caseDeleted",
              a.title, a.file_name AS "fileName", a.deleted_at AS "deletedAt", u.display_name AS "deletedBy"
         FROM case_attachment a JOIN case_file c ON c.id = a.case_id
         LEFT JOIN app_user u ON u.id = a.deleted_by_id
        WHERE a.deleted_at IS NOT NULL
        ORDER BY a.deleted_at DESC`,
    );
    return {
      cases: cases.map((c) => ({ ...c, purgeAt: purgeDate(new Date(c.deletedAt)) })),
      attachments: attachments.map((a) => ({ ...a, purgeAt: purgeDate(new Date(a.deletedAt)) })),
      retentionDays: BIN_RETENTION_DAYS,
    };
  }

  async restoreCase(user: AuthUser, id: string): Promise<void> {
    await this.uow.run(user, async (m) => {
      const rows: { title: string }[] = await m.query(
        `SELECT title FROM case_file WHERE id = $1 AND deleted_at IS NOT NULL FOR UPDATE`,
        [id],
      );
      if (!rows.length) throw CaseErrors.binItemNotFound();
      await m.query(`UPDATE case_file SET deleted_at = NULL, deleted_by_id = NULL WHERE id = $1`, [id]);
      await this.audit.recordChange(user, 'restore', 'case', id, { title: rows[0].title, from: 'bin' }, m);
    });
  }

  async restoreAttachment(user: AuthUser, id: string): Promise<void> {
    await this.uow.run(user, async (m) => {
      const rows: { case_id: string; file_name: string; case_title: string; case_deleted: boolean }[] =
        await m.query(
          `SELECT a.case_id, a.file_name, c.title AS case_title, (c.deleted_at IS NOT NULL) AS case_deleted
             FROM case_attachment a JOIN case_file c ON c.id = a.case_id
            WHERE a.id = $1 AND a.deleted_at IS NOT NULL
            FOR UPDATE OF a`,
          [id],
        );
      if (!rows.length) throw CaseErrors.binItemNotFound();
      const [a] = rows;
      if (a.case_deleted) throw CaseErrors.restoreCaseFirst(a.case_title);
      await m.query(`UPDATE case_attachment SET deleted_at = NULL, deleted_by_id = NULL WHERE id = $1`, [id]);
      await this.audit.recordChange(
        user,
        'restore',
        'case',
        a.case_id,
        { attachment: id, fileName: a.file_name, from: 'bin' },
        m,
      );
    });
  }

  /**
   * Removes for good what was deleted more than BIN_RETENTION_DAYS days before `now`, with the stored
   * files (after the rows are gone, so a failure never leaves a row without its file). Safe to run
   * on several instances at once: each row is removed by exactly one DELETE.
   */
  async purgeExpired(now: Date = new Date()): Promise<PurgeResult> {
    const cutoff = purgeCutoff(now);
    const result: PurgeResult = { cases: 0, attachments: 0, failed: [] };
    const keys: string[] = [];

    const attachments: { id: string; case_id: string; file_name: string; storage_key: string }[] =
      await this.uow.transaction(async (m) => {
        const gone: { id: string; case_id: string; file_name: string; storage_key: string }[] = await m.query(
          `WITH gone AS (DELETE FROM case_attachment WHERE deleted_at IS NOT NULL AND deleted_at < $1
                          RETURNING id, case_id, file_name, storage_key)
           SELECT * FROM gone`,
          [cutoff],
        );
        if (gone.length)
          await this.audit.record(
            {
              actor: null,
              action: 'purge',
              targetType: 'attachment',
              detail: {
                attachments: gone.map((a) => ({ id: a.id, caseId: a.case_id, fileName: a.file_name })),
              },
            },
            m,
          );
        return gone;
      });
    result.attachments = attachments.length;
    keys.push(...attachments.map((a) => a.storage_key));

    const expired: { id: string }[] = await this.ds.query(
      `SELECT id FROM case_file WHERE deleted_at IS NOT NULL AND deleted_at < $1 ORDER BY deleted_at`,
      [cutoff],
    );
    for (const { id } of expired) {
      try {
        const files = await this.uow.transaction(async (m) => {
          const rows: { title: string }[] = await m.query(
            `SELECT title FROM case_file WHERE id = $1 AND deleted_at IS NOT NULL AND deleted_at < $2 FOR UPDATE`,
            [id, cutoff],
          );
          if (!rows.length) return null; // restored or purged by another instance meanwhile
          const stored: { storage_key: string }[] = await m.query(
            `SELECT storage_key FROM case_attachment WHERE case_id = $1`,
            [id],
          );
          await m.query(`DELETE FROM case_file WHERE id = $1`, [id]);
          await this.audit.record(
            {
              actor: null,
              action: 'purge',
              targetType: 'case',
              targetId: id,
              detail: { title: rows[0].title },
            },
            m,
          );
          return stored.map((s) => s.storage_key);
        });
        if (files) {
          result.cases += 1;
          keys.push(...files);
        }
      } catch (err) {
        this.logger.error({ err, caseId: id }, 'purge of a deleted case failed; it stays in the bin');
        result.failed.push(id);
      }
    }
    for (const key of keys) {
      try {
        await rm(await resolveStorageKey(this.dir, key), { force: true });
      } catch (err) {
        if (!(err instanceof UnsafeStorageKeyError)) throw err;
        // Never delete what a forged key points at; the row is gone, the file (if any) stays.
        this.logger.error({ storageKey: key }, 'purge skipped a file with an unsafe storage key');
      }
    }
    if (result.cases || result.attachments || result.failed.length) this.logger.log(result, 'bin purged');
    return result;
  }
}

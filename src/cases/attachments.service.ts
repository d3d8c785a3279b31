import { createReadStream, type ReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { writeNewStoredFile } from '../common/storage/storage-key';
import { AttachmentFolderService, readForPrint } from './attachment-folder.service';
import { canEditCaseContent } from './case-access';
import { assertCaseVisible } from './case-access-policy';
import type { AttachmentData } from './case-aggregate';
import { CaseFile } from './case-file.entity';
import { CASE_STATE_LABELS } from '../workflow/case-state-machine';
import { EDITABLE_STATUSES } from './case-kinds';
import { CaseAttachment } from './case-parts.entity';
import { CaseErrors } from './cases.errors';
import { checkUploadedFile, type UploadedFileLike } from './uploaded-file';
import { storedFileData } from '../common/storage/stored-file';
import { actorOf } from '../auth/actor';

export { ATTACHMENT_MAX_BYTES, type UploadedFileLike } from './uploaded-file';

@Injectable()
export class AttachmentsService extends AttachmentFolderService {
  protected readonly logger = new Logger(AttachmentsService.name);

  async upload(
    user: AuthUser,
    caseId: string,
    file: UploadedFileLike | undefined,
    meta: { title?: string; materialLabel?: string },
  ): Promise<AttachmentData> {
    const c = await assertCaseVisible(
      this.ds.manager,
      user,
      await this.ds.getRepository(CaseFile).findOne({ where: { id: caseId } }),
    );
    if (!canEditCaseContent(user, c)) throw CaseErrors.editForbidden();
    if (!(EDITABLE_STATUSES as readonly string[]).includes(c.status))
      throw CaseErrors.notEditable(CASE_STATE_LABELS[c.status]);
    const { file: upload, type, fileName } = checkUploadedFile(file);

    const { storageKey, path, sha256 } = await writeNewStoredFile(
      this.dir,
      upload.buffer,
      type.extensions[0],
    );
    try {
      const saved = await this.uow.run(user, async (m) => {
        const row = await m.save(
          m.create(CaseAttachment, {
            caseId,
            title: (meta.title ?? '').trim() || fileName,
            materialLabel: (meta.materialLabel ?? '').trim(),
            fileName,
            mediaType: type.mediaType,
            sizeBytes: upload.size,
            sha256,
            storageKey,
            createdById: user.id,
          }),
        );
        const detail = { attachment: row.id, fileName, sha256, sizeBytes: upload.size };
        await this.audit.recordChange(user, 'create', 'case', caseId, detail, m);
        return row;
      });
      return toData(saved);
    } catch (e) {
      await rm(path, { force: true });
      throw e;
    }
  }

  async open(
    user: AuthUser,
    caseId: string,
    attachmentId: string,
    meta: { ip: string | null },
  ): Promise<{ attachment: AttachmentData; stream: ReadStream }> {
    await assertCaseVisible(
      this.ds.manager,
      user,
      await this.ds.getRepository(CaseFile).findOne({ where: { id: caseId } }),
    );
    const a = await this.ds.getRepository(CaseAttachment).findOne({ where: { id: attachmentId, caseId } });
    if (!a) throw CaseErrors.attachmentNotFound();
    const path = await this.attachmentFile(a);
    if (!path || !(await stat(path).catch(() => null))?.isFile()) throw CaseErrors.attachmentNotFound();
    const stream = createReadStream(path);
    // Recorded before a byte is sent: a download that happened is always on record.
    await this.audit.record({
      actor: actorOf(user),
      action: 'download',
      targetType: 'case',
      targetId: caseId,
      ip: meta.ip,
      status: 200,
      detail: { attachment: a.id, fileName: a.fileName, sha256: a.sha256 },
    });
    return { attachment: toData(a), stream };
  }

  /**
   * The PDF attachments of cases the caller has already been allowed to print (e.g. the cases of a
   * meeting packet), in upload order. A file missing from the disk comes back empty, so the packet
   * lists it as unreadable instead of failing.
   */
  async pdfsForPrint(
    caseIds: readonly string[],
  ): Promise<Map<string, { name: string; title: string; bytes: Uint8Array }[]>> {
    if (caseIds.length === 0) return new Map();
    const rows = await this.ds
      .getRepository(CaseAttachment)
      .createQueryBuilder('a')
      .where('a.caseId IN (:...caseIds)', { caseIds: [...caseIds] })
      .andWhere('a.mediaType = :pdf', { pdf: 'application/pdf' })
      .orderBy('a.createdAt', 'ASC')
      .getMany();
    return readForPrint(
      rows,
      (a) => this.attachmentFile(a),
      (a) => a.caseId,
      (a, bytes) => ({ name: a.fileName, title: a.title, bytes }),
    );
  }

  /** The attachment's file, or null (logged) when its stored key is not one the app could have written. */
  private attachmentFile(a: CaseAttachment): Promise<string | null> {
    return this.storedFile(a.storageKey, { attachment: a.id }, 'attachment');
  }

  /** Moves the attachment to the bin; the file stays until the purge (the secretariat can restore it). */
  async remove(user: AuthUser, caseId: string, attachmentId: string): Promise<void> {
    await this.uow.run(user, async (m) => {
      const c = await assertCaseVisible(
        m,
        user,
        await m.findOne(CaseFile, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } }),
      );
      if (!canEditCaseContent(user, c)) throw CaseErrors.editForbidden();
      if (!(EDITABLE_STATUSES as readonly string[]).includes(c.status))
        throw CaseErrors.notEditable(CASE_STATE_LABELS[c.status]);
      const a = await m.findOne(CaseAttachment, { where: { id: attachmentId, caseId } });
      if (!a) throw CaseErrors.attachmentNotFound();
      await m.query('UPDATE case_attachment SET deleted_at = now(), deleted_by_id = $2 WHERE id = $1', [
        a.id,
        user.id,
      ]);
      await this.audit.recordChange(
        user,
        'delete',
        'case',
        caseId,
        { attachment: a.id, fileName: a.fileName, bin: true },
        m,
      );
    });
  }
}

function toData(a: CaseAttachment): AttachmentData {
  return {
    id: a.id,
    title: a.title,
    materialLabel: a.materialLabel,
    ...storedFileData(a),
  };
}

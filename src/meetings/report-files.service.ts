import { rm } from 'node:fs/promises';
import { Injectable, Logger } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { AttachmentFolderService, readForPrint } from '../cases/attachment-folder.service';
import { checkUploadedFile, type UploadedFileLike } from '../cases/uploaded-file';
import { sniffFileType } from '../cases/file-type';
import { writeNewStoredFile } from '../common/storage/storage-key';
import { AgendaItemFile } from './agenda-item-file.entity';
import { AgendaItem } from './agenda-item.entity';
import { meetingMachine } from './meeting-state-machine';
import { Meeting } from './meeting.entity';
import { MeetingErrors } from './meetings.errors';
import { actorOf } from '../auth/actor';
import { storedFileData, type StoredFileData } from '../common/storage/stored-file';

export interface ReportFileData extends StoredFileData {
  id: string;
  agendaItemId: string;
  title: string;
}

/**
 * Files of report items (報告事項): sniffed and stored like case attachments (same checks, same
 * storage folder and keys), printed in the meeting packet under the item's 資料N.
 */
@Injectable()
export class ReportFilesService extends AttachmentFolderService {
  protected readonly logger = new Logger(ReportFilesService.name);

  async upload(
    user: AuthUser,
    meetingId: string,
    itemId: string,
    file: UploadedFileLike | undefined,
    title: string | undefined,
  ): Promise<ReportFileData> {
    await this.editableReport(this.ds.manager, meetingId, itemId);
    const { file: upload, type, fileName } = checkUploadedFile(file);
    return (await this.store(user, meetingId, itemId, upload.buffer, type, fileName, title)).file;
  }

  /**
   * Stores a paper the product made itself (a standing report's PDF) as a file of the report item,
   * inside the running unit of work (the item may have been created by it). The stored path is
   * returned so the caller can remove it if its transaction rolls back later.
   */
  async attachGenerated(
    user: AuthUser,
    meetingId: string,
    itemId: string,
    pdf: Buffer,
    fileName: string,
    title: string,
  ): Promise<{ file: ReportFileData; path: string }> {
    const type = sniffFileType(pdf);
    if (!type.ok || type.mediaType !== 'application/pdf') throw new Error('attachGenerated: not a PDF');
    const name =
      fileName
        .replace(/[\\/\u0000-\u001f\u007f]/g, '')
        .trim()
        .slice(0, 200) || 'report.pdf';
    return this.store(user, meetingId, itemId, pdf, type, name, title);
  }

  private async store(
    user: AuthUser,
    meetingId: string,
    itemId: string,
    buffer: Buffer,
    type: { mediaType: string; extensions: readonly string[] },
    fileName: string,
    title: string | undefined,
  ): Promise<{ file: ReportFileData; path: string }> {
    const { storageKey, path, sha256 } = await writeNewStoredFile(this.dir, buffer, type.extensions[0]);
    try {
      const row = await this.uow.run(user, async (m) => {
        await this.editableReport(m, meetingId, itemId, true);
        const saved = await m.save(
          m.create(AgendaItemFile, {
            agendaItemId: itemId,
            title: (title ?? '').trim() || fileName,
            fileName,
            mediaType: type.mediaType,
            sizeBytes: buffer.length,
            sha256,
            storageKey,
            createdById: user.id,
          }),
        );
        await this.record(m, user, meetingId, 'create', {
          reportFile: saved.id,
          item: itemId,
          fileName,
          sha256,
        });
        return saved;
      });
      return { file: toData(row), path };
    } catch (e) {
      await rm(path, { force: true });
      throw e;
    }
  }

  /** The report item's files, in upload order (the caller has checked the meeting is visible). */
  async list(meetingId: string, itemId: string): Promise<ReportFileData[]> {
    if (!(await this.ds.getRepository(AgendaItem).exists({ where: { id: itemId, meetingId } })))
      throw MeetingErrors.itemNotFound();
    const rows = await this.ds
      .getRepository(AgendaItemFile)
      .find({ where: { agendaItemId: itemId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toData);
  }

  async remove(user: AuthUser, meetingId: string, itemId: string, fileId: string): Promise<void> {
    const removed = await this.uow.run(user, async (m) => {
      await this.editableReport(m, meetingId, itemId, true);
      const f = await m.findOne(AgendaItemFile, { where: { id: fileId, agendaItemId: itemId } });
      if (!f) throw MeetingErrors.reportFileNotFound();
      await m.delete(AgendaItemFile, { id: f.id });
      await this.record(m, user, meetingId, 'delete', {
        reportFile: f.id,
        item: itemId,
        fileName: f.fileName,
      });
      return f;
    });
    const path = await this.reportFile(removed);
    if (path) await rm(path, { force: true });
  }

  /** The PDF files of the given report items, by item, for the packet (missing files come back empty). */
  async pdfsForPrint(
    itemIds: readonly string[],
  ): Promise<Map<string, { name: string; bytes: Uint8Array }[]>> {
    if (itemIds.length === 0) return new Map();
    const rows = await this.ds.getRepository(AgendaItemFile).find({
      where: { agendaItemId: In([...itemIds]), mediaType: 'application/pdf' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return readForPrint(
      rows,
      (f) => this.reportFile(f),
      (f) => f.agendaItemId,
      (f, bytes) => ({ name: f.fileName, bytes }),
    );
  }

  private async editableReport(m: EntityManager, meetingId: string, itemId: string, lock = false) {
    const meeting = await m.findOne(Meeting, {
      where: { id: meetingId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!meeting) throw MeetingErrors.notFound();
    if (meeting.state === 'closed') throw MeetingErrors.notEditable(meetingMachine.label(meeting.state));
    const item = await m.findOne(AgendaItem, { where: { id: itemId, meetingId } });
    if (!item) throw MeetingErrors.itemNotFound();
    if (item.section !== 'report') throw MeetingErrors.itemNotReport();
    return item;
  }

  private record(
    m: EntityManager,
    user: AuthUser,
    meetingId: string,
    action: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      { actor: actorOf(user), action, targetType: 'meeting', targetId: meetingId, detail },
      m,
    );
  }

  private reportFile(f: AgendaItemFile): Promise<string | null> {
    return this.storedFile(f.storageKey, { reportFile: f.id }, 'report file');
  }
}

function toData(f: AgendaItemFile): ReportFileData {
  return {
    id: f.id,
    agendaItemId: f.agendaItemId,
    title: f.title,
    ...storedFileData(f),
  };
}

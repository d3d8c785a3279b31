import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, type Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { resolveStorageKey, UnsafeStorageKeyError } from '../common/storage/storage-key';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { UnitOfWork } from '../database/unit-of-work';

/**
 * What the services keeping uploads in DATA_DIR/attachments share (case attachments, report items'
 * files, the bin's purge): one folder and its storage keys, beside the database and the audit log.
 */
@Injectable()
export abstract class AttachmentFolderService {
  protected readonly dir: string;
  protected abstract readonly logger: Logger;

  constructor(
    @InjectDataSource() protected readonly ds: DataSource,
    protected readonly uow: UnitOfWork,
    protected readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.dir = join(config.dataDir, 'attachments');
  }

  /**
   * The file `storageKey` names, or null (logged as `what`, with `row`) when the key is not one the
   * app could have written.
   */
  protected async storedFile(
    storageKey: string,
    row: Record<string, unknown>,
    what: string,
  ): Promise<string | null> {
    try {
      return await resolveStorageKey(this.dir, storageKey);
    } catch (e) {
      if (!(e instanceof UnsafeStorageKeyError)) throw e;
      this.logger.error({ ...row, storageKey }, `${what} has an unsafe storage key`);
      return null;
    }
  }
}

/** A stored file's bytes for a printed packet: empty when it is missing (listed as unreadable there). */
export async function bytesForPrint(path: string | null): Promise<Uint8Array> {
  return path ? readFile(path).catch(() => new Uint8Array(0)) : new Uint8Array(0);
}

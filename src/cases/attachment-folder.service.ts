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

/**
 * The stored files of `rows` read for a printed packet, grouped by `keyOf` in the rows' order. A
 * file missing from the disk (or behind an unsafe key) comes back empty, so the packet lists it as
 * unreadable instead of failing.
 */
export async function readForPrint<R, E>(
  rows: readonly R[],
  fileOf: (row: R) => Promise<string | null>,
  keyOf: (row: R) => string,
  entryOf: (row: R, bytes: Uint8Array) => E,
): Promise<Map<string, E[]>> {
  const files = await Promise.all(
    rows.map(async (r) => {
      const path = await fileOf(r);
      return path ? readFile(path).catch(() => new Uint8Array(0)) : new Uint8Array(0);
    }),
  );
  const out = new Map<string, E[]>();
  rows.forEach((r, i) => {
    const list = out.get(keyOf(r)) ?? [];
    list.push(entryOf(r, files[i]));
    out.set(keyOf(r), list);
  });
  return out;
}

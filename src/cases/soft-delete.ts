/** How long deleted cases and attachments stay in the bin before the purge removes them. */
export const BIN_RETENTION_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The condition every raw SQL query over `case_file` / `case_attachment` adds for the given alias.
 * (TypeORM's find and query builder add it themselves through the @DeleteDateColumn.)
 */
export const notDeleted = (alias: string): string => `${alias}.deleted_at IS NULL`;

/** Items deleted before this instant are purged at `now`. */
export function purgeCutoff(now: Date, days = BIN_RETENTION_DAYS): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** When an item deleted at `deletedAt` will be purged. */
export function purgeDate(deletedAt: Date, days = BIN_RETENTION_DAYS): Date {
  return new Date(deletedAt.getTime() + days * DAY_MS);
}

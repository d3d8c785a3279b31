import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only trigger on audit_log covered UPDATE and DELETE only: TRUNCATE emptied the log
 * without a trace. It is refused now too (restore turns user triggers off while it loads).
 */
export class AuditLogNoTruncate1763752100000 implements MigrationInterface {
  name = 'AuditLogNoTruncate1763752100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TRIGGER trg_audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_audit_log_no_truncate ON audit_log`);
  }
}

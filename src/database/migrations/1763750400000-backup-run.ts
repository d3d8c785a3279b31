import { MigrationInterface, QueryRunner } from 'typeorm';

/** History of backups: one row per run, written by whichever instance ran it. */
export class BackupRun1763750400000 implements MigrationInterface {
  name = 'BackupRun1763750400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE backup_run (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'command')),
        slot timestamptz,
        status text NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        host text,
        name text,
        size_bytes bigint,
        table_count integer,
        row_count bigint,
        checksum text,
        error text,
        pruned_at timestamptz
      )`);
    // Several instances fire the same nightly schedule: the slot lets only one of them run it.
    await q.query(`CREATE UNIQUE INDEX uq_backup_run_slot ON backup_run (slot) WHERE slot IS NOT NULL`);
    await q.query(`CREATE INDEX ix_backup_run_started ON backup_run (started_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE backup_run`);
  }
}

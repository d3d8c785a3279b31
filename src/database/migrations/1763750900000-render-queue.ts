import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Results of queued PDF jobs, handed from the consumer that printed them to the instance that waits
 * for them. Rows live for seconds: the requester deletes its row when it reads it; consumers delete
 * rows nobody fetched. The queue itself is pg-boss's own schema (`pgboss`), which pg-boss creates
 * and migrates when it starts.
 *
 * UNLOGGED and stored uncompressed: a PDF is already compressed, and a result that lives for
 * milliseconds needs no WAL (after a crash the table is empty and the requester sees the job's
 * failure or its own time limit). Halves the time a 500 KB PDF takes to pass through.
 */
export class RenderQueue1763750900000 implements MigrationInterface {
  name = 'RenderQueue1763750900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE render_result (
        job_id uuid PRIMARY KEY,
        pdf bytea,
        error_code text,
        timeout_ms integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((pdf IS NULL) <> (error_code IS NULL))
      )`);
    await q.query(`ALTER TABLE render_result ALTER COLUMN pdf SET STORAGE EXTERNAL`);
    await q.query(`CREATE INDEX ix_render_result_created ON render_result (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE render_result`);
  }
}

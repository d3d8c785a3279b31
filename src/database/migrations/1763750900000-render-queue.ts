import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Results of queued PDF jobs, handed from the consumer that printed them to the instance that waits
 * for them. Rows live for seconds: the requester deletes its row when it reads it; consumers delete
 * rows nobody fetched. The queue itself is pg-boss's own schema (`pgboss`), which pg-boss creates
 * and migrates when it starts.
 */
export class RenderQueue1763750900000 implements MigrationInterface {
  name = 'RenderQueue1763750900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE render_result (
        job_id uuid PRIMARY KEY,
        pdf bytea,
        error_code text,
        timeout_ms integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((pdf IS NULL) <> (error_code IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_render_result_created ON render_result (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE render_result`);
  }
}

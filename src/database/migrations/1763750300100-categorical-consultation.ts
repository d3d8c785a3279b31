import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry of categorical consultations (類型諮問) approved by the council. Written by the
 * workflow when a categorical reply is issued; read by the case-file rule engine.
 */
export class CategoricalConsultation1763750300100 implements MigrationInterface {
  name = 'CategoricalConsultation1763750300100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS categorical_consultation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL,
        criteria jsonb NOT NULL,
        reply_id uuid REFERENCES reply(id),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE categorical_consultation`);
  }
}

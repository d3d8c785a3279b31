import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Links the registry of categorical consultations (類型諮問, created with the case file) to the
 * reply (答申) that approved an entry; the workflow adds entries when it issues such a reply.
 */
export class CategoricalConsultation1763750300100 implements MigrationInterface {
  name = 'CategoricalConsultation1763750300100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE categorical_consultation ADD COLUMN reply_id uuid REFERENCES reply(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE categorical_consultation DROP COLUMN reply_id`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A legal basis whose consultation the framework leaves to the implementing body (法第129条: the
 * body *may* consult its council): the rule engine says "optional" instead of "required".
 */
export class LegalBasisOptional1763752800000 implements MigrationInterface {
  name = 'LegalBasisOptional1763752800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE legal_basis ADD COLUMN optional boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE legal_basis DROP COLUMN optional`);
  }
}

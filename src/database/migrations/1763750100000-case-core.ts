import { MigrationInterface, QueryRunner } from 'typeorm';
import { VERSIONED_COLUMNS } from './support';

/** The core of a case: who owns it, its title and where it is in the workflow. */
export class CaseCore1763750100000 implements MigrationInterface {
  name = 'CaseCore1763750100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        department_id uuid NOT NULL REFERENCES department(id),
        title text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'draft',
        procedure text NOT NULL DEFAULT 'consultation' CHECK (procedure IN ('consultation', 'report')),
        confidentiality_level smallint NOT NULL DEFAULT 2 CHECK (confidentiality_level BETWEEN 1 AND 3),
        receipt_number text,
        created_by_id uuid NOT NULL REFERENCES app_user(id),
        updated_by_id uuid REFERENCES app_user(id),
        ${VERSIONED_COLUMNS},
        CONSTRAINT uq_case_file_receipt_number UNIQUE (receipt_number)
      )`);
    await q.query(`CREATE INDEX ix_case_file_department ON case_file (department_id)`);
    await q.query(`CREATE INDEX ix_case_file_status ON case_file (status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_file`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-municipality numbering scheme of 受付番号 and 答申番号: per fiscal year (default, resets
 * each April) or continuous (never resets). Continuous counters use number_sequence rows with
 * fiscal_year = 0. A reply remembers the scheme it was numbered under, so switching schemes
 * never makes two replies collide.
 */
export class NumberingScheme1763750800000 implements MigrationInterface {
  name = 'NumberingScheme1763750800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE municipality
        ADD COLUMN numbering text NOT NULL DEFAULT 'fiscalYear'
          CONSTRAINT ck_municipality_numbering CHECK (numbering IN ('fiscalYear', 'continuous'))`);
    await q.query(`
      ALTER TABLE reply
        ADD COLUMN numbering text NOT NULL DEFAULT 'fiscalYear'
          CONSTRAINT ck_reply_numbering CHECK (numbering IN ('fiscalYear', 'continuous'))`);
    await q.query(`ALTER TABLE reply DROP CONSTRAINT uq_reply_number`);
    await q.query(
      `CREATE UNIQUE INDEX uq_reply_number_fiscal_year ON reply (fiscal_year, number) WHERE numbering = 'fiscalYear'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_reply_number_continuous ON reply (number) WHERE numbering = 'continuous'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX uq_reply_number_continuous`);
    await q.query(`DROP INDEX uq_reply_number_fiscal_year`);
    await q.query(`ALTER TABLE reply ADD CONSTRAINT uq_reply_number UNIQUE (fiscal_year, number)`);
    await q.query(`ALTER TABLE reply DROP COLUMN numbering`);
    await q.query(`ALTER TABLE municipality DROP COLUMN numbering`);
  }
}

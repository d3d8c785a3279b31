import { MigrationInterface, QueryRunner } from 'typeorm';

/** One login account per roster member: a second link of the same account is refused by PostgreSQL too. */
export class RosterAccounts1763752700000 implements MigrationInterface {
  name = 'RosterAccounts1763752700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNIQUE INDEX uq_council_member_user ON council_member (user_id) WHERE user_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX uq_council_member_user`);
  }
}

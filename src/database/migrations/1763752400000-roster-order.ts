import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 名簿順: the order of the council's roster, used wherever members are listed (papers, minutes,
 * screens). Existing members keep the order they were entered in, the chair and the 職務代理者 first;
 * the meetings' member rows follow it.
 */
export class RosterOrder1763752400000 implements MigrationInterface {
  name = 'RosterOrder1763752400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE council_member ADD COLUMN roster_order integer NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE council_member c SET roster_order = r.n FROM (
        SELECT id, row_number() OVER (
          ORDER BY CASE title WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 WHEN 'viceChair' THEN 1 ELSE 2 END,
                   created_at, id) AS n
          FROM council_member) r
       WHERE r.id = c.id`);
    await q.query(`
      UPDATE meeting_attendee a SET sort_order = CASE c.title WHEN 'chair' THEN 0 WHEN 'viceChair' THEN 1
                                                  ELSE 2 + c.roster_order END
        FROM council_member c
       WHERE c.id = a.council_member_id AND a.category = 'member'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE council_member DROP COLUMN roster_order`);
  }
}

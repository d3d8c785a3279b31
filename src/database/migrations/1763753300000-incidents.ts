import { MigrationInterface, QueryRunner } from 'typeorm';
import { UUID_KEY_AND_COUNCIL, VERSIONED_COLUMNS } from './support';

/**
 * 個人情報の漏えい等 (incidents): the register a department keeps and the secretariat oversees, with
 * the facts the reporting duty to the Commission (規則第43条) is computed from and the 速報 / 確報 dates.
 */
export class Incidents1763753300000 implements MigrationInterface {
  name = 'Incidents1763753300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incident (
        ${UUID_KEY_AND_COUNCIL},
        department_id uuid NOT NULL REFERENCES department(id),
        title text NOT NULL,
        discovered_on date NOT NULL,
        occurred_on date,
        kind text NOT NULL CHECK (kind IN ('leak', 'loss', 'damage', 'misuse', 'other')),
        persons_affected integer CHECK (persons_affected >= 0),
        persons_approximate boolean NOT NULL DEFAULT false,
        data_items text NOT NULL DEFAULT '',
        includes_sensitive boolean NOT NULL DEFAULT false,
        financial_damage_risk boolean NOT NULL DEFAULT false,
        unlawful_purpose boolean NOT NULL DEFAULT false,
        includes_ordinance_sensitive boolean NOT NULL DEFAULT false,
        cause text NOT NULL DEFAULT '',
        measures text NOT NULL DEFAULT '',
        prevention text NOT NULL DEFAULT '',
        notified_on date,
        preliminary_reported_on date,
        final_reported_on date,
        state text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'investigating', 'resolved')),
        created_by_id uuid REFERENCES app_user(id),
        ${VERSIONED_COLUMNS},
        CHECK (occurred_on IS NULL OR occurred_on <= discovered_on),
        CHECK (final_reported_on IS NULL OR preliminary_reported_on IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX incident_discovered_idx ON incident (council_id, discovered_on)`);
    await q.query(`CREATE INDEX incident_department_idx ON incident (department_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE incident`);
  }
}

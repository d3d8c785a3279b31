import { MigrationInterface, QueryRunner } from 'typeorm';
import { childRowColumns } from './support';

/** Files of a report item (報告事項): stamped and paged in the meeting packet like case attachments. */
export class AgendaItemFiles1763752510000 implements MigrationInterface {
  name = 'AgendaItemFiles1763752510000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agenda_item_file (
        ${childRowColumns('agenda_item_id', 'agenda_item')},
        title text NOT NULL,
        file_name text NOT NULL,
        media_type text NOT NULL,
        size_bytes integer NOT NULL,
        sha256 text NOT NULL,
        storage_key text NOT NULL,
        created_by_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_agenda_item_file_item ON agenda_item_file (agenda_item_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agenda_item_file`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { UUID_KEY_AND_COUNCIL, VERSIONED_COLUMNS } from './support';

/**
 * The personal-information file register (個人情報ファイル簿, 法第75条) and, on the same model, the
 * ordinance's 個人情報取扱事務登録簿 (`kind`). An entry holds its current fields; every change is a
 * new row of `register_entry_version` (who, when, why, and the case that caused it), so the
 * 登録状況 report of a period is a query on `changed_at`. A case whose reply is issued leaves a
 * `register_proposal` that the department confirms or rejects.
 */
export class FileRegister1763753200000 implements MigrationInterface {
  name = 'FileRegister1763753200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE register_entry (
        ${UUID_KEY_AND_COUNCIL},
        kind text NOT NULL DEFAULT 'file' CHECK (kind IN ('file', 'processing')),
        department_id uuid NOT NULL REFERENCES department(id),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'abolished')),
        name text NOT NULL,
        purpose text NOT NULL,
        record_items jsonb NOT NULL DEFAULT '[]',
        record_scope text NOT NULL,
        collection_method text NOT NULL DEFAULT '',
        sensitive boolean NOT NULL DEFAULT false,
        regular_recipients text NOT NULL DEFAULT '',
        request_office text NOT NULL DEFAULT '',
        special_procedures text NOT NULL DEFAULT '',
        file_type text NOT NULL DEFAULT 'computer' CHECK (file_type IN ('computer', 'manual')),
        exclusion text CHECK (exclusion IN ('under1000', 'article75_2', 'article75_3')),
        exclusion_note text NOT NULL DEFAULT '',
        revision integer NOT NULL DEFAULT 1,
        ${VERSIONED_COLUMNS}
      )`);
    await q.query(`CREATE INDEX ix_register_entry_department ON register_entry (department_id, status)`);
    await q.query(`
      CREATE TABLE register_proposal (
        ${UUID_KEY_AND_COUNCIL},
        case_id uuid NOT NULL REFERENCES case_file(id),
        reply_id uuid REFERENCES reply(id),
        department_id uuid NOT NULL REFERENCES department(id),
        target_entry_id uuid REFERENCES register_entry(id),
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'rejected')),
        fields jsonb NOT NULL,
        decision_reason text NOT NULL DEFAULT '',
        entry_id uuid REFERENCES register_entry(id),
        decided_by_id uuid REFERENCES app_user(id),
        decided_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One proposal per issued reply: re-running the hook never doubles it.
    await q.query(`CREATE UNIQUE INDEX ux_register_proposal_reply ON register_proposal (reply_id)`);
    await q.query(`CREATE INDEX ix_register_proposal_department ON register_proposal (department_id, state)`);
    await q.query(`
      CREATE TABLE register_entry_version (
        ${UUID_KEY_AND_COUNCIL},
        entry_id uuid NOT NULL REFERENCES register_entry(id),
        revision integer NOT NULL,
        change text NOT NULL CHECK (change IN ('create', 'update', 'publish', 'abolish')),
        fields jsonb NOT NULL,
        status text NOT NULL,
        reason text NOT NULL,
        case_id uuid REFERENCES case_file(id),
        proposal_id uuid REFERENCES register_proposal(id),
        changed_by_id uuid REFERENCES app_user(id),
        changed_by_name text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (entry_id, revision)
      )`);
    // The 登録状況 report reads the changes of a period.
    await q.query(
      `CREATE INDEX ix_register_entry_version_period ON register_entry_version (council_id, changed_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE register_entry_version, register_proposal, register_entry`);
  }
}

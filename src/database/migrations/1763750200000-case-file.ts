import { MigrationInterface, QueryRunner } from 'typeorm';
import { childRowColumns, CREATED_BY_COLUMNS, VERSIONED_COLUMNS } from './support';

/**
 * The case file (諮問事案書): the legal-basis catalog, the content of a case (overview, sections,
 * personal-data item list, security measures, attachments), the clause library, snapshots and the
 * categorical-consultation registry.
 */
export class CaseFile1763750200000 implements MigrationInterface {
  name = 'CaseFile1763750200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE legal_basis (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        ordinance text NOT NULL DEFAULT '',
        article text NOT NULL,
        short_name text NOT NULL,
        procedure text NOT NULL CHECK (procedure IN ('consultation', 'priorReport', 'report')),
        section_kind text NOT NULL
          CHECK (section_kind IN ('processing', 'externalConnection', 'outsourcing', 'purposeExtension')),
        outsourcing_subtypes jsonb NOT NULL DEFAULT '[]',
        applies_when jsonb NOT NULL DEFAULT '{}',
        sort_order integer NOT NULL DEFAULT 0,
        retired boolean NOT NULL DEFAULT false,
        ${VERSIONED_COLUMNS},
        CONSTRAINT uq_legal_basis_code UNIQUE (code)
      )`);

    await q.query(`
      CREATE TABLE clause_set (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        retired boolean NOT NULL DEFAULT false,
        ${VERSIONED_COLUMNS},
        CONSTRAINT uq_clause_set_code UNIQUE (code)
      )`);
    // Versions are immutable: editing a set appends one; cases keep pointing at the one they chose.
    await q.query(`
      CREATE TABLE clause_set_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clause_set_id uuid NOT NULL REFERENCES clause_set(id),
        number integer NOT NULL CHECK (number >= 1),
        name text NOT NULL,
        clauses jsonb NOT NULL,
        change_note text NOT NULL DEFAULT '',
        ${CREATED_BY_COLUMNS},
        CONSTRAINT uq_clause_set_version UNIQUE (clause_set_id, number)
      )`);

    await q.query(`
      ALTER TABLE case_file
        ADD COLUMN section_name text NOT NULL DEFAULT '',
        ADD COLUMN contact_name text NOT NULL DEFAULT '',
        ADD COLUMN extension text NOT NULL DEFAULT '',
        ADD COLUMN business_name text NOT NULL DEFAULT '',
        ADD COLUMN business_department text NOT NULL DEFAULT '',
        ADD COLUMN purpose text NOT NULL DEFAULT '',
        ADD COLUMN target_persons text NOT NULL DEFAULT '',
        ADD COLUMN business_content text NOT NULL DEFAULT '',
        ADD COLUMN background text NOT NULL DEFAULT '',
        ADD COLUMN retroactive boolean NOT NULL DEFAULT false,
        ADD COLUMN retroactive_reason text NOT NULL DEFAULT '',
        ADD COLUMN related_note text NOT NULL DEFAULT '',
        ADD COLUMN security_measures jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN security_measures_intro text NOT NULL DEFAULT '',
        ADD COLUMN copied_from_id uuid REFERENCES case_file(id) ON DELETE SET NULL,
        ADD COLUMN search_text text NOT NULL DEFAULT '',
        ADD COLUMN search_grams text[] NOT NULL DEFAULT '{}'`);
    // Japanese full-text search: see src/cases/search-text.ts for why n-grams in an array.
    await q.query(`CREATE INDEX ix_case_file_search_grams ON case_file USING gin (search_grams)`);
    await q.query(`CREATE INDEX ix_case_file_updated ON case_file (updated_at DESC)`);

    await q.query(`
      CREATE TABLE case_legal_basis (
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        legal_basis_id uuid NOT NULL REFERENCES legal_basis(id),
        position integer NOT NULL,
        PRIMARY KEY (case_id, legal_basis_id)
      )`);
    await q.query(`CREATE INDEX ix_case_legal_basis_basis ON case_legal_basis (legal_basis_id)`);

    await q.query(`
      CREATE TABLE case_relation (
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        related_case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        position integer NOT NULL,
        PRIMARY KEY (case_id, related_case_id),
        CONSTRAINT ck_case_relation_self CHECK (case_id <> related_case_id)
      )`);

    await q.query(`
      CREATE TABLE case_section (
        ${childRowColumns('case_id', 'case_file')},
        position integer NOT NULL,
        kind text NOT NULL
          CHECK (kind IN ('processing', 'externalConnection', 'outsourcing', 'purposeExtension')),
        legal_basis_id uuid NOT NULL REFERENCES legal_basis(id),
        clause_set_version_id uuid REFERENCES clause_set_version(id),
        payload jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX ix_case_section_case ON case_section (case_id, position)`);

    await q.query(`
      CREATE TABLE case_item_column (
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        key text NOT NULL,
        label text NOT NULL,
        group_label text NOT NULL DEFAULT '',
        sensitive boolean NOT NULL DEFAULT false,
        my_number boolean NOT NULL DEFAULT false,
        position integer NOT NULL,
        PRIMARY KEY (case_id, key)
      )`);
    await q.query(`
      CREATE TABLE case_item_row (
        ${childRowColumns('case_id', 'case_file')},
        position integer NOT NULL,
        department_business text NOT NULL DEFAULT '',
        procedure_name text NOT NULL DEFAULT '',
        cells jsonb NOT NULL DEFAULT '{}',
        other_items text NOT NULL DEFAULT '',
        note text NOT NULL DEFAULT ''
      )`);
    await q.query(`CREATE INDEX ix_case_item_row_case ON case_item_row (case_id, position)`);

    await q.query(`
      CREATE TABLE case_attachment (
        ${childRowColumns('case_id', 'case_file')},
        title text NOT NULL,
        material_label text NOT NULL DEFAULT '',
        file_name text NOT NULL,
        media_type text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 text NOT NULL,
        storage_key text NOT NULL,
        created_by_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_case_attachment_case ON case_attachment (case_id)`);

    await q.query(`
      CREATE TABLE case_snapshot (
        ${childRowColumns('case_id', 'case_file')},
        seq integer NOT NULL,
        case_version integer NOT NULL,
        status text NOT NULL,
        reason text NOT NULL DEFAULT '',
        data jsonb NOT NULL,
        ${CREATED_BY_COLUMNS},
        CONSTRAINT uq_case_snapshot_seq UNIQUE (case_id, seq)
      )`);

    // Filled by the workflow when the council approves a consultation as categorical (類型諮問).
    await q.query(`
      CREATE TABLE categorical_consultation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL,
        criteria jsonb NOT NULL DEFAULT '{}',
        reply_reference text NOT NULL DEFAULT '',
        source_case_id uuid REFERENCES case_file(id) ON DELETE SET NULL,
        active boolean NOT NULL DEFAULT true,
        ${VERSIONED_COLUMNS}
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE categorical_consultation, case_snapshot, case_attachment, case_item_row,
        case_item_column, case_section, case_relation, case_legal_basis`);
    // ix_case_file_search_grams goes with its column below; this one is on a column that stays.
    await q.query(`DROP INDEX ix_case_file_updated`);
    await q.query(`
      ALTER TABLE case_file
        DROP COLUMN section_name, DROP COLUMN contact_name, DROP COLUMN extension, DROP COLUMN business_name,
        DROP COLUMN business_department, DROP COLUMN purpose, DROP COLUMN target_persons,
        DROP COLUMN business_content, DROP COLUMN background, DROP COLUMN retroactive,
        DROP COLUMN retroactive_reason, DROP COLUMN related_note, DROP COLUMN security_measures, DROP COLUMN security_measures_intro,
        DROP COLUMN copied_from_id, DROP COLUMN search_text, DROP COLUMN search_grams`);
    await q.query(`DROP TABLE clause_set_version, clause_set, legal_basis`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  COUNCIL_SETTING,
  councilMatch,
  createOwnerFunction,
  endCouncilIsolation,
  isolateByCouncil,
  type OwnerFunction,
} from './support';

/**
 * The council-owned tables as of this migration (src/database/council-tables.ts keeps the current
 * list). The two settings tables are keyed by the council id itself.
 */
export const TENANCY_OWNED_TABLES: readonly string[] = [
  'advance_question',
  'agenda_item',
  'agenda_item_correction',
  'agenda_item_file',
  'agenda_material_document',
  'app_user',
  'audit_log',
  'case_attachment',
  'case_condition',
  'case_file',
  'case_item_column',
  'case_item_row',
  'case_legal_basis',
  'case_relation',
  'case_search',
  'case_section',
  'case_snapshot',
  'case_transition',
  'categorical_consultation',
  'clause_set',
  'clause_set_version',
  'condition_report',
  'condition_report_attachment',
  'condition_transition',
  'council_member',
  'deliberation_entry',
  'department',
  'legal_basis',
  'meeting',
  'meeting_attendee',
  'minutes',
  'minutes_confirmation',
  'minutes_correction',
  'minutes_mask',
  'notification',
  'notification_address',
  'number_sequence',
  'public_pdf_cache',
  'reply',
  'reply_revision',
  'standard_condition',
  'supplementary_opinion',
  'user_session',
];
export const TENANCY_KEYED_BY_ID_TABLES: readonly string[] = ['council_setting', 'minutes_redaction_setting'];

/** Unique per installation until now, unique per council from here: [table, index, columns, where]. */
const PER_COUNCIL_UNIQUE: [string, string, string, string?][] = [
  ['case_file', 'uq_case_file_receipt_number', 'receipt_number'],
  ['case_file', 'ux_case_file_imported_from', 'imported_from', 'imported_from IS NOT NULL'],
  ['clause_set', 'uq_clause_set_code', 'code'],
  ['department', 'uq_department_code', 'code'],
  ['department', 'uq_department_name', 'name'],
  ['legal_basis', 'uq_legal_basis_code', 'code'],
  ['meeting', 'uq_meeting_number', 'number'],
  ['meeting', 'ux_meeting_imported_from', 'imported_from', 'imported_from IS NOT NULL'],
  ['minutes', 'ux_minutes_imported_from', 'imported_from', 'imported_from IS NOT NULL'],
  ['reply', 'uq_reply_number_continuous', 'number', `numbering = 'continuous'`],
  ['reply', 'uq_reply_number_fiscal_year', 'fiscal_year, number', `numbering = 'fiscalYear'`],
  ['reply', 'ux_reply_imported_from', 'imported_from', 'imported_from IS NOT NULL'],
];

/** `deployment_has_accounts()` as made here (1763753600000 replaces it; its down puts this one back). */
export const DEPLOYMENT_HAS_ACCOUNTS: OwnerFunction = {
  name: 'deployment_has_accounts',
  args: '',
  returns: 'boolean',
  body: 'SELECT EXISTS (SELECT 1 FROM app_user)',
};

/**
 * Several councils in one deployment (issue 15): every council-owned row carries its council,
 * filled by the column default from the connection's `app.council_id` setting (so the existing
 * inserts need no change), and row-level security lets a connection see and write the rows of
 * its council only. Existing rows belong to the existing council (id 1, the only one there could be).
 * The audit log keeps one hash chain per council (the chain's tip is read through the policy)
 * plus one for deployment-level entries without a council (anonymous refusals, unknown logins).
 * Login names stay unique per deployment; `auth_council_of` tells the login which council a
 * name belongs to before any council is set (SECURITY DEFINER, owned by the migrating owner).
 */
export class Tenancy1763753000000 implements MigrationInterface {
  name = 'Tenancy1763753000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE municipality DROP CONSTRAINT municipality_id_check, ALTER COLUMN id DROP DEFAULT`,
    );
    for (const table of TENANCY_KEYED_BY_ID_TABLES) {
      await q.query(
        `ALTER TABLE ${table} DROP CONSTRAINT ${table}_id_check, ALTER COLUMN id SET DEFAULT ${COUNCIL_SETTING}`,
      );
      await isolateByCouncil(q, table, councilMatch('id'));
    }
    for (const table of TENANCY_OWNED_TABLES) {
      // A constant default fills the existing rows without an UPDATE (the audit log refuses updates).
      await q.query(`ALTER TABLE ${table} ADD COLUMN council_id smallint DEFAULT 1`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN council_id SET DEFAULT ${COUNCIL_SETTING}`);
      if (table !== 'audit_log') await q.query(`ALTER TABLE ${table} ALTER COLUMN council_id SET NOT NULL`);
      await isolateByCouncil(q, table, councilMatch('council_id', table === 'audit_log'));
    }
    await q.query(
      `ALTER TABLE standard_condition ALTER COLUMN municipality_id SET DEFAULT ${COUNCIL_SETTING}`,
    );
    await q.query(`CREATE INDEX ix_audit_log_council ON audit_log (council_id, id)`);
    for (const [table, index, columns, where] of PER_COUNCIL_UNIQUE) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${index}`);
      await q.query(`DROP INDEX IF EXISTS ${index}`);
      await q.query(
        `CREATE UNIQUE INDEX ${index} ON ${table} (council_id, ${columns})${where ? ` WHERE ${where}` : ''}`,
      );
    }
    await q.query(`ALTER TABLE number_sequence DROP CONSTRAINT number_sequence_pkey,
                   ADD PRIMARY KEY (council_id, kind, fiscal_year)`);
    await q.query(`ALTER TABLE public_pdf_cache DROP CONSTRAINT public_pdf_cache_pkey,
                   ADD PRIMARY KEY (council_id, content_key)`);
    await createOwnerFunction(q, {
      name: 'auth_council_of',
      args: 'login text',
      returns: 'smallint',
      body: 'SELECT council_id FROM app_user WHERE lower(username) = lower(login)',
    });
    // The first-run screen: whether any council has an account yet (a yes/no, no row).
    await createOwnerFunction(q, DEPLOYMENT_HAS_ACCOUNTS);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION deployment_has_accounts()`);
    await q.query(`DROP FUNCTION auth_council_of(text)`);
    await q.query(
      `ALTER TABLE public_pdf_cache DROP CONSTRAINT public_pdf_cache_pkey, ADD PRIMARY KEY (content_key)`,
    );
    await q.query(
      `ALTER TABLE number_sequence DROP CONSTRAINT number_sequence_pkey, ADD PRIMARY KEY (kind, fiscal_year)`,
    );
    // As they were before: a partial rule as a unique index, the others as unique constraints.
    for (const [table, index, columns, where] of PER_COUNCIL_UNIQUE) {
      await q.query(`DROP INDEX ${index}`);
      await q.query(
        where
          ? `CREATE UNIQUE INDEX ${index} ON ${table} (${columns}) WHERE ${where}`
          : `ALTER TABLE ${table} ADD CONSTRAINT ${index} UNIQUE (${columns})`,
      );
    }
    await q.query(`ALTER TABLE standard_condition ALTER COLUMN municipality_id SET DEFAULT 1`);
    for (const table of [...TENANCY_OWNED_TABLES, ...TENANCY_KEYED_BY_ID_TABLES]) {
      await endCouncilIsolation(q, table);
      if (TENANCY_OWNED_TABLES.includes(table)) await q.query(`ALTER TABLE ${table} DROP COLUMN council_id`);
    }
    for (const table of TENANCY_KEYED_BY_ID_TABLES)
      await q.query(
        `ALTER TABLE ${table} ALTER COLUMN id SET DEFAULT 1, ADD CONSTRAINT ${table}_id_check CHECK (id = 1)`,
      );
    await q.query(
      `ALTER TABLE municipality ALTER COLUMN id SET DEFAULT 1, ADD CONSTRAINT municipality_id_check CHECK (id = 1)`,
    );
  }
}

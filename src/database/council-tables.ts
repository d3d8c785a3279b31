/**
 * Every table of the `public` schema is in exactly one of these lists (a test compares them with the
 * database): a new table fails that test until it is classified here.
 *
 * Council-owned: each row carries `council_id` (filled from the `app.council_id` setting by the
 * column default), row-level security is on and forced, and the policy lets a connection see and
 * write only the rows of the council in its setting. The two settings tables are keyed by the
 * council id itself (`id`).
 */
export const COUNCIL_TABLES = [
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
  'council_setting',
  'deliberation_entry',
  'department',
  'legal_basis',
  'meeting',
  'meeting_attendee',
  'minutes',
  'minutes_confirmation',
  'minutes_correction',
  'minutes_mask',
  'minutes_redaction_setting',
  'notification',
  'notification_address',
  'number_sequence',
  'public_pdf_cache',
  'reply',
  'reply_revision',
  'standard_condition',
  'supplementary_opinion',
  'user_session',
] as const;

/** The column that names a council-owned row's council (the settings rows are keyed by it). */
export function councilColumnOf(table: string): string {
  return table === 'council_setting' || table === 'minutes_redaction_setting' ? 'id' : 'council_id';
}

/**
 * Deployment-wide tables, no council: the councils themselves, the schema history, the backup runs
 * (a backup covers the deployment) and the render queue's results (transient, keyed by an
 * unguessable job id, read once by the requester that queued the job within the hour).
 */
export const GLOBAL_TABLES = ['municipality', 'migrations', 'backup_run', 'render_result'] as const;

import { TENANCY_KEYED_BY_ID_TABLES, TENANCY_OWNED_TABLES } from './migrations/1763753000000-tenancy';
import { FEATURE_COUNCIL_TABLES } from './migrations/1763753500000-council-isolation-features';

/**
 * Every table of the `public` schema is in exactly one of these lists (a test compares them with the
 * database): a new table fails that test until it is classified here.
 *
 * Council-owned: each row carries `council_id` (filled from the `app.council_id` setting by the
 * column default), row-level security is on and forced, and the policy lets a connection see and
 * write only the rows of the council in its setting. The two settings tables are keyed by the
 * council id itself (`id`).
 */
export const COUNCIL_TABLES: readonly string[] = [
  // As of migration 1763753000000, which protected them; tables made later are added below it.
  ...TENANCY_OWNED_TABLES,
  ...TENANCY_KEYED_BY_ID_TABLES,
  // Migration 1763753500000: impact assessments, file register, incidents, public search.
  ...FEATURE_COUNCIL_TABLES,
];

/** The council-owned tables keyed by the council id itself (`id`), not by `council_id`. */
export const COUNCIL_KEYED_BY_ID_TABLES: readonly string[] = TENANCY_KEYED_BY_ID_TABLES;

/**
 * Deployment-wide tables, no council: the councils themselves, the schema history, the backup runs
 * (a backup covers the deployment) and the render queue's results (transient, keyed by an
 * unguessable job id, read once by the requester that queued the job within the hour).
 */
export const GLOBAL_TABLES: readonly string[] = ['municipality', 'migrations', 'backup_run', 'render_result'];

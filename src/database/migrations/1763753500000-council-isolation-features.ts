import { MigrationInterface, QueryRunner } from 'typeorm';
import { COUNCIL_SETTING, endCouncilIsolation, isolateByCouncil } from './support';

/**
 * The council-owned tables made after migration 1763753000000 (impact assessment reviews, the file
 * register, the incident register, the public search index and its synonyms) get what that
 * migration gave the others: `council_id` filled from the connection's council, row-level security
 * on and forced, and the same `council_isolation` policy.
 */
export const FEATURE_COUNCIL_TABLES: readonly string[] = [
  'impact_assessment',
  'assessment_check_item',
  'assessment_finding',
  'register_entry',
  'register_entry_version',
  'register_proposal',
  'incident',
  'public_search_line',
  'public_synonym',
];

export class CouncilIsolationFeatures1763753500000 implements MigrationInterface {
  name = 'CouncilIsolationFeatures1763753500000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of FEATURE_COUNCIL_TABLES) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN council_id SET DEFAULT ${COUNCIL_SETTING}`);
      await isolateByCouncil(q, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of FEATURE_COUNCIL_TABLES) {
      await endCouncilIsolation(q, table);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN council_id DROP DEFAULT`);
    }
  }
}

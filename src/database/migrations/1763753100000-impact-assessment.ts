import { MigrationInterface, QueryRunner } from 'typeorm';
import { UUID_KEY_AND_COUNCIL, VERSIONED_COLUMNS } from './support';

/**
 * 特定個人情報保護評価の第三者点検: the assessment's facts (one per case: the review is a case, so intake,
 * agenda and packet work for it), the council's checklist of 点検項目 and its findings (指摘事項).
 */
export class ImpactAssessment1763753100000 implements MigrationInterface {
  name = 'ImpactAssessment1763753100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE impact_assessment (
        case_id uuid PRIMARY KEY REFERENCES case_file(id) ON DELETE CASCADE,
        council_id smallint NOT NULL REFERENCES municipality(id),
        affair_name text NOT NULL,
        file_name text NOT NULL,
        target_count integer NOT NULL CHECK (target_count >= 0),
        handler_count integer NOT NULL CHECK (handler_count >= 0),
        serious_incident boolean NOT NULL,
        evaluated_on date NOT NULL,
        significant_change_on date,
        significant_change_note text,
        conclusion text NOT NULL DEFAULT '',
        ${VERSIONED_COLUMNS}
      )`);
    await q.query(`CREATE INDEX ix_impact_assessment_evaluated ON impact_assessment (evaluated_on)`);
    await q.query(`
      CREATE TABLE assessment_check_item (
        ${UUID_KEY_AND_COUNCIL},
        case_id uuid NOT NULL REFERENCES impact_assessment(case_id) ON DELETE CASCADE,
        position integer NOT NULL,
        section text NOT NULL,
        label text NOT NULL,
        result text CHECK (result IN ('confirmed', 'finding', 'notApplicable')),
        comment text NOT NULL DEFAULT '',
        UNIQUE (case_id, position)
      )`);
    await q.query(`
      CREATE TABLE assessment_finding (
        ${UUID_KEY_AND_COUNCIL},
        case_id uuid NOT NULL REFERENCES impact_assessment(case_id) ON DELETE CASCADE,
        check_item_id uuid REFERENCES assessment_check_item(id) ON DELETE SET NULL,
        position integer NOT NULL,
        text text NOT NULL,
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'accepted')),
        answer text,
        answered_by_name text,
        answered_at timestamptz,
        decision_comment text,
        decided_at timestamptz,
        ${VERSIONED_COLUMNS},
        UNIQUE (case_id, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE assessment_finding, assessment_check_item, impact_assessment`);
  }
}

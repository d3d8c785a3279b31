import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Answers to a confirmation round received by post or on paper, entered by the secretariat:
 * the channel, the date received and who entered it. A paper correction is free text, so a
 * correction need not name a line.
 */
export class MinutesPaperAnswers1763751100000 implements MigrationInterface {
  name = 'MinutesPaperAnswers1763751100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE minutes_confirmation
        ADD COLUMN channel text NOT NULL DEFAULT 'online' CHECK (channel IN ('online','paper')),
        ADD COLUMN received_on date,
        ADD COLUMN recorded_by_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        ADD COLUMN recorded_by_name text,
        ADD CONSTRAINT ck_minutes_confirmation_paper
          CHECK (channel = 'online' OR (received_on IS NOT NULL AND recorded_by_name IS NOT NULL))`);
    await q.query(`
      ALTER TABLE minutes_correction
        ALTER COLUMN line_key DROP NOT NULL,
        ALTER COLUMN original_text DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM minutes_correction WHERE line_key IS NULL`);
    await q.query(`
      ALTER TABLE minutes_correction
        ALTER COLUMN line_key SET NOT NULL,
        ALTER COLUMN original_text SET NOT NULL`);
    await q.query(`
      ALTER TABLE minutes_confirmation
        DROP CONSTRAINT ck_minutes_confirmation_paper,
        DROP COLUMN recorded_by_name,
        DROP COLUMN recorded_by_id,
        DROP COLUMN received_on,
        DROP COLUMN channel`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { childRowColumns } from './support';

/** Minutes (会議録): internal lines, the confirmation round, corrections, the mask log and redaction settings. */
export class Minutes1763750600000 implements MigrationInterface {
  name = 'Minutes1763750600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE minutes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL UNIQUE REFERENCES meeting(id),
        state text NOT NULL DEFAULT 'drafting' CHECK (state IN ('drafting','circulating','confirmed','published')),
        lines jsonb NOT NULL,
        warnings jsonb NOT NULL DEFAULT '[]',
        public_lines jsonb,
        deadline date,
        round integer NOT NULL DEFAULT 0,
        circulated_at timestamptz,
        confirmed_at timestamptz,
        published_at timestamptz,
        redaction_prepared boolean NOT NULL DEFAULT false,
        updated_by_id uuid REFERENCES app_user(id),
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_minutes_published CHECK ((state = 'published') = (public_lines IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE minutes_confirmation (
        ${childRowColumns('minutes_id', 'minutes')},
        round integer NOT NULL,
        council_member_id uuid NOT NULL REFERENCES council_member(id),
        user_id uuid REFERENCES app_user(id),
        member_name text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','confirmed','corrected','silent')),
        responded_at timestamptz,
        reminded_at timestamptz,
        silence_recorded_at timestamptz,
        CONSTRAINT uq_minutes_confirmation UNIQUE (minutes_id, round, council_member_id)
      )`);
    await q.query(`
      CREATE TABLE minutes_correction (
        ${childRowColumns('minutes_id', 'minutes')},
        confirmation_id uuid NOT NULL REFERENCES minutes_confirmation(id) ON DELETE CASCADE,
        line_key text NOT NULL,
        original_text text NOT NULL,
        proposed_text text,
        comment text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','accepted','rejected')),
        decision_note text,
        decided_by_id uuid REFERENCES app_user(id),
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_minutes_correction_minutes ON minutes_correction (minutes_id)`);
    await q.query(`
      CREATE TABLE minutes_mask (
        ${childRowColumns('minutes_id', 'minutes')},
        line_key text NOT NULL,
        start integer NOT NULL CHECK (start >= 0),
        "end" integer NOT NULL,
        original text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('personName','address','phone','email')),
        reason text NOT NULL,
        replacement text NOT NULL,
        status text NOT NULL CHECK (status IN ('proposed','accepted','rejected','allowed')),
        allowed_as text,
        decided_by_id uuid REFERENCES app_user(id),
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_minutes_mask_span CHECK ("end" > start)
      )`);
    await q.query(`CREATE INDEX ix_minutes_mask_minutes ON minutes_mask (minutes_id)`);
    await q.query(`
      CREATE TABLE minutes_redaction_setting (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        explainer_names text NOT NULL CHECK (explainer_names IN ('show','title')),
        secretariat_names text NOT NULL CHECK (secretariat_names IN ('show','title')),
        allow_list jsonb NOT NULL DEFAULT '[]',
        version integer NOT NULL
      )`);
    await q.query(
      `INSERT INTO minutes_redaction_setting (id, explainer_names, secretariat_names, allow_list, version)
       VALUES (1, 'title', 'show', '[]', 1)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE minutes_redaction_setting, minutes_mask, minutes_correction, minutes_confirmation,
        minutes`);
  }
}

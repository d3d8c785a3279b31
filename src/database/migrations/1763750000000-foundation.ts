import { MigrationInterface, QueryRunner } from 'typeorm';
import { VERSIONED_COLUMNS } from './support';

export class Foundation1763750000000 implements MigrationInterface {
  name = 'Foundation1763750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE municipality (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        name text NOT NULL,
        council_name text NOT NULL,
        implementing_body text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE department (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        division text,
        is_secretariat boolean NOT NULL DEFAULT false,
        disabled boolean NOT NULL DEFAULT false,
        ${VERSIONED_COLUMNS},
        CONSTRAINT uq_department_code UNIQUE (code),
        CONSTRAINT uq_department_name UNIQUE (name)
      )`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('clerk','secretariat','member','chair','admin')),
        department_id uuid REFERENCES department(id),
        password_hash text NOT NULL,
        must_change_password boolean NOT NULL DEFAULT true,
        failed_attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        last_login_at timestamptz,
        previous_login_at timestamptz,
        password_changed_at timestamptz,
        disabled boolean NOT NULL DEFAULT false,
        ${VERSIONED_COLUMNS},
        CONSTRAINT ck_app_user_clerk_department CHECK (role <> 'clerk' OR department_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_app_user_username ON app_user (lower(username))`);
    await q.query(`
      CREATE TABLE user_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX ix_user_session_user ON user_session (user_id)`);
    await q.query(`
      CREATE TABLE council_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES app_user(id),
        name text NOT NULL,
        title text NOT NULL CHECK (title IN ('chair','viceChair','member')),
        affiliation text,
        term_start date NOT NULL,
        term_end date NOT NULL,
        ${VERSIONED_COLUMNS},
        CONSTRAINT ck_council_member_term CHECK (term_start <= term_end)
      )`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        actor_name text,
        actor_role text,
        action text NOT NULL,
        target_type text,
        target_id text,
        ip text,
        status integer,
        detail jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_audit_log_occurred ON audit_log (occurred_at)`);
    await q.query(`CREATE INDEX ix_audit_log_actor ON audit_log (actor_id)`);
    await q.query(`CREATE INDEX ix_audit_log_target ON audit_log (target_type, target_id)`);
    // Append-only: the application never updates or deletes audit rows. A superuser can still
    // disable the trigger; `npm run audit:verify` then detects the edit through the hash chain.
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log, council_member, user_session, app_user, department, municipality`);
    await q.query(`DROP FUNCTION audit_log_append_only`);
    // Made by the up (IF NOT EXISTS); no CASCADE: fails rather than drop anything else that uses it.
    await q.query(`DROP EXTENSION pgcrypto`);
  }
}

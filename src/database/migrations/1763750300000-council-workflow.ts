import { MigrationInterface, QueryRunner } from 'typeorm';
import { childRowColumns, CREATED_BY_COLUMNS, VERSIONED_COLUMNS } from './support';

/**
 * The log of a state machine's moves (the columns of TransitionRecord, src/database/base-entities.ts):
 * `subject` is the column of the row that moves; `actorRole`: the role the actor acted in is kept too.
 */
function transitionTable(table: string, subject: string, { actorRole = false } = {}): string {
  return `
      CREATE TABLE ${table} (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ${subject},
        action text NOT NULL,
        from_state text NOT NULL,
        to_state text NOT NULL,
        actor_id uuid REFERENCES app_user(id),
        actor_name text NOT NULL,${actorRole ? '\n        actor_role text NOT NULL,' : ''}
        comment text,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`;
}

/** An ordered list of texts under an agenda item (its material documents, its supplementary opinions). */
function agendaItemListTable(table: string, textColumn: string): string {
  return `
      CREATE TABLE ${table} (
        ${childRowColumns('agenda_item_id', 'agenda_item')},
        position integer NOT NULL,
        ${textColumn} text NOT NULL
      )`;
}

/**
 * The council workflow: case transitions and numbering, meetings with attendees and agenda,
 * deliberation records, advance questions, replies (答申), conditions and notifications.
 */
export class CouncilWorkflow1763750300000 implements MigrationInterface {
  name = 'CouncilWorkflow1763750300000';

  async up(q: QueryRunner): Promise<void> {
    // Gap-free counters (受付番号, 答申番号) per fiscal year; one row locked per number drawn.
    await q.query(`
      CREATE TABLE number_sequence (
        kind text NOT NULL,
        fiscal_year integer NOT NULL,
        last_value integer NOT NULL DEFAULT 0,
        PRIMARY KEY (kind, fiscal_year)
      )`);
    await q.query(
      transitionTable('case_transition', 'case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE', {
        actorRole: true,
      }),
    );
    await q.query(`CREATE INDEX ix_case_transition_case ON case_transition (case_id, occurred_at)`);
    await q.query(`
      CREATE TABLE council_setting (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        quorum_numerator integer NOT NULL DEFAULT 1,
        quorum_denominator integer NOT NULL DEFAULT 2,
        quorum_inclusive boolean NOT NULL DEFAULT false,
        condition_due_days integer NOT NULL DEFAULT 90,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ck_council_setting_quorum CHECK (quorum_numerator > 0 AND quorum_denominator >= quorum_numerator)
      )`);
    await q.query(`INSERT INTO council_setting (id) VALUES (1)`);
    await q.query(`
      CREATE TABLE standard_condition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id smallint NOT NULL DEFAULT 1,
        position integer NOT NULL,
        text text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        ${VERSIONED_COLUMNS}
      )`);
    await q.query(`
      CREATE TABLE meeting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number integer NOT NULL CHECK (number > 0),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        place text NOT NULL,
        state text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned','convened','held','closed')),
        other_notes text,
        convened_at timestamptz,
        held_at timestamptz,
        closed_at timestamptz,
        created_by_id uuid REFERENCES app_user(id),
        ${VERSIONED_COLUMNS},
        CONSTRAINT uq_meeting_number UNIQUE (number),
        CONSTRAINT ck_meeting_times CHECK (ends_at IS NULL OR ends_at >= starts_at)
      )`);
    await q.query(`
      CREATE TABLE case_condition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id),
        reply_id uuid,
        position integer NOT NULL DEFAULT 1,
        text text NOT NULL,
        department_id uuid NOT NULL REFERENCES department(id),
        due_date date NOT NULL,
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','reported','closed')),
        closing_comment text,
        closed_at timestamptz,
        ${VERSIONED_COLUMNS}
      )`);
    await q.query(`CREATE INDEX ix_case_condition_case ON case_condition (case_id)`);
    await q.query(`CREATE INDEX ix_case_condition_department ON case_condition (department_id, state)`);
    await q.query(`
      CREATE TABLE agenda_item (
        ${childRowColumns('meeting_id', 'meeting')},
        section text NOT NULL CHECK (section IN ('consultation','report')),
        kind text NOT NULL CHECK (kind IN ('case','conditionReport','secretariatReport')),
        position integer NOT NULL,
        number_label text,
        material_number integer,
        case_id uuid REFERENCES case_file(id),
        condition_id uuid REFERENCES case_condition(id),
        title text NOT NULL,
        group_id uuid,
        closed_session boolean NOT NULL DEFAULT false,
        explained_by text,
        vote_method text CHECK (vote_method IN ('noObjection','showOfHands','unanimous','majority')),
        votes_for integer CHECK (votes_for >= 0),
        votes_against integer CHECK (votes_against >= 0),
        abstentions integer CHECK (abstentions >= 0),
        outcome text CHECK (outcome IN ('approved','approvedWithOpinion','rejected','continued','withdrawn','noted')),
        withdrawal_reason text,
        decided_at timestamptz,
        decided_by_id uuid REFERENCES app_user(id),
        categorical boolean NOT NULL DEFAULT false,
        categorical_criteria jsonb,
        ${VERSIONED_COLUMNS},
        CONSTRAINT ck_agenda_item_case CHECK (kind <> 'case' OR case_id IS NOT NULL),
        CONSTRAINT ck_agenda_item_condition CHECK (kind <> 'conditionReport' OR condition_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_agenda_item_meeting ON agenda_item (meeting_id, section, position)`);
    await q.query(
      `CREATE UNIQUE INDEX uq_agenda_item_case ON agenda_item (meeting_id, case_id) WHERE kind = 'case'`,
    );
    await q.query(`CREATE INDEX ix_agenda_item_case ON agenda_item (case_id)`);
    await q.query(agendaItemListTable('agenda_material_document', 'title'));
    await q.query(`
      CREATE TABLE meeting_attendee (
        ${childRowColumns('meeting_id', 'meeting')},
        category text NOT NULL CHECK (category IN ('member','secretariat','explainer')),
        council_member_id uuid REFERENCES council_member(id),
        user_id uuid REFERENCES app_user(id),
        name text NOT NULL,
        position text,
        department_id uuid REFERENCES department(id),
        agenda_item_id uuid REFERENCES agenda_item(id) ON DELETE CASCADE,
        attendance text NOT NULL DEFAULT 'expected' CHECK (attendance IN ('expected','present','absent')),
        sort_order integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ck_meeting_attendee_member CHECK (category <> 'member' OR council_member_id IS NOT NULL)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_meeting_attendee_member ON meeting_attendee (meeting_id, council_member_id)
        WHERE council_member_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE deliberation_entry (
        ${childRowColumns('agenda_item_id', 'agenda_item')},
        position integer NOT NULL,
        phase text NOT NULL CHECK (phase IN ('advance','qa','deliberation')),
        speaker_role text NOT NULL CHECK (speaker_role IN ('member','explainer','chair','secretariat')),
        speaker_name text,
        text text NOT NULL,
        ${CREATED_BY_COLUMNS},
        CONSTRAINT uq_deliberation_entry_position UNIQUE (agenda_item_id, position)
      )`);
    await q.query(agendaItemListTable('supplementary_opinion', 'text'));
    await q.query(`
      CREATE TABLE advance_question (
        ${childRowColumns('meeting_id', 'meeting')},
        agenda_item_id uuid NOT NULL REFERENCES agenda_item(id) ON DELETE CASCADE,
        asked_by_id uuid NOT NULL REFERENCES app_user(id),
        asked_by_name text NOT NULL,
        text text NOT NULL,
        state text NOT NULL DEFAULT 'posted' CHECK (state IN ('posted','forwarded','answered')),
        forwarded_at timestamptz,
        answer text,
        answered_by_id uuid REFERENCES app_user(id),
        answered_by_name text,
        answered_at timestamptz,
        carried boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE reply (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agenda_item_id uuid NOT NULL REFERENCES agenda_item(id),
        case_id uuid NOT NULL REFERENCES case_file(id),
        state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','issued')),
        fiscal_year integer,
        number integer,
        reply_date date NOT NULL,
        addressee text NOT NULL,
        sender text NOT NULL,
        title text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('approved','approvedWithOpinion','rejected')),
        body text NOT NULL,
        standard_conditions jsonb NOT NULL DEFAULT '[]',
        supplementary_opinions jsonb NOT NULL DEFAULT '[]',
        condition_due_date date,
        issued_at timestamptz,
        issued_by_id uuid REFERENCES app_user(id),
        ${VERSIONED_COLUMNS},
        CONSTRAINT uq_reply_agenda_item UNIQUE (agenda_item_id),
        CONSTRAINT uq_reply_number UNIQUE (fiscal_year, number),
        CONSTRAINT ck_reply_issued CHECK (state <> 'issued' OR (number IS NOT NULL AND issued_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE reply_revision (
        ${childRowColumns('reply_id', 'reply')},
        revision integer NOT NULL,
        issued boolean NOT NULL DEFAULT false,
        content jsonb NOT NULL,
        ${CREATED_BY_COLUMNS},
        CONSTRAINT uq_reply_revision UNIQUE (reply_id, revision)
      )`);
    await q.query(
      `ALTER TABLE case_condition ADD CONSTRAINT fk_case_condition_reply FOREIGN KEY (reply_id) REFERENCES reply(id)`,
    );
    await q.query(
      transitionTable(
        'condition_transition',
        'condition_id uuid NOT NULL REFERENCES case_condition(id) ON DELETE CASCADE',
      ),
    );
    await q.query(`
      CREATE TABLE condition_report (
        ${childRowColumns('condition_id', 'case_condition')},
        body text NOT NULL,
        submitted_by_id uuid REFERENCES app_user(id),
        submitted_by_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE condition_report_attachment (
        ${childRowColumns('report_id', 'condition_report')},
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes integer NOT NULL,
        data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        kind text NOT NULL,
        title text NOT NULL,
        body text,
        link text,
        case_id uuid REFERENCES case_file(id),
        condition_id uuid REFERENCES case_condition(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_notification_user ON notification (user_id, created_at DESC)`);
    // A deadline reminder goes out once per condition, user and kind.
    await q.query(
      `CREATE UNIQUE INDEX uq_notification_reminder ON notification (user_id, condition_id, kind)
        WHERE kind IN ('conditionDue','conditionOverdue')`,
    );
    await q.query(`
      CREATE TABLE notification_address (
        user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        email text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE notification_address, notification, condition_report_attachment, condition_report,
        condition_transition`);
    await q.query(`ALTER TABLE case_condition DROP CONSTRAINT fk_case_condition_reply`);
    await q.query(`
      DROP TABLE reply_revision, reply, advance_question, supplementary_opinion, deliberation_entry,
        meeting_attendee, agenda_material_document, agenda_item, case_condition, meeting,
        standard_condition, council_setting, case_transition, number_sequence`);
  }
}

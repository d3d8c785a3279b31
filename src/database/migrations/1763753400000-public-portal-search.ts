import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public portal per council and its speech-level search (issue 19): `municipality.slug` names
 * the council in public URLs (`/public/<slug>/…`); `public_search_line` holds one row per public
 * minutes line or 答申 section, written only by publication; `public_synonym` is the council's
 * editable list of related words. Search uses character bigrams in a GIN-indexed array: Japanese
 * has no spaces, and pg_trgm only makes trigrams of what the database locale calls word
 * characters (none of the kana/kanji under the C locale), so its index would not help.
 */
export class PublicPortalSearch1763753400000 implements MigrationInterface {
  name = 'PublicPortalSearch1763753400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE municipality ADD COLUMN slug text`);
    await q.query(`UPDATE municipality SET slug = 'council-' || id`);
    await q.query(`
      ALTER TABLE municipality
        ALTER COLUMN slug SET NOT NULL,
        ADD CONSTRAINT uq_municipality_slug UNIQUE (slug),
        ADD CONSTRAINT ck_municipality_slug CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$')`);
    // A council inserted without a slug (scripts, older tools) is named after its id.
    await q.query(`
      CREATE FUNCTION municipality_default_slug() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.slug IS NULL THEN NEW.slug := 'council-' || NEW.id; END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_municipality_default_slug BEFORE INSERT ON municipality
        FOR EACH ROW EXECUTE FUNCTION municipality_default_slug()`);
    await q.query(`
      CREATE TABLE public_search_line (
        id bigserial PRIMARY KEY,
        council_id smallint NOT NULL REFERENCES municipality(id),
        doc_kind text NOT NULL CHECK (doc_kind IN ('minutes', 'reply')),
        meeting_id uuid,
        reply_id uuid,
        meeting_number integer,
        line_no integer NOT NULL,
        held_on date NOT NULL,
        published_at timestamptz NOT NULL,
        speaker_role text,
        item_label text,
        item_kind text CHECK (item_kind IN ('consultation', 'report')),
        outcome text,
        legal_bases text[] NOT NULL DEFAULT '{}',
        doc_title text NOT NULL,
        text text NOT NULL,
        norm text NOT NULL,
        bigrams text[] NOT NULL,
        context_before text,
        context_after text,
        CONSTRAINT ck_public_search_line_doc CHECK ((doc_kind = 'minutes') = (meeting_id IS NOT NULL AND reply_id IS NULL))
      )`);
    // One GIN over the council, the speaker role and the bigrams: a role filter narrows inside the index
    // (btree_gin, a trusted contrib extension), so it costs no visit to the rows.
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await q.query(
      `CREATE INDEX ix_public_search_line_bigrams ON public_search_line USING gin (council_id, speaker_role, bigrams)`,
    );
    await q.query(
      `CREATE INDEX ix_public_search_line_council_date ON public_search_line (council_id, held_on DESC, line_no)`,
    );
    await q.query(`CREATE INDEX ix_public_search_line_meeting ON public_search_line (meeting_id, line_no)`);
    await q.query(`CREATE INDEX ix_public_search_line_reply ON public_search_line (reply_id)`);
    await q.query(`
      CREATE TABLE public_synonym (
        id serial PRIMARY KEY,
        council_id smallint NOT NULL REFERENCES municipality(id),
        words text[] NOT NULL CHECK (cardinality(words) >= 2),
        position integer NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX ix_public_synonym_council ON public_synonym (council_id, position)`);
    // The councils that exist already start with the shipped groups (a new council gets them at setup).
    await q.query(`
      INSERT INTO public_synonym (council_id, words, position)
      SELECT m.id, g.words, g.position FROM municipality m
       CROSS JOIN (VALUES
         (ARRAY['外部結合', 'オンライン結合'], 1),
         (ARRAY['目的外利用', '目的外提供'], 2),
         (ARRAY['委託', '外部委託'], 3)) AS g(words, position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE public_synonym, public_search_line`);
    await q.query(`DROP TRIGGER tg_municipality_default_slug ON municipality`);
    await q.query(`DROP FUNCTION municipality_default_slug()`);
    await q.query(`ALTER TABLE municipality DROP COLUMN slug`);
    // Made by the up (IF NOT EXISTS; 1763754100000 uses it too, reverted before this one). No CASCADE:
    // fails rather than drop anything else that uses it.
    await q.query(`DROP EXTENSION btree_gin`);
  }
}

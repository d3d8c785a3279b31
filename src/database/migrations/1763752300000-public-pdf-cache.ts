import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Printed PDFs of published documents for the public portal, keyed by the SHA-256 of the document
 * they were printed from: every instance serves the same bytes, and a re-publication with changed
 * text gets a new key (the superseded entry of the same document is deleted then).
 */
export class PublicPdfCache1763752300000 implements MigrationInterface {
  name = 'PublicPdfCache1763752300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_pdf_cache (
        content_key text PRIMARY KEY,
        document text NOT NULL,
        pdf bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_public_pdf_cache_document ON public_pdf_cache (document)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE public_pdf_cache`);
  }
}

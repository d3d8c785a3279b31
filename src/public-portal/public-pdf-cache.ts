import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** PDFs kept in memory per process (a public minutes PDF is a few hundred kilobytes). */
const RECENT_ENTRIES = 16;

/** The cache key of a printable document: the SHA-256 of exactly what would be printed. */
export function publicPdfKey(html: string): string {
  return createHash('sha256').update(html).digest('hex');
}

/** Strong ETag of a cached PDF. */
export function publicPdfEtag(key: string): string {
  return `"${key}"`;
}

/** If-None-Match (weak comparison, RFC 9110 §13.1.2) against one ETag. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

/**
 * Public PDFs (published minutes) printed once per published content and kept in PostgreSQL, so
 * anonymous downloads never compete with staff for the shared renderer and every instance serves
 * the same bytes. Concurrent first requests print once: one flight per key in this process, and an
 * advisory lock per key across instances.
 */
@Injectable()
export class PublicPdfCache {
  private readonly flights = new Map<string, Promise<Buffer>>();
  /**
   * The most recently used PDFs in memory, by key. A key is the hash of the content, so an entry is
   * never stale; it only saves reading the bytes from PostgreSQL again.
   */
  private readonly recent = new Map<string, Buffer>();

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The PDF of `document` whose printable content hashes to `key`; `render` runs only on a miss. */
  get(document: string, key: string, render: () => Promise<Buffer>): Promise<Buffer> {
    const held = this.recent.get(key);
    if (held) {
      this.remember(key, held);
      return Promise.resolve(held);
    }
    const running = this.flights.get(key);
    if (running) return running;
    const flight = this.load(document, key, render)
      .then((pdf) => this.remember(key, pdf))
      .finally(() => this.flights.delete(key));
    this.flights.set(key, flight);
    return flight;
  }

  private remember(key: string, pdf: Buffer): Buffer {
    this.recent.delete(key);
    this.recent.set(key, pdf);
    while (this.recent.size > RECENT_ENTRIES) this.recent.delete(this.recent.keys().next().value!);
    return pdf;
  }

  private async load(document: string, key: string, render: () => Promise<Buffer>): Promise<Buffer> {
    const hit = await this.read(this.ds, key);
    if (hit) return hit;
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 727004))`, [key]);
      const other = await this.read(m, key); // printed by another instance while we waited
      if (other) return other;
      const pdf = await render();
      await m.query(
        `INSERT INTO public_pdf_cache (content_key, document, pdf) VALUES ($1, $2, $3)
         ON CONFLICT (council_id, content_key) DO NOTHING`,
        [key, document, pdf],
      );
      await m.query(`DELETE FROM public_pdf_cache WHERE document = $1 AND content_key <> $2`, [
        document,
        key,
      ]);
      return pdf;
    });
  }

  private async read(q: Pick<DataSource, 'query'>, key: string): Promise<Buffer | null> {
    const rows: { pdf: Buffer }[] = await q.query(`SELECT pdf FROM public_pdf_cache WHERE content_key = $1`, [
      key,
    ]);
    return rows[0]?.pdf ?? null;
  }
}

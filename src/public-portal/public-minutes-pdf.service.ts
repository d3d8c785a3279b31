import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { PaperFile } from '../documents/papers/papers.service';
import { safeDownloadName } from '../documents/papers/content-disposition';
import { PDF_RENDERER, type PdfRenderer, type PrintableDocument } from '../documents/renderer/pdf-renderer';
import { DocumentTemplates } from '../documents/templates/document-templates';
import { buildMinutesDocument } from '../minutes/minutes-document';
import { MinutesErrors } from '../minutes/minutes.errors';
import { MinutesService } from '../minutes/minutes.service';
import { etagMatches, PublicPdfCache, publicPdfEtag, publicPdfKey } from './public-pdf-cache';
import { publicRead, type PublicCouncil } from './public-council';

/** A public paper: its strong ETag, and the file unless the client's copy is current (304). */
export interface PublicPaper {
  readonly etag: string;
  readonly file: PaperFile | null;
}

/** What a download needs once the content is known: computed from the minutes only when they change. */
interface KnownPaper {
  /** md5 of the whole minutes row and the council name: everything the public view is built from. */
  readonly fingerprint: string;
  readonly key: string;
  readonly title: string;
}

/** Meetings whose public paper is remembered per process (a few hundred bytes each). */
const KNOWN_PAPERS = 256;

/** The portal's PDFs: the redacted public version of published minutes, printed once per content. */
@Injectable()
export class PublicMinutesPdfService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly minutes: MinutesService,
    private readonly templates: DocumentTemplates,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
    private readonly publicPdfs: PublicPdfCache,
  ) {}

  private readonly known = new Map<string, KnownPaper>();

  /**
   * The published, redacted minutes of the council `slug` names, for its public portal; anything
   * unpublished (or another council's) is not found. Every read runs in the portal's one council
   * transaction (`publicRead`), never on a connection of its own. Printed once per published
   * content (the cache key is the hash of the HTML to print), so a re-publication with changed text
   * is printed anew and nothing else is. A download of unchanged minutes reads one fingerprint of
   * the row (md5 in PostgreSQL) and builds nothing: the key of that fingerprint is remembered, so
   * anonymous readers cost little next to staff printing.
   */
  async publicMinutesPdf(slug: string, meetingId: string, ifNoneMatch?: string): Promise<PublicPaper> {
    const known = await publicRead(this.ds, slug, async (m, council) => {
      const [row]: { state: string; fingerprint: string }[] = await m.query(
        `SELECT m.state, md5(m::text || $2) AS fingerprint FROM minutes m WHERE m.meeting_id = $1`,
        [meetingId, council.councilName],
      );
      if (!row || row.state !== 'published') throw MinutesErrors.notFound();
      const paper = this.known.get(meetingId);
      if (paper?.fingerprint === row.fingerprint) return { paper, doc: null };
      return this.build(m, council, meetingId, row.fingerprint);
    });
    const { paper } = known;
    const etag = publicPdfEtag(paper.key);
    if (etagMatches(ifNoneMatch, etag)) return { etag, file: null };
    // Printing happens after the read transaction: no connection is held while the browser prints.
    const pdf = await this.publicPdfs.get(`minutes:${meetingId}`, paper.key, async () =>
      this.renderer.render(
        known.doc ??
          (await publicRead(this.ds, slug, (m, council) => this.build(m, council, meetingId, null))).doc,
      ),
    );
    return {
      etag,
      file: { pdf, fileName: safeDownloadName(`会議録_${paper.title}`), fallbackName: 'minutes.pdf' },
    };
  }

  /** Loads and builds the public paper; remembers its key under the fingerprint it was read with. */
  private async build(
    m: EntityManager,
    council: PublicCouncil,
    meetingId: string,
    fingerprint: string | null,
  ): Promise<{ paper: KnownPaper; doc: PrintableDocument }> {
    const minutes = await this.minutes.find(meetingId, m);
    if (!minutes || minutes.state !== 'published') throw MinutesErrors.notFound();
    const view = buildMinutesDocument(minutes, 'public', council.councilName);
    const doc = this.templates.document(
      'minutes',
      view as unknown as Record<string, unknown>,
      view.meta,
      view.title,
    );
    const paper: KnownPaper = {
      fingerprint: fingerprint ?? '',
      key: publicPdfKey(doc.html),
      title: view.title,
    };
    if (fingerprint !== null) {
      this.known.delete(meetingId);
      this.known.set(meetingId, paper);
      while (this.known.size > KNOWN_PAPERS) this.known.delete(this.known.keys().next().value!);
    }
    return { paper, doc };
  }
}

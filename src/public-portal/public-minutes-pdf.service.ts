import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Municipality } from '../council/municipality.entity';
import type { PaperFile } from '../documents/papers/papers.service';
import { safeDownloadName } from '../documents/papers/content-disposition';
import { PDF_RENDERER, type PdfRenderer } from '../documents/renderer/pdf-renderer';
import { DocumentTemplates } from '../documents/templates/document-templates';
import { buildMinutesDocument } from '../minutes/minutes-document';
import { MinutesErrors } from '../minutes/minutes.errors';
import { MinutesService } from '../minutes/minutes.service';
import { etagMatches, PublicPdfCache, publicPdfEtag, publicPdfKey } from './public-pdf-cache';

/** A public paper: its strong ETag, and the file unless the client's copy is current (304). */
export interface PublicPaper {
  readonly etag: string;
  readonly file: PaperFile | null;
}

const DEFAULT_COUNCIL = '情報公開・個人情報保護審議会';

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

  /**
   * The published, redacted minutes for the public portal; anything unpublished is not found.
   * Printed once per published content (the cache key is the hash of the HTML to print), so a
   * re-publication with changed text is printed anew and nothing else is.
   */
  async publicMinutesPdf(meetingId: string, ifNoneMatch?: string): Promise<PublicPaper> {
    const minutes = await this.minutes.find(meetingId);
    if (!minutes || minutes.state !== 'published') throw MinutesErrors.notFound();
    const view = buildMinutesDocument(minutes, 'public', await this.councilName());
    const doc = this.templates.document(
      'minutes',
      view as unknown as Record<string, unknown>,
      view.meta,
      view.title,
    );
    const key = publicPdfKey(doc.html);
    const etag = publicPdfEtag(key);
    if (etagMatches(ifNoneMatch, etag)) return { etag, file: null };
    const pdf = await this.publicPdfs.get(`minutes:${meetingId}`, key, () => this.renderer.render(doc));
    return {
      etag,
      file: { pdf, fileName: safeDownloadName(`会議録_${view.title}`), fallbackName: 'minutes.pdf' },
    };
  }

  private async councilName(): Promise<string> {
    const municipality = await this.ds.getRepository(Municipality).findOne({ where: { id: 1 } });
    return municipality?.councilName ?? DEFAULT_COUNCIL;
  }
}

import { Controller, Get, Headers, Inject, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAs, AuditTarget, NoAudit } from '../audit/audit.decorators';
import { Public } from '../auth/decorators';
import { AppError } from '../common/errors/app-error';
import { IdPipe } from '../common/http/id.pipe';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { attachmentDisposition } from '../documents/papers/content-disposition';
import { PublicDownloadPacer } from './public-download-pacer';
import { PublicMinutesPdfService } from './public-minutes-pdf.service';
import { PublicPortalService } from './public-portal.service';

/** How long a browser or proxy may reuse a public PDF before asking again (with If-None-Match). */
const PUBLIC_PDF_MAX_AGE_S = 300;

const PDF_RESPONSE = { description: 'PDF', schema: { type: 'string', format: 'binary' } } as const;

/** The public portal's PDF of published minutes (the redacted public version only); part of the HTML portal, not the API. */
@ApiExcludeController()
@AuditTarget('meeting')
@Controller('public')
export class PublicMinutesPdfController {
  private readonly pacer: PublicDownloadPacer;

  constructor(
    private readonly papers: PublicMinutesPdfService,
    private readonly portal: PublicPortalService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pacer = new PublicDownloadPacer(config.rateLimit.publicPdfPerSecond);
  }

  /** The address from before councils had their own portal leads to the first council's, for good. */
  @Public()
  @NoAudit()
  @Get('minutes/:id/minutes.pdf')
  async legacy(@Param('id', IdPipe) id: string, @Res() res: Response): Promise<void> {
    res.redirect(301, `/public/${await this.portal.legacySlug()}/minutes/${id}/minutes.pdf`);
  }

  @Public()
  @Get(':slug/minutes/:id/minutes.pdf')
  @AuditAs('download')
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  async minutes(
    @Param('slug') slug: string,
    @Param('id', IdPipe) id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile | undefined> {
    try {
      await this.pacer.turn();
    } catch (e) {
      if (e instanceof AppError && typeof e.extensions.retryAfterSeconds === 'number')
        res.setHeader('Retry-After', String(e.extensions.retryAfterSeconds));
      throw e;
    }
    const paper = await this.papers.publicMinutesPdf(slug, id, ifNoneMatch);
    res.setHeader('ETag', paper.etag);
    res.setHeader('Cache-Control', `public, max-age=${PUBLIC_PDF_MAX_AGE_S}`);
    if (!paper.file) {
      res.status(304);
      return undefined;
    }
    return new StreamableFile(paper.file.pdf, {
      type: 'application/pdf',
      length: paper.file.pdf.length,
      disposition: attachmentDisposition(paper.file.fallbackName, paper.file.fileName),
    });
  }
}

import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAs, AuditTarget, NoAudit } from '../../audit/audit.decorators';
import { Public } from '../../auth/decorators';
import { attachmentDisposition } from '../../documents/papers/content-disposition';
import { Views } from '../../views/views';
import { FileRegisterPdfService } from '../file-register-pdf.service';

/** The published register on the public portal (no login): its page and its PDF. */
@ApiExcludeController()
@AuditTarget('register-entry')
@Controller('public/:slug/file-register')
export class PublicFileRegisterController {
  constructor(
    private readonly views: Views,
    private readonly papers: FileRegisterPdfService,
  ) {}

  @Public()
  @NoAudit()
  @Get()
  async page(@Res() res: Response, @Param('slug') slug: string) {
    const view = await this.papers.page(slug);
    this.views.page(res, 'public/file-register', `${view.councilName} 個人情報ファイル簿`, { ...view });
  }

  @Public()
  @AuditAs('download')
  @Get('file-register.pdf')
  async pdf(@Res({ passthrough: true }) res: Response, @Param('slug') slug: string): Promise<StreamableFile> {
    const pdf = await this.papers.publicPdf(slug);
    res.setHeader('Cache-Control', 'public, max-age=300');
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      length: pdf.length,
      disposition: attachmentDisposition('file-register.pdf', '個人情報ファイル簿.pdf'),
    });
  }
}

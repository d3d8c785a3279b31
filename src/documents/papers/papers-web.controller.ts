import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditTarget } from '../../audit/audit.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { IdPipe } from '../../common/http/id.pipe';
import { PapersService } from './papers.service';
import { previewCsp } from './preview-csp';

/** HTML preview of the case document in the browser: the very template the PDF is printed from. */
@ApiExcludeController()
@AuditTarget('case')
@Controller()
export class PapersWebController {
  constructor(private readonly papers: PapersService) {}

  @Get('cases/:id/document')
  @Roles('clerk', 'secretariat', 'member', 'chair')
  async caseDocument(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const { html } = await this.papers.caseDocumentHtml(user, id);
    res.setHeader('Content-Security-Policy', previewCsp(html));
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(html);
  }
}

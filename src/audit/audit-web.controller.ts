import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { Roles } from '../auth/decorators';
import { ROLE_LABELS } from '../users/role';
import { parseForm } from '../web/form';
import { navigationFor } from '../web/navigation';
import { VIEW_RENDERER, type ViewRenderer } from '../web/view-renderer';
import { parseAnchor } from './audit-chain';
import { AuditAs, AuditTarget } from './audit.decorators';
import { AuditService } from './audit.service';
import { AuditVerifyQueryDto } from './dto/audit.dto';

/** The admin screen that verifies the audit chain and lists every broken row. */
@ApiExcludeController()
@AuditTarget('audit_log')
@Controller()
export class AuditWebController {
  constructor(
    @Inject(VIEW_RENDERER) private readonly views: ViewRenderer,
    private readonly audit: AuditService,
  ) {}

  @Roles('admin')
  @AuditAs('view')
  @Get('admin/audit/verify')
  async verify(
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: Record<string, string>,
  ): Promise<void> {
    const anchorText = typeof query.anchor === 'string' ? query.anchor.trim() : '';
    const { dto, errors } = await parseForm(AuditVerifyQueryDto, { anchor: anchorText || undefined });
    const verdict = errors
      ? null
      : await this.audit.verify((dto.anchor && parseAnchor(dto.anchor)) || undefined);
    const user = (req as Request & { user?: AuthUser }).user;
    const html = this.views.render('admin/audit-verify', {
      title: '監査ログの検証',
      user: user ? { ...user, roleLabel: ROLE_LABELS[user.role] } : null,
      nav: user ? navigationFor(user.role, '/admin/audit') : [],
      verdict,
      anchor: anchorText,
      errors,
    });
    res
      .status(errors ? 400 : 200)
      .type('html')
      .send(html);
  }
}

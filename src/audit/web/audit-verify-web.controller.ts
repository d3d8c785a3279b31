import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/decorators';
import { parseForm } from '../../views/form';
import { Views } from '../../views/views';
import { parseAnchor } from '../audit-chain';
import { AuditAs, AuditTarget } from '../audit.decorators';
import { AuditService } from '../audit.service';
import { AuditVerifyQueryDto } from '../dto/audit.dto';

/** The admin screen that verifies the audit chain and lists every broken row. */
@ApiExcludeController()
@AuditTarget('audit_log')
@Controller()
export class AuditVerifyWebController {
  constructor(
    private readonly views: Views,
    private readonly audit: AuditService,
  ) {}

  @Roles('admin')
  @AuditAs('view')
  @Get('admin/audit/verify')
  async verify(@Res() res: Response, @Query() query: Record<string, string>) {
    const anchorText = typeof query.anchor === 'string' ? query.anchor.trim() : '';
    const { dto, errors } = await parseForm(AuditVerifyQueryDto, { anchor: anchorText || undefined });
    const verdict = errors
      ? null
      : await this.audit.verify((dto.anchor && parseAnchor(dto.anchor)) || undefined);
    this.views.page(
      res,
      'admin/audit-verify',
      '監査ログの検証',
      { verdict, anchor: anchorText, errors },
      errors ? 400 : 200,
    );
  }
}

import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../auth/decorators';
import { parseForm } from '../../views/form';
import { renderPage } from '../../views/page';
import { VIEW_RENDERER, type ViewRenderer } from '../../views/view-renderer';
import { AuditQueryService } from '../audit-query.service';
import { AuditAs } from '../audit.decorators';
import { AuditQueryDto } from '../dto/audit.dto';

/** The administrator's search of the audit log. */
@ApiExcludeController()
@Controller()
export class AuditLogWebController {
  constructor(
    @Inject(VIEW_RENDERER) private readonly views: ViewRenderer,
    private readonly auditQuery: AuditQueryService,
  ) {}

  @Roles('admin')
  @AuditAs('view')
  @Get('admin/audit')
  async adminAudit(
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: Record<string, string>,
  ): Promise<void> {
    const filters = {
      actor: query.actor || undefined,
      action: query.action || undefined,
      targetType: query.targetType || undefined,
      from: query.from || undefined,
      to: query.to || undefined,
      page: query.page || undefined,
    };
    const { dto, errors } = await parseForm(AuditQueryDto, filters);
    const result = errors
      ? { items: [], total: 0, page: 1, pageSize: 50 }
      : await this.auditQuery.search(dto);
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    const qs = (page: number) =>
      '?' +
      new URLSearchParams({
        ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)),
        page: String(page),
      } as Record<string, string>).toString();
    renderPage(
      this.views,
      req,
      res,
      'admin/audit',
      '監査ログ',
      {
        entries: result.items,
        total: result.total,
        page: result.page,
        pages,
        prev: result.page > 1 ? qs(result.page - 1) : null,
        next: result.page < pages ? qs(result.page + 1) : null,
        filters,
        errors,
      },
      errors ? 400 : 200,
    );
  }
}

import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/decorators';
import { parseForm } from '../../views/form';
import { Views } from '../../views/views';
import { pager } from '../../views/pager';
import { AuditQueryService } from '../audit-query.service';
import { AuditAs } from '../audit.decorators';
import { AuditQueryDto } from '../dto/audit.dto';

/** The administrator's search of the audit log. */
@ApiExcludeController()
@Controller()
export class AuditLogWebController {
  constructor(
    private readonly views: Views,
    private readonly auditQuery: AuditQueryService,
  ) {}

  @Roles('admin')
  @AuditAs('view')
  @Get('admin/audit')
  async adminAudit(@Res() res: Response, @Query() query: Record<string, string>) {
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
    this.views.page(
      res,
      'admin/audit',
      '監査ログ',
      {
        entries: result.items,
        total: result.total,
        page: result.page,
        ...pager(filters, result),
        filters,
        errors,
      },
      errors ? 400 : 200,
    );
  }
}

import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { AuditTarget } from './audit.decorators';
import { AuditQueryService } from './audit-query.service';
import { AuditService } from './audit.service';
import { parseAnchor } from './audit-chain';
import {
  AuditEntryDto,
  AuditPageDto,
  AuditQueryDto,
  AuditVerifyDto,
  AuditVerifyQueryDto,
} from './dto/audit.dto';
import { ApiGet } from '../common/openapi/route';

@ApiTags('監査ログ')
@AuditTarget('audit_log')
@Roles('admin')
@Controller('api/admin/audit')
export class AuditController {
  constructor(
    private readonly query: AuditQueryService,
    private readonly audit: AuditService,
  ) {}

  @ApiGet('', '監査ログを検索する', 'controller', AuditPageDto)
  async list(@Query() q: AuditQueryDto): Promise<AuditPageDto> {
    const r = await this.query.search(q);
    return { ...r, items: r.items.map(AuditEntryDto.from) };
  }

  @ApiGet('verify', '監査ログのハッシュ連鎖を検証する', 'controller', AuditVerifyDto)
  verify(@Query() q: AuditVerifyQueryDto): Promise<AuditVerifyDto> {
    return this.audit.verify((q.anchor && parseAnchor(q.anchor)) || undefined);
  }
}

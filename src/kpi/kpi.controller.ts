import { Controller, Get } from '@nestjs/common';
import { ApiTags, ApiOperation, ApiOkResponse } from '@nestjs/swagger';
import { AuditTarget } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { KpiService, type SecretariatKpis } from './kpi.service';
import { SecretariatKpisDto } from './dto/kpi.dto';

@ApiTags('指標')
@AuditTarget('kpi')
@Controller('api/kpi')
export class KpiController {
  constructor(private readonly kpi: KpiService) {}

  @Roles('secretariat')
  @ApiOperation({ summary: '事務局の指標を取得する' })
  @Get()
  @ApiOkResponse({ type: SecretariatKpisDto })
  secretariat(@CurrentUser() user: AuthUser): Promise<SecretariatKpis> {
    return this.kpi.secretariat(user);
  }
}

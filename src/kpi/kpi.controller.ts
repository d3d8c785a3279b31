import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { KpiService, type SecretariatKpis } from './kpi.service';

@ApiTags('kpi')
@AuditTarget('kpi')
@Controller('api/kpi')
export class KpiController {
  constructor(private readonly kpi: KpiService) {}

  @Roles('secretariat')
  @Get()
  secretariat(@CurrentUser() user: AuthUser): Promise<SecretariatKpis> {
    return this.kpi.secretariat(user);
  }
}

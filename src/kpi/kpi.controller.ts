import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { KpiService, type SecretariatKpis } from './kpi.service';
import { SecretariatKpisDto } from './dto/kpi.dto';
import { ApiGet } from '../common/openapi/route';

@ApiTags('指標')
@AuditTarget('kpi')
@Controller('api/kpi')
export class KpiController {
  constructor(private readonly kpi: KpiService) {}

  @ApiGet('', '事務局の指標を取得する', ['secretariat'], SecretariatKpisDto)
  secretariat(@CurrentUser() user: AuthUser): Promise<SecretariatKpis> {
    return this.kpi.secretariat(user);
  }
}

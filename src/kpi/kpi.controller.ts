import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget } from '../audit/audit.decorators';
import { Roles } from '../auth/decorators';
import { KpiService, type SecretariatKpis } from './kpi.service';

@ApiTags('kpi')
@AuditTarget('kpi')
@Controller('api/kpi')
export class KpiController {
  constructor(private readonly kpi: KpiService) {}

  @Roles('secretariat')
  @Get()
  secretariat(): Promise<SecretariatKpis> {
    return this.kpi.secretariat();
  }
}

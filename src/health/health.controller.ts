import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { NoAudit } from '../audit/audit.decorators';
import { Public } from '../auth/decorators';
import { AppError } from '../common/errors/app-error';
import { ApiGet } from '../common/openapi/route';

const CHECKS = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
    required: ['status'],
  },
};
const HEALTH_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok'] },
    info: CHECKS,
    error: CHECKS,
    details: CHECKS,
  },
  required: ['status', 'info', 'error', 'details'],
};

@ApiTags('稼働状況')
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  /** 200 with the checks when all is well; 503 problem+json saying which check is down otherwise. */
  @Public()
  @NoAudit()
  @ApiGet('', '稼働状況を確認する', 'controller', {
    description: '稼働中（各チェックの結果）',
    schema: HEALTH_SCHEMA,
  })
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
    } catch {
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        503,
        'データベースに接続できません。しばらくしてからもう一度お試しください。',
        { checks: { database: 'down' } },
      );
    }
  }
}

import { Global, Module } from '@nestjs/common';
import { AuditAnchorScheduler } from './audit-anchor.scheduler';
import { AuditQueryService } from './audit-query.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditQueryService, AuditAnchorScheduler],
  exports: [AuditService, AuditQueryService],
})
export class AuditModule {}

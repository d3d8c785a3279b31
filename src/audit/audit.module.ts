import { Global, Module } from '@nestjs/common';
import { AuditAnchorScheduler } from './audit-anchor.scheduler';
import { AuditQueryService } from './audit-query.service';
import { AuditController } from './audit.controller';
import { AuditWebController } from './audit-web.controller';
import { WebModule } from '../web/web.module';
import { AuditService } from './audit.service';

@Global()
@Module({
  imports: [WebModule],
  controllers: [AuditController, AuditWebController],
  providers: [AuditService, AuditQueryService, AuditAnchorScheduler],
  exports: [AuditService, AuditQueryService],
})
export class AuditModule {}

import { Global, Module } from '@nestjs/common';
import { AuditAnchorScheduler } from './audit-anchor.scheduler';
import { AuditQueryService } from './audit-query.service';
import { AuditController } from './audit.controller';
import { ViewsModule } from '../views/views.module';
import { AuditLogWebController } from './web/audit-log-web.controller';
import { AuditVerifyWebController } from './web/audit-verify-web.controller';
import { AuditService } from './audit.service';

@Global()
@Module({
  imports: [ViewsModule],
  controllers: [AuditController, AuditLogWebController, AuditVerifyWebController],
  providers: [AuditService, AuditQueryService, AuditAnchorScheduler],
  exports: [AuditService, AuditQueryService],
})
export class AuditModule {}

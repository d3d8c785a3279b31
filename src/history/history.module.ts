import { Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { UnitOfWork } from '../database/unit-of-work';
import { HistoryController } from './history.controller';
import { HistoryImportService } from './history-import.service';

/** 過去の記録の取り込み: past meetings, cases, 答申 and minutes brought in from files. */
@Module({
  controllers: [HistoryController],
  providers: [
    {
      provide: HistoryImportService,
      inject: [UnitOfWork, APP_CONFIG, AuditService],
      useFactory: (uow: UnitOfWork, config: AppConfig, audit: AuditService) =>
        new HistoryImportService(uow, config.dataDir, audit),
    },
  ],
})
export class HistoryModule {}

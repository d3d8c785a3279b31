import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { HistoryController } from './history.controller';
import { HistoryImportService } from './history-import.service';

/** 過去の記録の取り込み: past meetings, cases, 答申 and minutes brought in from files. */
@Module({
  controllers: [HistoryController],
  providers: [
    {
      provide: HistoryImportService,
      inject: [getDataSourceToken(), APP_CONFIG, AuditService],
      useFactory: (ds: DataSource, config: AppConfig, audit: AuditService) =>
        new HistoryImportService(ds, config.dataDir, audit),
    },
  ],
})
export class HistoryModule {}

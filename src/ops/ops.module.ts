import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { BackupScheduler } from './backup.scheduler';
import { BackupService } from './backup.service';
import { OpsController } from './ops.controller';

/** Operations: backups (nightly schedule, history API). */
@Module({
  imports: [ScheduleModule.forRoot()],
  controllers: [OpsController],
  providers: [BackupService, BackupScheduler],
  exports: [BackupService],
})
export class OpsModule {}

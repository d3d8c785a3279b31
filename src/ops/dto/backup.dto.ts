import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BackupRun, BackupStatus, BackupTrigger } from '../backup-run.entity';

export class BackupRunDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['schedule', 'command'], description: 'schedule: 定時実行、command: npm run backup' })
  trigger: BackupTrigger;
  @ApiProperty({ enum: ['running', 'ok', 'failed'] }) status: BackupStatus;
  @ApiProperty() startedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) finishedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'バックアップのフォルダ名' })
  name: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) sizeBytes: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) tableCount: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) rowCount: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'SHA256SUMS の SHA-256' })
  checksum: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) error: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '保存数の上限を超えて削除された日時' })
  prunedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) host: string | null;

  static from(r: BackupRun): BackupRunDto {
    return {
      id: r.id,
      trigger: r.trigger,
      status: r.status,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      name: r.name,
      sizeBytes: r.sizeBytes === null ? null : Number(r.sizeBytes),
      tableCount: r.tableCount,
      rowCount: r.rowCount === null ? null : Number(r.rowCount),
      checksum: r.checksum,
      error: r.error,
      prunedAt: r.prunedAt?.toISOString() ?? null,
      host: r.host,
    };
  }
}

import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type BackupTrigger = 'schedule' | 'command';
export type BackupStatus = 'running' | 'ok' | 'failed';

/** One backup attempt (nightly schedule or `npm run backup`). */
@Entity('backup_run')
export class BackupRun {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('text') trigger: BackupTrigger;
  /** Scheduled time a nightly run belongs to (unique), null for command runs. */
  @Column('timestamptz', { nullable: true }) slot: Date | null;
  @Column('text') status: BackupStatus;
  @Column('timestamptz') startedAt: Date;
  @Column('timestamptz', { nullable: true }) finishedAt: Date | null;
  @Column('text', { nullable: true }) host: string | null;
  /** Folder name under the backup directory. */
  @Column('text', { nullable: true }) name: string | null;
  @Column('bigint', { nullable: true }) sizeBytes: string | null;
  @Column('integer', { nullable: true }) tableCount: number | null;
  @Column('bigint', { nullable: true }) rowCount: string | null;
  /** SHA-256 of the backup's SHA256SUMS file. */
  @Column('text', { nullable: true }) checksum: string | null;
  @Column('text', { nullable: true }) error: string | null;
  /** When the folder was deleted because newer backups replaced it. */
  @Column('timestamptz', { nullable: true }) prunedAt: Date | null;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The outcome of one queued PDF job, waiting to be picked up by the instance that asked for it. */
@Entity('render_result')
export class RenderResult {
  /** The pg-boss job id. */
  @PrimaryColumn('uuid') jobId: string;
  @Column('bytea', { nullable: true }) pdf: Buffer | null;
  /** AppError code when the job failed for good (e.g. DOCUMENT_RENDER_TIMEOUT). */
  @Column('text', { nullable: true }) errorCode: string | null;
  @Column('integer', { nullable: true }) timeoutMs: number | null;
  @Column('timestamptz') createdAt: Date;
}

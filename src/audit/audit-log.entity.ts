import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only, hash-chained audit trail (a trigger refuses UPDATE and DELETE). */
@Entity('audit_log')
export class AuditLog {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('timestamptz') occurredAt: Date;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text', { nullable: true }) actorName: string | null;
  @Column('text', { nullable: true }) actorRole: string | null;
  @Column('text') action: string;
  @Column('text', { nullable: true }) targetType: string | null;
  @Column('text', { nullable: true }) targetId: string | null;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('integer', { nullable: true }) status: number | null;
  @Column('jsonb', { nullable: true }) detail: Record<string, unknown> | null;
  @Column('text') prevHash: string;
  @Column('text') hash: string;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Versioned } from '../database/base-entities';
import type { EntryStatus, Exclusion, FileType, RegisterFields, RegisterKind } from './register-fields';

/** One entry of the register (a personal-information file, or a processing operation), per department. */
@Entity('register_entry')
export class RegisterEntry extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('smallint') councilId: number;
  @Column('text', { default: 'file' }) kind: RegisterKind;
  @Column('uuid') departmentId: string;
  @Column('text', { default: 'draft' }) status: EntryStatus;
  @Column('text') name: string;
  @Column('text') purpose: string;
  @Column('jsonb', { default: () => "'[]'" }) recordItems: string[];
  @Column('text') recordScope: string;
  @Column('text', { default: '' }) collectionMethod: string;
  @Column('boolean', { default: false }) sensitive: boolean;
  @Column('text', { default: '' }) regularRecipients: string;
  @Column('text', { default: '' }) requestOffice: string;
  @Column('text', { default: '' }) specialProcedures: string;
  @Column('text', { default: 'computer' }) fileType: FileType;
  @Column('text', { nullable: true }) exclusion: Exclusion | null;
  @Column('text', { default: '' }) exclusionNote: string;
  /** Number of the latest row of its history (register_entry_version.revision). */
  @Column('integer', { default: 1 }) revision: number;
}

export type EntryChange = 'create' | 'update' | 'publish' | 'abolish';

/** One row of an entry's history: its fields after the change, who made it, why, and the case behind it. */
@Entity('register_entry_version')
export class RegisterEntryVersion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('smallint') councilId: number;
  @Column('uuid') entryId: string;
  @Column('integer') revision: number;
  @Column('text') change: EntryChange;
  @Column('jsonb') fields: RegisterFields;
  @Column('text') status: EntryStatus;
  @Column('text') reason: string;
  @Column('uuid', { nullable: true }) caseId: string | null;
  @Column('uuid', { nullable: true }) proposalId: string | null;
  @Column('uuid', { nullable: true }) changedById: string | null;
  @Column('text') changedByName: string;
  @CreateDateColumn({ type: 'timestamptz' }) changedAt: Date;
}

export type ProposalState = 'pending' | 'confirmed' | 'rejected';

/** What an issued reply proposes for the register; the department confirms (perhaps edited) or rejects it. */
@Entity('register_proposal')
export class RegisterProposal {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('smallint') councilId: number;
  @Column('uuid') caseId: string;
  @Column('uuid', { nullable: true }) replyId: string | null;
  @Column('uuid') departmentId: string;
  /** The entry the change is proposed for; null proposes a new entry. */
  @Column('uuid', { nullable: true }) targetEntryId: string | null;
  @Column('text', { default: 'pending' }) state: ProposalState;
  @Column('jsonb') fields: RegisterFields;
  @Column('text', { default: '' }) decisionReason: string;
  /** The entry created or changed on confirmation. */
  @Column('uuid', { nullable: true }) entryId: string | null;
  @Column('uuid', { nullable: true }) decidedById: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt: Date | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

export const ENTRY_FIELD_KEYS = [
  'name',
  'purpose',
  'recordItems',
  'recordScope',
  'collectionMethod',
  'sensitive',
  'regularRecipients',
  'requestOffice',
  'specialProcedures',
  'fileType',
  'exclusion',
  'exclusionNote',
] as const satisfies readonly (keyof RegisterFields)[];

export function fieldsOf(e: RegisterEntry): RegisterFields {
  const out = {} as Record<string, unknown>;
  for (const k of ENTRY_FIELD_KEYS) out[k] = e[k];
  return out as unknown as RegisterFields;
}

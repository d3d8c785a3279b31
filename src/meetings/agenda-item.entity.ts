import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ActedRecord, Versioned } from '../database/base-entities';

export const AGENDA_SECTIONS = ['consultation', 'report'] as const;
export type AgendaSection = (typeof AGENDA_SECTIONS)[number];
export const AGENDA_SECTION_LABELS: Record<AgendaSection, string> = {
  consultation: '諮問事項',
  report: '報告事項',
};
export type AgendaItemKind = 'case' | 'conditionReport' | 'secretariatReport';

export const VOTE_METHODS = ['noObjection', 'showOfHands', 'unanimous', 'majority'] as const;
export type VoteMethod = (typeof VOTE_METHODS)[number];
export const VOTE_METHOD_LABELS: Record<VoteMethod, string> = {
  noObjection: '異議なし',
  showOfHands: '挙手',
  unanimous: '全員賛成',
  majority: '多数決',
};

export const OUTCOMES = [
  'approved',
  'approvedWithOpinion',
  'rejected',
  'continued',
  'withdrawn',
  'noted',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  approved: '承認',
  approvedWithOpinion: '付帯意見を付して承認',
  rejected: '不承認',
  continued: '継続審議',
  withdrawn: '取下げ',
  noted: '報告了承',
};

/** Criteria of a categorical consultation (類型諮問), handed to the case-file rule engine. */
export interface CategoricalCriteria {
  legalBases: string[];
  connectionForms: string[];
  vendorKinds: string[];
  dataItemKinds: string[];
}

/** One item of a meeting's agenda, with its deliberation record. */
@Entity('agenda_item')
export class AgendaItem extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') meetingId: string;
  @Column('text') section: AgendaSection;
  @Column('text') kind: AgendaItemKind;
  @Column('integer') position: number;
  /** ア, イ, … stored when the meeting is convened; computed from the position before. */
  @Column('text', { nullable: true }) numberLabel: string | null;
  /** 資料N, stored with the label. */
  @Column('integer', { nullable: true }) materialNumber: number | null;
  @Column('uuid', { nullable: true }) caseId: string | null;
  @Column('uuid', { nullable: true }) conditionId: string | null;
  @Column('text') title: string;
  /** Items sharing a group id are deliberated together (併せて審議) and voted separately. */
  @Column('uuid', { nullable: true }) groupId: string | null;
  @Column('boolean', { default: false }) closedSession: boolean;
  @Column('text', { nullable: true }) explainedBy: string | null;
  @Column('text', { nullable: true }) voteMethod: VoteMethod | null;
  @Column('integer', { nullable: true }) votesFor: number | null;
  @Column('integer', { nullable: true }) votesAgainst: number | null;
  @Column('integer', { nullable: true }) abstentions: number | null;
  @Column('text', { nullable: true }) outcome: Outcome | null;
  @Column('text', { nullable: true }) withdrawalReason: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt: Date | null;
  @Column('uuid', { nullable: true }) decidedById: string | null;
  @Column('boolean', { default: false }) categorical: boolean;
  @Column('jsonb', { nullable: true }) categoricalCriteria: CategoricalCriteria | null;
}

/** One document inside an item's material (資料N). */
@Entity('agenda_material_document')
export class AgendaMaterialDocument {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') agendaItemId: string;
  @Column('integer') position: number;
  @Column('text') title: string;
}

export const ENTRY_PHASES = ['advance', 'qa', 'deliberation'] as const;
export type EntryPhase = (typeof ENTRY_PHASES)[number];
export const SPEAKER_ROLES = ['member', 'explainer', 'chair', 'secretariat'] as const;
export type SpeakerRole = (typeof SPEAKER_ROLES)[number];
export const SPEAKER_ROLE_LABELS: Record<SpeakerRole, string> = {
  member: '委員',
  explainer: '説明員',
  chair: '会長',
  secretariat: '事務局',
};

/** One line of the record: a question, an answer, an opinion. */
@Entity('deliberation_entry')
export class DeliberationEntry {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') agendaItemId: string;
  @Column('integer') position: number;
  @Column('text') phase: EntryPhase;
  @Column('text') speakerRole: SpeakerRole;
  @Column('text', { nullable: true }) speakerName: string | null;
  @Column('text') text: string;
  @Column('uuid', { nullable: true }) createdById: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** 付帯意見 attached to an outcome; becomes a tracked condition when the reply is issued. */
@Entity('supplementary_opinion')
export class SupplementaryOpinion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') agendaItemId: string;
  @Column('integer') position: number;
  @Column('text') text: string;
}

/** What an outcome looked like before or after a correction. */
export interface OutcomeSnapshot {
  outcome: Outcome;
  voteMethod: VoteMethod | null;
  votesFor: number | null;
  votesAgainst: number | null;
  abstentions: number | null;
  explainedBy: string | null;
  supplementaryOpinions: string[];
}

/** One correction of a recorded outcome: the item's history of what changed, who, and why. */
@Entity('agenda_item_correction')
export class AgendaItemCorrection extends ActedRecord {
  @Column('uuid') agendaItemId: string;
  @Column('text') fromOutcome: Outcome;
  @Column('text') toOutcome: Outcome;
  @Column('jsonb') before: OutcomeSnapshot;
  @Column('jsonb') after: OutcomeSnapshot;
  @Column('text') reason: string;
}

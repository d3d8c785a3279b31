import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Versioned } from '../database/base-entities';
import type { MergeWarning, MinutesLine } from './minutes-lines';
import type { MinutesState } from './minutes-state-machine';

/** The minutes (会議録) of one meeting: the internal lines, and the public version once published. */
@Entity('minutes')
export class Minutes extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') meetingId: string;
  @Column('text', { default: 'drafting' }) state: MinutesState;
  /** The internal version, line by line. Never altered by redaction. */
  @Column('jsonb') lines: MinutesLine[];
  /** Warnings of the last regeneration (edited lines whose record changed, …). */
  @Column('jsonb', { default: () => "'[]'" }) warnings: MergeWarning[];
  /** The redacted version shown on the public portal; null until published. */
  @Column('jsonb', { nullable: true }) publicLines: PublicLine[] | null;
  /** Confirmation deadline (YYYY-MM-DD, Japan). */
  @Column('date', { nullable: true }) deadline: string | null;
  @Column('integer', { default: 0 }) round: number;
  @Column('timestamptz', { nullable: true }) circulatedAt: Date | null;
  @Column('timestamptz', { nullable: true }) confirmedAt: Date | null;
  @Column('timestamptz', { nullable: true }) publishedAt: Date | null;
  @Column('boolean', { default: false }) redactionPrepared: boolean;
  @Column('uuid', { nullable: true }) updatedById: string | null;
}

/** One line of the public version (no internal fields: no speaker names, no closed text). */
export interface PublicLine {
  kind: string;
  speakerRole: string | null;
  text: string;
}

export const CONFIRMATION_STATUSES = ['pending', 'confirmed', 'corrected', 'silent'] as const;
export type ConfirmationStatus = (typeof CONFIRMATION_STATUSES)[number];
export const CONFIRMATION_STATUS_LABELS: Record<ConfirmationStatus, string> = {
  pending: '確認待ち',
  confirmed: '確認済み',
  corrected: '修正依頼あり',
  silent: '期限までに回答なし',
};

export const CONFIRMATION_CHANNELS = ['online', 'paper'] as const;
export type ConfirmationChannel = (typeof CONFIRMATION_CHANNELS)[number];
export const CONFIRMATION_CHANNEL_LABELS: Record<ConfirmationChannel, string> = {
  online: 'システム',
  paper: '郵送・書面',
};

/** One attending member's answer in a confirmation round. */
@Entity('minutes_confirmation')
export class MinutesConfirmation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') minutesId: string;
  @Column('integer') round: number;
  @Column('uuid') councilMemberId: string;
  @Column('uuid', { nullable: true }) userId: string | null;
  @Column('text') memberName: string;
  @Column('text', { default: 'pending' }) status: ConfirmationStatus;
  @Column('timestamptz', { nullable: true }) respondedAt: Date | null;
  @Column('timestamptz', { nullable: true }) remindedAt: Date | null;
  @Column('timestamptz', { nullable: true }) silenceRecordedAt: Date | null;
  /** `paper`: received by post or on paper and entered by the secretariat. */
  @Column('text', { default: 'online' }) channel: ConfirmationChannel;
  /** Paper answers: the day the answer arrived (YYYY-MM-DD, Japan). */
  @Column('date', { nullable: true }) receivedOn: string | null;
  @Column('uuid', { nullable: true }) recordedById: string | null;
  @Column('text', { nullable: true }) recordedByName: string | null;
  /** When the member last confirmed this round's text; kept when a later change re-opens the answer. */
  @Column('timestamptz', { nullable: true }) lastConfirmedAt: Date | null;
}

export const CORRECTION_STATUSES = ['open', 'accepted', 'rejected'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];
export const CORRECTION_STATUS_LABELS: Record<CorrectionStatus, string> = {
  open: '未処理',
  accepted: '反映',
  rejected: '不採用',
};

/** A member's correction of one line, decided by the secretariat. */
@Entity('minutes_correction')
export class MinutesCorrection {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') minutesId: string;
  @Column('uuid') confirmationId: string;
  /** Null for a paper correction given as free text. */
  @Column('text', { nullable: true }) lineKey: string | null;
  /** The line as the member saw it. */
  @Column('text', { nullable: true }) originalText: string | null;
  @Column('text', { nullable: true }) proposedText: string | null;
  /** Accepted and applied: the line's text just before (the tracked change's old text). */
  @Column('text', { nullable: true }) textBefore: string | null;
  @Column('text') comment: string;
  @Column('text', { default: 'open' }) status: CorrectionStatus;
  @Column('text', { nullable: true }) decisionNote: string | null;
  @Column('uuid', { nullable: true }) decidedById: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

export const MASK_STATUSES = ['proposed', 'accepted', 'rejected', 'allowed'] as const;
export type MaskStatus = (typeof MASK_STATUSES)[number];
export const MASK_STATUS_LABELS: Record<MaskStatus, string> = {
  proposed: '未確認',
  accepted: 'マスクする',
  rejected: 'マスクしない',
  allowed: '許可リストにより表示',
};

/** A redaction proposal for the public version, with its decision: the mask log. */
@Entity('minutes_mask')
export class MinutesMask {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') minutesId: string;
  @Column('text') lineKey: string;
  @Column('integer') start: number;
  @Column('integer') end: number;
  @Column('text') original: string;
  @Column('text') kind: string;
  @Column('text') reason: string;
  @Column('text') replacement: string;
  @Column('text') status: MaskStatus;
  /** For `allowed`: the allow-list role that kept it visible. */
  @Column('text', { nullable: true }) allowedAs: string | null;
  @Column('uuid', { nullable: true }) decidedById: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

export const NAME_POLICIES = ['show', 'title'] as const;
export type NamePolicy = (typeof NAME_POLICIES)[number];

/** The municipality's redaction choices (one row). Members and the chair are always allow-listed. */
@Entity('minutes_redaction_setting')
export class MinutesRedactionSetting {
  @Column('smallint', { primary: true }) id: number;
  /** `title`: 説明員 names replaced by their office titles; `show`: kept. */
  @Column('text') explainerNames: NamePolicy;
  @Column('text') secretariatNames: NamePolicy;
  /** Further names that stay visible, with who they are. */
  @Column('jsonb', { default: () => "'[]'" }) allowList: { name: string; role: string }[];
  @VersionColumn() version: number;
}

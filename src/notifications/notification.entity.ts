import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_KINDS = [
  'sentBack',
  'accepted',
  'scheduled',
  'decided',
  'replyIssued',
  'questionForwarded',
  'conditionDue',
  'conditionOverdue',
  'minutesCirculated',
  'minutesReminder',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** An in-app notification for one user. */
@Entity('notification')
export class Notification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') userId: string;
  @Column('text') kind: NotificationKind;
  @Column('text') title: string;
  @Column('text', { nullable: true }) body: string | null;
  @Column('text', { nullable: true }) link: string | null;
  @Column('uuid', { nullable: true }) caseId: string | null;
  @Column('uuid', { nullable: true }) conditionId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) readAt: Date | null;
}

/** Where a user's notifications are also mailed (only when SMTP is configured). */
@Entity('notification_address')
export class NotificationAddress {
  @Column('uuid', { primary: true }) userId: string;
  @Column('text') email: string;
}

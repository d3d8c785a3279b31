import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export const ATTENDEE_CATEGORIES = ['member', 'secretariat', 'explainer'] as const;
export type AttendeeCategory = (typeof ATTENDEE_CATEGORIES)[number];
export const ATTENDANCES = ['expected', 'present', 'absent'] as const;
export type Attendance = (typeof ATTENDANCES)[number];

/** A person at a meeting: a council member (present/absent), secretariat staff, or an explainer for an item. */
@Entity('meeting_attendee')
export class MeetingAttendee {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') meetingId: string;
  @Column('text') category: AttendeeCategory;
  @Column('uuid', { nullable: true }) councilMemberId: string | null;
  @Column('uuid', { nullable: true }) userId: string | null;
  @Column('text') name: string;
  /** 課長, 係長, 主事 … */
  @Column('text', { nullable: true }) position: string | null;
  @Column('uuid', { nullable: true }) departmentId: string | null;
  /** Explainers are present for one item only. */
  @Column('uuid', { nullable: true }) agendaItemId: string | null;
  @Column('text', { default: 'expected' }) attendance: Attendance;
  @Column('integer', { default: 0 }) sortOrder: number;
  @VersionColumn() version: number;
}

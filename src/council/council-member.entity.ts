import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

export const MEMBER_TITLES = ['chair', 'viceChair', 'member'] as const;
export type MemberTitle = (typeof MEMBER_TITLES)[number];
export const MEMBER_TITLE_LABELS: Record<MemberTitle, string> = {
  chair: '会長',
  viceChair: '職務代理者',
  member: '委員',
};

/** A council member with a term (任期). May be linked to a login account. */
@Entity('council_member')
export class CouncilMember {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { nullable: true }) userId: string | null;
  @Column('text') name: string;
  @Column('text') title: MemberTitle;
  /** e.g. 学識経験者, 区民 */
  @Column('text', { nullable: true }) affiliation: string | null;
  @Column('date') termStart: string;
  @Column('date') termEnd: string;
  @VersionColumn() version: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

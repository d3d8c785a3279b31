import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Versioned } from '../database/base-entities';

export const MEMBER_TITLES = ['chair', 'viceChair', 'member'] as const;
export type MemberTitle = (typeof MEMBER_TITLES)[number];
export const MEMBER_TITLE_LABELS: Record<MemberTitle, string> = {
  chair: '会長',
  viceChair: '職務代理者',
  member: '委員',
};

/** Where a member's row goes among a meeting's attendees: the chair, the 職務代理者, then 名簿順. */
export function memberSortOrder(m: Pick<CouncilMember, 'title' | 'rosterOrder'>): number {
  return m.title === 'chair' ? 0 : m.title === 'viceChair' ? 1 : 2 + m.rosterOrder;
}

/** A council member with a term (任期). May be linked to a login account. */
@Entity('council_member')
export class CouncilMember extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { nullable: true }) userId: string | null;
  @Column('text') name: string;
  @Column('text') title: MemberTitle;
  /** e.g. 学識経験者, 区民 */
  @Column('text', { nullable: true }) affiliation: string | null;
  @Column('date') termStart: string;
  @Column('date') termEnd: string;
  /** 名簿順: members are listed in this order on every paper and screen (then by name). */
  @Column('integer', { default: 0 }) rosterOrder: number;
}

import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Versioned } from '../database/base-entities';
import type { IncidentState } from './incident-state-machine';

/** The kinds of event 法第68条 names (漏えい、滅失、毀損) and 不正利用, as a department records them. */
export const INCIDENT_KINDS = ['leak', 'loss', 'damage', 'misuse', 'other'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export const INCIDENT_KIND_LABELS: Record<IncidentKind, string> = {
  leak: '漏えい',
  loss: '滅失',
  damage: '毀損',
  misuse: '不正利用',
  other: 'その他',
};

/** 個人情報の漏えい等: one event, kept by the department, overseen by the secretariat. */
@Entity('incident')
export class Incident extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('smallint') councilId: number;
  @Column('uuid') departmentId: string;
  /** 件名 (概要), e.g. 通知書の誤送付 */
  @Column('text') title: string;
  /** 発覚日: the day the body learned of it; the deadlines count from here. */
  @Column('date') discoveredOn: string;
  @Column('date', { nullable: true }) occurredOn: string | null;
  @Column('text') kind: IncidentKind;
  /** null: not known (yet). */
  @Column('integer', { nullable: true }) personsAffected: number | null;
  @Column('boolean', { default: false }) personsApproximate: boolean;
  /** 漏えい等が発生した保有個人情報の項目 */
  @Column('text', { default: '' }) dataItems: string;
  @Column('boolean', { default: false }) includesSensitive: boolean;
  @Column('boolean', { default: false }) financialDamageRisk: boolean;
  @Column('boolean', { default: false }) unlawfulPurpose: boolean;
  @Column('boolean', { default: false }) includesOrdinanceSensitive: boolean;
  @Column('text', { default: '' }) cause: string;
  @Column('text', { default: '' }) measures: string;
  @Column('text', { default: '' }) prevention: string;
  /** 本人通知: the day the persons were notified, null while not done. */
  @Column('date', { nullable: true }) notifiedOn: string | null;
  @Column('date', { nullable: true }) preliminaryReportedOn: string | null;
  @Column('date', { nullable: true }) finalReportedOn: string | null;
  @Column('text', { default: 'received' }) state: IncidentState;
  @Column('uuid', { nullable: true }) createdById: string | null;
}

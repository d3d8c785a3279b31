import { Column, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { CouncilState } from '../platform/council-state-machine';
import type { NumberingScheme } from '../workflow/numbering';

/** The tenant: one municipality and its council, created by the first-run setup (src/council/setup). */
@Entity('municipality')
export class Municipality {
  @PrimaryColumn('smallint') id: number;
  /** 自治体名, e.g. ○○市 */
  @Column('text') name: string;
  /** The council's name as every paper prints it, e.g. ○○市個人情報保護審議会 */
  @Column('text') councilName: string;
  /** The council in public URLs (`/public/<slug>/…`): ASCII, unique, e.g. marumaru-city. */
  @Column('text') slug: string;
  /** 実施機関 (the addressee of 答申), e.g. ○○市長 */
  @Column('text') implementingBody: string;
  /** 受付番号 and 答申番号: per fiscal year (R8-017, 答申第N号 from 1 each April) or continuous (第123号). */
  @Column('text', { default: 'fiscalYear' }) numbering: NumberingScheme;
  /**
   * active, suspended by the platform administrator, or restoring (the single-council restore runs)
   * (src/platform/council-state-machine.ts).
   */
  @Column('text', { default: 'active' }) state: CouncilState;
  /** While restoring: the state it came from and returns to; null otherwise. */
  @Column('text', { nullable: true }) stateBeforeRestore: CouncilState | null;
  /** Why the last change of state happened (the audit entry keeps every one). */
  @Column('text', { nullable: true }) stateReason: string | null;
  @Column('timestamptz', { nullable: true }) stateChangedAt: Date | null;
  @VersionColumn() version: number;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

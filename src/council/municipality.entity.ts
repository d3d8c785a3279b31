import { Column, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { NumberingScheme } from '../workflow/numbering';

/** The tenant: one municipality and its council. */
@Entity('municipality')
export class Municipality {
  @PrimaryColumn('smallint') id: number;
  /** e.g. 新宿区 */
  @Column('text') name: string;
  /** e.g. 新宿区情報公開・個人情報保護審議会 */
  @Column('text') councilName: string;
  /** 実施機関, e.g. 新宿区長 */
  @Column('text') implementingBody: string;
  /** 受付番号 and 答申番号: per fiscal year (R8-017, 答申第N号 from 1 each April) or continuous (第123号). */
  @Column('text', { default: 'fiscalYear' }) numbering: NumberingScheme;
  @VersionColumn() version: number;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

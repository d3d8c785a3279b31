import { Column, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

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
  @VersionColumn() version: number;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

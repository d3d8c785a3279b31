import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Versioned } from '../database/base-entities';

@Entity('department')
export class Department extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Short stable code, e.g. `michi-midori`. */
  @Column('text') code: string;
  /** 担当課 name, e.g. 道とみどりの課. */
  @Column('text') name: string;
  /** 部 the department belongs to, e.g. みどり土木部. */
  @Column('text', { nullable: true }) division: string | null;
  @Column('boolean', { default: false }) isSecretariat: boolean;
  @Column('boolean', { default: false }) disabled: boolean;
}

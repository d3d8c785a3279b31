import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Versioned } from '../database/base-entities';
import { Department } from '../departments/department.entity';
import type { Role } from './role';

@Entity('app_user')
export class User extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') username: string;
  @Column('text') displayName: string;
  /**
   * A council role. The platform administrator's account (`platformAdmin`, no council) is visible only
   * with no council in context: its login (AuthService reads it as an AccountRole) and the platform's CLI.
   */
  @Column('text') role: Role;
  @Column('uuid', { nullable: true }) departmentId: string | null;
  @ManyToOne(() => Department, { nullable: true })
  @JoinColumn({ name: 'department_id' })
  department?: Department | null;
  @Column('text', { select: false }) passwordHash: string;
  @Column('boolean', { default: true }) mustChangePassword: boolean;
  @Column('integer', { default: 0 }) failedAttempts: number;
  @Column('timestamptz', { nullable: true }) lockedUntil: Date | null;
  @Column('timestamptz', { nullable: true }) lastLoginAt: Date | null;
  @Column('timestamptz', { nullable: true }) previousLoginAt: Date | null;
  @Column('timestamptz', { nullable: true }) passwordChangedAt: Date | null;
  @Column('boolean', { default: false }) disabled: boolean;
}

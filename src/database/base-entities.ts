import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/*
 * Column groups that several entities share, as abstract classes for them to extend: TypeORM maps the
 * inherited columns into the table of each entity (an abstract class has no table). A group is here only
 * where its columns are the same in every table that has them (names, types, defaults, nullability); the
 * migrations (src/database/migrations) stay the schema's source of truth.
 */

/** The row's version for optimistic locking (bumped by every save), and when it was made and last changed. */
export abstract class Versioned {
  @VersionColumn() version: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/**
 * A record of something a person did: who (the account, and the name as it was then) and when.
 * `occurredAt` is the database clock at the insert unless the record gives its own time.
 */
export abstract class ActedRecord {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text') actorName: string;
  @Column('timestamptz', { default: () => 'clock_timestamp()' }) occurredAt: Date;
}

/** One move through a state machine (of a case, of a condition): who, when, from where to where, and why. */
export abstract class TransitionRecord extends ActedRecord {
  @Column('text') action: string;
  @Column('text') fromState: string;
  @Column('text') toState: string;
  @Column('text', { nullable: true }) comment: string | null;
}

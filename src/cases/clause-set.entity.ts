import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, type EntityManager } from 'typeorm';
import { Versioned } from '../database/base-entities';

export interface Clause {
  /** 1, 2, … as printed */
  number: number;
  /** e.g. 秘密の保持 */
  heading: string;
  text: string;
}

/** A named set of special clauses (特記事項) attached to outsourcing contracts. */
@Entity('clause_set')
export class ClauseSet extends Versioned {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('boolean', { default: false }) retired: boolean;
}

/** One immutable version of a clause set; a case pins the version it chose. */
@Entity('clause_set_version')
export class ClauseSetVersion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') clauseSetId: string;
  @Column('integer') number: number;
  /** The set's name as it was in this version. */
  @Column('text') name: string;
  @Column('jsonb') clauses: Clause[];
  @Column('text', { default: '' }) changeNote: string;
  @Column('uuid', { nullable: true }) createdById: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** Saves a new clause set with its first version (初版). */
export async function saveNewClauseSet(
  m: EntityManager,
  s: { code: string; name: string; clauses: Clause[] },
  createdById: string | null = null,
): Promise<ClauseSet> {
  const set = await m.save(m.create(ClauseSet, { code: s.code, name: s.name }));
  await m.save(
    m.create(ClauseSetVersion, {
      clauseSetId: set.id,
      number: 1,
      name: s.name,
      clauses: s.clauses,
      changeNote: '初版',
      createdById,
    }),
  );
  return set;
}

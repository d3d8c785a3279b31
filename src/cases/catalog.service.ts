import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CommonErrors } from '../common/errors/app-error';
import { CatalogErrors } from './cases.errors';
import { ClauseSet, ClauseSetVersion, saveNewClauseSet } from './clause-set.entity';
import type {
  ClauseInputDto,
  CreateClauseSetDto,
  CreateLegalBasisDto,
  ReviseClauseSetDto,
  UpdateLegalBasisDto,
} from './dto/catalog.dto';
import { LegalBasis } from './legal-basis.entity';
import { actorOf } from '../auth/actor';
import { lockRow } from '../database/lock-row';
import { UnitOfWork } from '../database/unit-of-work';

/** The legal-basis catalog and the clause library: data the admins maintain. */
@Injectable()
export class CatalogService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  // ---- legal bases ----

  async listBases(includeRetired = true): Promise<{ basis: LegalBasis; usage: number }[]> {
    const bases = await this.ds.getRepository(LegalBasis).find({
      where: includeRetired ? {} : { retired: false },
      order: { sortOrder: 'ASC', article: 'ASC' },
    });
    const usage = await this.usageCounts();
    return bases.map((basis) => ({ basis, usage: usage.get(basis.id) ?? 0 }));
  }

  private async usageCounts(m: EntityManager = this.uow.managerOrRoot()): Promise<Map<string, number>> {
    const rows: { id: string; n: number }[] = await m.query(
      `SELECT legal_basis_id AS id, count(DISTINCT case_id)::int AS n FROM (
         SELECT legal_basis_id, case_id FROM case_legal_basis
         UNION ALL SELECT legal_basis_id, case_id FROM case_section) u GROUP BY 1`,
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  async getBasis(id: string): Promise<{ basis: LegalBasis; usage: number }> {
    const basis = await this.ds.getRepository(LegalBasis).findOne({ where: { id } });
    if (!basis) throw CatalogErrors.basisNotFound();
    return { basis, usage: (await this.usageCounts()).get(id) ?? 0 };
  }

  async createBasis(actor: AuthUser, dto: CreateLegalBasisDto): Promise<LegalBasis> {
    if (dto.outsourcingSubtypes?.length && dto.sectionKind !== 'outsourcing')
      throw CatalogErrors.subtypesOnlyForOutsourcing();
    return this.uow.run(actor, async (m) => {
      if (await m.exists(LegalBasis, { where: { code: dto.code } })) throw CatalogErrors.basisDuplicate();
      const saved = await m.save(
        m.create(LegalBasis, {
          code: dto.code,
          ordinance: dto.ordinance ?? '',
          article: dto.article,
          shortName: dto.shortName,
          procedure: dto.procedure,
          sectionKind: dto.sectionKind,
          outsourcingSubtypes: dto.outsourcingSubtypes ?? [],
          appliesWhen: dto.appliesWhen ?? {},
          sortOrder: dto.sortOrder ?? 0,
          optional: dto.optional ?? false,
        }),
      );
      await this.audit.recordChange(actor, 'create', 'legalBasis', saved.id, { code: dto.code }, m);
      return saved;
    });
  }

  async updateBasis(actor: AuthUser, id: string, dto: UpdateLegalBasisDto): Promise<LegalBasis> {
    return this.uow.run(actor, async (m) => {
      const b = await lockRow(m, LegalBasis, { id }, CatalogErrors.basisNotFound);
      if (b.version !== dto.version) throw CommonErrors.staleVersion('この条例の根拠');
      const kind = dto.sectionKind ?? b.sectionKind;
      const subtypes = dto.outsourcingSubtypes ?? (kind === 'outsourcing' ? b.outsourcingSubtypes : []);
      if (subtypes.length && kind !== 'outsourcing') throw CatalogErrors.subtypesOnlyForOutsourcing();
      if (kind !== b.sectionKind) {
        const used = (await this.usageCounts(m)).get(id) ?? 0;
        if (used > 0) throw CatalogErrors.basisInUse(used);
      }
      Object.assign(b, {
        ordinance: dto.ordinance ?? b.ordinance,
        article: dto.article ?? b.article,
        shortName: dto.shortName ?? b.shortName,
        procedure: dto.procedure ?? b.procedure,
        sectionKind: kind,
        outsourcingSubtypes: subtypes,
        appliesWhen: dto.appliesWhen ?? b.appliesWhen,
        sortOrder: dto.sortOrder ?? b.sortOrder,
        retired: dto.retired ?? b.retired,
        optional: dto.optional ?? b.optional,
      });
      const saved = await m.save(b);
      const { version: _v, ...detail } = dto;
      await this.audit.record(
        { actor: actorOf(actor), action: 'update', targetType: 'legalBasis', targetId: id, detail },
        m,
      );
      return saved;
    });
  }

  /** Only a basis no case ever used can be deleted; one in use is retired instead. */
  async deleteBasis(actor: AuthUser, id: string): Promise<void> {
    await this.uow.run(actor, async (m) => {
      const b = await lockRow(m, LegalBasis, { id }, CatalogErrors.basisNotFound);
      const used = (await this.usageCounts(m)).get(id) ?? 0;
      if (used > 0) throw CatalogErrors.basisInUse(used);
      await m.delete(LegalBasis, { id });
      await this.audit.recordChange(actor, 'delete', 'legalBasis', id, { code: b.code }, m);
    });
  }

  // ---- clause sets ----

  async listClauseSets(includeRetired = true): Promise<{ set: ClauseSet; versions: ClauseSetVersion[] }[]> {
    const sets = await this.ds.getRepository(ClauseSet).find({
      where: includeRetired ? {} : { retired: false },
      order: { name: 'ASC' },
    });
    const versions = await this.ds.getRepository(ClauseSetVersion).find({ order: { number: 'ASC' } });
    return sets.map((set) => ({ set, versions: versions.filter((v) => v.clauseSetId === set.id) }));
  }

  async getClauseSet(id: string): Promise<{ set: ClauseSet; versions: ClauseSetVersion[] }> {
    const set = await this.ds.getRepository(ClauseSet).findOne({ where: { id } });
    if (!set) throw CatalogErrors.clauseSetNotFound();
    const versions = await this.ds.getRepository(ClauseSetVersion).find({
      where: { clauseSetId: id },
      order: { number: 'ASC' },
    });
    return { set, versions };
  }

  async getClauseSetVersion(setId: string, number: number): Promise<ClauseSetVersion> {
    const v = await this.ds
      .getRepository(ClauseSetVersion)
      .findOne({ where: { clauseSetId: setId, number } });
    if (!v) throw CatalogErrors.clauseSetNotFound();
    return v;
  }

  async createClauseSet(
    actor: AuthUser | null,
    dto: CreateClauseSetDto,
    m?: EntityManager,
  ): Promise<ClauseSet> {
    checkClauseNumbers(dto.clauses);
    const run = async (tx: EntityManager) => {
      if (await tx.exists(ClauseSet, { where: { code: dto.code } })) throw CatalogErrors.clauseSetDuplicate();
      const set = await saveNewClauseSet(
        tx,
        { code: dto.code, name: dto.name, clauses: sortClauses(dto.clauses) },
        actor?.id ?? null,
      );
      if (actor) await this.audit.recordChange(actor, 'create', 'clauseSet', set.id, { code: dto.code }, tx);
      return set;
    };
    return m ? run(m) : this.uow.run(actor, run);
  }

  /** Editing never changes a version: it appends the next one. */
  async reviseClauseSet(actor: AuthUser, id: string, dto: ReviseClauseSetDto): Promise<ClauseSetVersion> {
    checkClauseNumbers(dto.clauses);
    return this.uow.run(actor, async (m) => {
      const set = await lockRow(m, ClauseSet, { id }, CatalogErrors.clauseSetNotFound);
      const [{ latest }] = (await m.query(
        'SELECT max(number)::int AS latest FROM clause_set_version WHERE clause_set_id = $1',
        [id],
      )) as { latest: number }[];
      if (dto.baseVersionNumber !== latest) throw CommonErrors.staleVersion('この特記事項');
      const name = dto.name ?? set.name;
      const saved = await m.save(
        m.create(ClauseSetVersion, {
          clauseSetId: id,
          number: latest + 1,
          name,
          clauses: sortClauses(dto.clauses),
          changeNote: dto.changeNote ?? '',
          createdById: actor.id,
        }),
      );
      set.name = name;
      set.retired = dto.retired ?? set.retired;
      await m.save(set);
      await this.audit.recordChange(actor, 'update', 'clauseSet', id, { newVersion: saved.number }, m);
      return saved;
    });
  }
}

function checkClauseNumbers(clauses: ClauseInputDto[]): void {
  const numbers = clauses.map((c) => c.number);
  if (new Set(numbers).size !== numbers.length) throw CatalogErrors.clauseNumbersDuplicate();
}

function sortClauses(clauses: ClauseInputDto[]) {
  return [...clauses]
    .sort((a, b) => a.number - b.number)
    .map((c) => ({ number: c.number, heading: c.heading, text: c.text }));
}

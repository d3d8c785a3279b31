import { plainToInstance } from 'class-transformer';
import { councilIdInContext } from '../database/council-context';
import { validate } from 'class-validator';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { flattenValidationErrors } from '../common/errors/validation';
import { Department } from '../departments/department.entity';
import type { SeedStep } from '../seeds/sample-data';
import { User } from '../users/user.entity';
import { CaseFile } from './case-file.entity';
import { writeCaseContent } from './case-content.writer';
import { CategoricalConsultation } from './categorical-consultation.entity';
import { saveNewClauseSet, type Clause } from './clause-set.entity';
import { CaseContentDto } from './dto/case-input.dto';
import { LegalBasis, type AnswerConditions, type BasisRule } from './legal-basis.entity';

export interface CatalogSeed {
  legalBases: BasisRule[];
  categoricalConsultations?: { title: string; criteria: AnswerConditions; replyReference: string }[];
  clauseSets?: { code: string; name: string; clauses: Clause[] }[];
}

export interface CaseSeed {
  department: string;
  createdBy: string;
  title: string;
  legalBases: string[];
  sections: ({ basis: string; clauseSet?: string } & Record<string, unknown>)[];
  [part: string]: unknown;
}

/** Loads the legal-basis catalog, the clause library and the categorical registry from a JSON file. */
export async function loadCaseCatalog(m: EntityManager, seed: CatalogSeed): Promise<void> {
  for (const b of seed.legalBases) await m.save(m.create(LegalBasis, b));
  for (const c of seed.categoricalConsultations ?? []) await m.save(m.create(CategoricalConsultation, c));
  for (const s of seed.clauseSets ?? []) await saveNewClauseSet(m, s);
}

export const caseCatalogSeed: SeedStep = {
  name: 'case-catalog',
  run: ({ manager, readJson }) => loadCaseCatalog(manager, readJson<CatalogSeed>('case-catalog.json')),
};

/** Turns a case of `seeds/cases.json` into the API's content DTO (validated as the API would). */
export async function caseContentFromSeed(m: EntityManager, c: CaseSeed): Promise<CaseContentDto> {
  const bases = await m.find(LegalBasis);
  const basisId = (code: string) => {
    const b = bases.find((x) => x.code === code);
    if (!b) throw new Error(`seeds/cases.json: unknown legal basis ${code}`);
    return b.id;
  };
  const versions: { id: string; code: string }[] = await m.query(
    `SELECT DISTINCT ON (s.id) v.id, s.code FROM clause_set s JOIN clause_set_version v ON v.clause_set_id = s.id
      ORDER BY s.id, v.number DESC`,
  );
  const { department: _d, createdBy: _c, legalBases, sections, ...rest } = c;
  const plain = {
    ...rest,
    legalBasisIds: legalBases.map(basisId),
    sections: sections.map(({ basis, clauseSet, ...s }) => ({
      ...s,
      legalBasisId: basisId(basis),
      ...(clauseSet ? { clauseSetVersionId: versions.find((v) => v.code === clauseSet)?.id ?? null } : {}),
    })),
  };
  const dto = plainToInstance(CaseContentDto, plain);
  const problems = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (problems.length)
    throw new Error(`seeds/cases.json "${c.title}": ${JSON.stringify(flattenValidationErrors(problems))}`);
  return dto;
}

/** Writes a seed case as a draft of its department, created by the given clerk, through the API's checks. */
export async function writeSeedCase(
  m: EntityManager,
  c: CaseSeed,
  dept: Department,
  user: User,
): Promise<CaseFile> {
  const dto = await caseContentFromSeed(m, c);
  const row = await m.save(
    m.create(CaseFile, { departmentId: dept.id, title: c.title, createdById: user.id, updatedById: user.id }),
  );
  const actor: AuthUser = {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: 'clerk',
    departmentId: dept.id,
    departmentName: dept.name,
    mustChangePassword: false,
    previousLoginAt: null,
    sessionId: 'seed',
    councilId: councilIdInContext() ?? 0,
  };
  await writeCaseContent(m, row, dto, actor);
  return row;
}

/** The draft cases of a seed file, written through the same checks as the API. */
export function sampleCasesFrom(file: string): SeedStep {
  return {
    name: `sample-cases:${file}`,
    run: async ({ manager: m, readJson }) => {
      const { cases } = readJson<{ cases: CaseSeed[] }>(file);
      for (const c of cases) {
        const dept = await m.findOneOrFail(Department, { where: { code: c.department } });
        const user = await m.findOneOrFail(User, { where: { username: c.createdBy } });
        await writeSeedCase(m, c, dept, user);
      }
    },
  };
}

/** The two Shinjuku cases. */
export const sampleCasesSeed: SeedStep = { ...sampleCasesFrom('cases.json'), name: 'sample-cases' };

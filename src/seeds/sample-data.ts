import { readFileSync } from 'node:fs';
import { runInCouncil } from '../database/council-context';
import { APP_ROLE } from '../database/app-role';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { caseCatalogSeed, sampleCasesFrom, sampleCasesSeed } from '../cases/case-seed';
import { CouncilMember } from '../council/council-member.entity';
import { SAMPLE_CATALOGUE } from '../council/setup/catalogues';
import { CouncilSetupService } from '../council/setup/council-setup.service';
import { Department } from '../departments/department.entity';
import type { Role } from '../users/role';
import { insertUser } from '../users/user-factory';
import { hashPassword } from '../auth/auth.service';
import { User } from '../users/user.entity';
import { councilWorkflowFrom, councilWorkflowSeed, type SeedCouncilMember } from './council-workflow.seed';
import { standingReportsFrom } from './standing-reports.seed';
import { minutesSeed } from './minutes.seed';
import { incidentsFrom, incidentsSeed } from '../incidents/incident-seed';
import { fileRegisterFrom, fileRegisterSeed } from '../file-register/file-register.seed';
import { impactAssessmentSeed, impactAssessmentsFrom } from '../impact-assessments/impact-assessment.seed';
import { reindexPublic } from '../public-portal/search/public-search-index';

export interface SeedContext {
  manager: EntityManager;
  seedsDir: string;
  readJson<T>(file: string): T;
  /**
   * The application's data folder, where uploaded files are stored (`<dataDir>/attachments`); when
   * absent (tests that need only rows), the sample files are not written and their rows not made.
   */
  dataDir: string | null;
  /**
   * The application's database role (not the owner the sample data loads as): steps that must see
   * only their council's rows, as the application would, run as it (`asApplicationRole`).
   */
  appRole: string;
}

/** A step that loads one feature's sample data. Features append theirs to SEED_STEPS. */
export type SeedStep = { name: string; run: (ctx: SeedContext) => Promise<void> };

interface FoundationSeed {
  municipality: { name: string; councilName: string; implementingBody: string };
  /** The shipped catalogue (seeds/catalogues/); the Shinjuku-style one when absent. */
  catalogue?: string;
  /** The council's name in public URLs (kept apart from its names, which no code may spell). */
  portal: { slug: string };
  departments: { code: string; name: string; division: string | null; isSecretariat: boolean }[];
  users: { username: string; displayName: string; role: Role; department: string | null; password: string }[];
  councilMembers: (SeedCouncilMember & { username?: string })[];
}

/**
 * A sample council from its foundation file, created through the same setup as any council (the
 * first run's, or `additional` for a further council of the deployment with the file's catalogue),
 * then its other departments, users and roster. The setup enters the new council: every later step
 * works in its context until another council is entered.
 */
export function foundationSeedFrom(file: string, additional = false): SeedStep {
  return {
    name: `foundation:${file}`,
    run: (ctx) => loadFoundation(ctx, file, additional),
  };
}

/** The first sample council (the Shinjuku-style catalogue). */
export const foundationSeed: SeedStep = { ...foundationSeedFrom('foundation.json'), name: 'foundation' };

async function loadFoundation(
  { manager: m, readJson, seedsDir }: SeedContext,
  file: string,
  additional: boolean,
): Promise<void> {
  const seed = readJson<FoundationSeed>(file);
  const secretariat = seed.departments.find((d) => d.isSecretariat);
  const admin = seed.users.find((u) => u.role === 'admin');
  if (!secretariat || !admin) throw new Error(`seeds/${file}: a secretariat and an admin are needed`);
  // Hashing is most of the load time: the two hash slots work in parallel (the administrator's in
  // the setup among them), the inserts one by one.
  const others = seed.users.filter((u) => u !== admin);
  const hashing = Promise.all(others.map((u) => hashPassword(u.password)));
  const setup = new CouncilSetupService(m.connection, new AuditService(m.connection), { seedsDir });
  const council = await setup.create(
    {
      municipality: seed.municipality.name,
      councilName: seed.municipality.councilName,
      implementingBody: seed.municipality.implementingBody,
      slug: seed.portal.slug,
      secretariat: secretariat.name,
      secretariatDivision: secretariat.division ?? undefined,
      secretariatCode: secretariat.code,
      catalogue: seed.catalogue ?? SAMPLE_CATALOGUE,
      adminUsername: admin.username,
      adminDisplayName: admin.displayName,
      adminPassword: admin.password,
    },
    { manager: m, via: 'sample-data', adminMustChangePassword: true, additional },
  );
  const deptIds = new Map<string, string>([[secretariat.code, council.secretariatDepartmentId]]);
  for (const d of seed.departments) {
    if (d === secretariat) continue;
    const saved = await m.save(m.create(Department, d));
    deptIds.set(d.code, saved.id);
  }
  const userIds = new Map<string, string>([[admin.username, council.adminUserId]]);
  if (admin.department)
    await m.update(
      User,
      { id: council.adminUserId },
      { departmentId: deptIds.get(admin.department) ?? null },
    );
  const hashes = await hashing;
  for (const [i, u] of others.entries()) {
    const saved = await insertUser(m, {
      passwordHash: hashes[i],
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      departmentId: u.department ? (deptIds.get(u.department) ?? null) : null,
      password: u.password,
      mustChangePassword: true,
    });
    userIds.set(u.username, saved.id);
  }
  // The seed lists the members in 名簿順.
  for (const [i, c] of seed.councilMembers.entries()) {
    const { username, ...rest } = c;
    await m.save(
      m.create(CouncilMember, {
        rosterOrder: i + 1,
        ...rest,
        userId: username ? (userIds.get(username) ?? null) : null,
      }),
    );
  }
}

/** The published sample minutes and issued replies in the portal's search index (publication writes it). */
export const publicSearchSeed: SeedStep = {
  name: 'public-search',
  run: ({ manager }) => reindexPublic(manager),
};

/**
 * The rest of the transaction runs as the application's role, under row-level security: the owner
 * bypasses it and would see every council's rows. A second council's steps then see only theirs.
 */
export const asApplicationRole: SeedStep = {
  name: 'as-application-role',
  run: async ({ manager, appRole }) => {
    await manager.query(`SELECT set_config('role', $1, true)`, [appRole]);
  },
};

/**
 * A second council of the deployment (seeds/aoba/), on the current framework (catalogue
 * `current-law`): 法第129条 consultations answered at its 第1回 and their register entries, a
 * 第三者点検 of a 全項目評価, two incidents, and its 第2回 whose 報告事項 ア–ウ are the standing
 * reports of the fiscal year. Its setup enters council 2: these steps come after the first council's.
 */
export const SECOND_COUNCIL_STEPS: SeedStep[] = [
  asApplicationRole,
  foundationSeedFrom('aoba/foundation.json', true),
  sampleCasesFrom('aoba/cases.json'),
  councilWorkflowFrom('aoba/council-workflow.json'),
  fileRegisterFrom('aoba/file-register.json'),
  impactAssessmentsFrom('aoba/impact-assessments.json'),
  incidentsFrom('aoba/incidents.json'),
  standingReportsFrom('aoba/standing-reports.json'),
  { ...publicSearchSeed, name: 'public-search:aoba' },
];

/** The first sample council alone, in order (tests of a single-council deployment). */
export const FIRST_COUNCIL_STEPS: SeedStep[] = [
  foundationSeed,
  caseCatalogSeed,
  sampleCasesSeed,
  councilWorkflowSeed,
  minutesSeed,
  incidentsSeed,
  fileRegisterSeed,
  impactAssessmentSeed,
  publicSearchSeed,
];

/** In order: what `npm start` loads. */
export const SEED_STEPS: SeedStep[] = [...FIRST_COUNCIL_STEPS, ...SECOND_COUNCIL_STEPS];

/** Loads the sample data in one transaction, only into an empty database. Returns false if skipped. */
export async function loadSampleDataIfEmpty(
  ds: DataSource,
  seedsDir: string,
  steps = SEED_STEPS,
  dataDir: string | null = null,
  appRole: string = APP_ROLE,
): Promise<boolean> {
  const users = await ds.getRepository(User).count();
  if (users > 0) return false;
  // A council scope, empty until the first step's setup creates the council and enters it.
  await runInCouncil(null, () =>
    ds.transaction(async (manager) => {
      const ctx: SeedContext = {
        manager,
        seedsDir,
        dataDir,
        appRole,
        readJson: <T>(file: string) => JSON.parse(readFileSync(join(seedsDir, file), 'utf8')) as T,
      };
      for (const step of steps) await step.run(ctx);
    }),
  );
  return true;
}

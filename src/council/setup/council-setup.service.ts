import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, type AuditActor } from '../../audit/audit.service';
import { passwordProblems } from '../../auth/password-policy';
import { loadCaseCatalog } from '../../cases/case-seed';
import { APP_CONFIG } from '../../config/config';
import { AppError } from '../../common/errors/app-error';
import { Department } from '../../departments/department.entity';
import { UserErrors } from '../../users/users.errors';
import { insertUser, assertLoginNameFree } from '../../users/user-factory';
import { enterCouncil, runInCouncil } from '../../database/council-context';
import { Municipality } from '../municipality.entity';
import { insertDefaultSynonyms } from '../../public-portal/search/synonyms';
import { listCatalogues, readCatalogue } from './catalogues';
import type { CouncilCreatedDto, CreateCouncilDto } from './council-setup.dto';
import { SetupErrors } from './council-setup.errors';

/** Serialises concurrent first-run setups (the second one then sees the council and is refused). */
const SETUP_LOCK = 727_015;

export interface SetupOptions {
  /** Run inside this transaction (the sample data's); otherwise the service opens its own. */
  manager?: EntityManager;
  /**
   * Another council in a deployment that has some already (`council:create --additional`); without
   * it the setup is the first run's and is refused once any council exists.
   */
  additional?: boolean;
  /**
   * Where the setup came from, for the audit trail: the setup page, the API, the CLI, the sample data
   * or the platform administrator's councils (`platform`, always an additional council).
   */
  via: 'web' | 'api' | 'cli' | 'sample-data' | 'platform';
  /** Who asked, when a person did (the platform administrator); else the audit names `setup:<via>`. */
  actor?: AuditActor;
  ip?: string | null;
  /** The sample's administrator changes the published password at first login; a chosen one need not. */
  adminMustChangePassword?: boolean;
}

/**
 * First-run setup: in one transaction, the council row, the secretariat department, the chosen shipped
 * catalogue with the standard clause sets, and the first administrator. Refused once a council exists.
 */
@Injectable()
export class CouncilSetupService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: { seedsDir: string },
  ) {}

  /** Whether the deployment still has no council at all (the setup page and the redirect ask this). */
  async needed(m: EntityManager = this.ds.manager): Promise<boolean> {
    return !(await m.exists(Municipality, {}));
  }

  /**
   * An installation nobody has set up yet: no council and no account. The screens lead there to the
   * setup page; a database whose accounts were made without a council (tests build that) is left alone.
   * The accounts of every council count, though this request has none: `deployment_has_accounts()`.
   */
  async firstRun(): Promise<boolean> {
    if (!(await this.needed())) return false;
    const [row] = (await this.ds.query('SELECT deployment_has_accounts() AS any')) as { any: boolean }[];
    return !row?.any;
  }

  catalogues() {
    return listCatalogues(this.config.seedsDir);
  }

  create(input: CreateCouncilDto, opts: SetupOptions): Promise<CouncilCreatedDto> {
    // Its own transaction starts without a council (the new one does not exist yet) and enters the
    // new council once its row is made, in a scope of its own: the caller's is left as it was.
    const created = opts.manager
      ? this.createIn(opts.manager, input, opts)
      : runInCouncil(null, () => this.ds.transaction((m) => this.createIn(m, input, opts)));
    return created.catch((e: unknown) => {
      // A rename that took the URL name meanwhile (renames do not take the setup lock).
      if ((e as { constraint?: string }).constraint === 'uq_municipality_slug')
        throw SetupErrors.slugTaken(input.slug ?? '');
      throw e;
    });
  }

  private async createIn(
    m: EntityManager,
    input: CreateCouncilDto,
    opts: SetupOptions,
  ): Promise<CouncilCreatedDto> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK]);
    if (!opts.additional && !(await this.needed(m))) throw SetupErrors.alreadySetUp();
    const catalogue = readCatalogue(this.config.seedsDir, input.catalogue, input.municipality);
    if (!catalogue)
      throw SetupErrors.field('catalogue', [
        `目録「${input.catalogue}」はありません。${this.catalogues()
          .map((c) => c.code)
          .join('、')} から選んでください`,
      ]);
    const problems = passwordProblems(input.adminPassword, { username: input.adminUsername });
    if (problems.length) throw SetupErrors.field('adminPassword', problems);

    const numbering = input.numbering ?? 'fiscalYear';
    // The first council is 1 (what rows made before any setup carry); the setup lock serialises this.
    const [{ next }] = (await m.query('SELECT coalesce(max(id), 0) + 1 AS next FROM municipality')) as {
      next: number;
    }[];
    const councilId = Number(next);
    const slug = input.slug ?? `council-${councilId}`;
    // URL names are unique in the deployment: the councils' table is global (no row-level security).
    if (await m.exists(Municipality, { where: { slug } })) throw SetupErrors.slugTaken(slug);
    await assertLoginNameFree(m, input.adminUsername).catch((e: unknown) => {
      throw e instanceof AppError && e.code === UserErrors.usernameTaken('').code
        ? SetupErrors.adminUsernameTaken(input.adminUsername)
        : e;
    });
    await m.insert(Municipality, {
      id: councilId,
      slug,
      name: input.municipality,
      councilName: input.councilName,
      implementingBody: input.implementingBody,
      numbering,
    });
    // From here on the transaction (and the caller's context) work for the new council: every row
    // below gets its council_id from the column default, and the policies let it be written.
    await enterCouncil(m, councilId);
    // The council's one-row settings; council 1's come from the migrations when it was made before.
    await m.query(`INSERT INTO council_setting (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, [councilId]);
    await m.query(
      `INSERT INTO minutes_redaction_setting (id, explainer_names, secretariat_names, allow_list, version)
       VALUES ($1, 'title', 'show', '[]', 1) ON CONFLICT (id) DO NOTHING`,
      [councilId],
    );
    const code = input.secretariatCode ?? 'secretariat';
    // Department codes are unique per council (uq_department_code is on (council_id, code)). Named
    // explicitly: a setup run as the owner (the sample data, the owner's scripts) is not narrowed by
    // row-level security and would otherwise see every council's departments.
    const codeTaken = (await m.query(`SELECT 1 FROM department WHERE council_id = $1 AND code = $2`, [
      councilId,
      code,
    ])) as unknown[];
    if (codeTaken.length > 0)
      throw SetupErrors.field('secretariatCode', [`課コード「${code}」はすでに使われています`]);
    const secretariat = await m.save(
      m.create(Department, {
        code,
        name: input.secretariat,
        division: input.secretariatDivision || null,
        isSecretariat: true,
      }),
    );
    await loadCaseCatalog(m, catalogue);
    await insertDefaultSynonyms(m, councilId);
    const admin = await insertUser(m, {
      username: input.adminUsername,
      displayName: input.adminDisplayName || 'システム管理者',
      role: 'admin',
      departmentId: null,
      password: input.adminPassword,
      mustChangePassword: opts.adminMustChangePassword ?? false,
    });
    const created: CouncilCreatedDto = {
      councilId,
      municipality: input.municipality,
      councilName: input.councilName,
      implementingBody: input.implementingBody,
      slug,
      numbering,
      secretariatDepartmentId: secretariat.id,
      catalogue: input.catalogue,
      legalBases: catalogue.legalBases.length,
      clauseSets: catalogue.clauseSets?.length ?? 0,
      adminUserId: admin.id,
      adminUsername: admin.username,
    };
    const { adminPassword: _p, ...detail } = input;
    await this.audit.record(
      {
        actor: opts.actor ?? { id: null, name: `setup:${opts.via}`, role: 'system' },
        action: 'create',
        targetType: 'council',
        targetId: String(councilId),
        ip: opts.ip ?? null,
        detail: { ...detail, slug, numbering, via: opts.via },
      },
      m,
    );
    return created;
  }
}

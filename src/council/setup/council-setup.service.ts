import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { passwordProblems } from '../../auth/password-policy';
import { loadCaseCatalog } from '../../cases/case-seed';
import { APP_CONFIG } from '../../config/config';
import { Department } from '../../departments/department.entity';
import { insertUser } from '../../users/user-factory';
import { User } from '../../users/user.entity';
import { CURRENT_COUNCIL_ID, findCurrentCouncil } from '../current-council';
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
  /** Where the setup came from, for the audit trail: the setup page, the API, the CLI or the sample data. */
  via: 'web' | 'api' | 'cli' | 'sample-data';
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

  /** Whether the installation still has no council (the setup page and the redirect ask this). */
  async needed(m: EntityManager = this.ds.manager): Promise<boolean> {
    return (await findCurrentCouncil(m)) === null;
  }

  /**
   * An installation nobody has set up yet: no council and no account. The screens lead there to the
   * setup page; a database whose accounts were made without a council (tests build that) is left alone.
   */
  async firstRun(): Promise<boolean> {
    return (await this.needed()) && (await this.ds.getRepository(User).count({ take: 1 })) === 0;
  }

  catalogues() {
    return listCatalogues(this.config.seedsDir);
  }

  create(input: CreateCouncilDto, opts: SetupOptions): Promise<CouncilCreatedDto> {
    return opts.manager
      ? this.createIn(opts.manager, input, opts)
      : this.ds.transaction((m) => this.createIn(m, input, opts));
  }

  private async createIn(
    m: EntityManager,
    input: CreateCouncilDto,
    opts: SetupOptions,
  ): Promise<CouncilCreatedDto> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK]);
    if (!(await this.needed(m))) throw SetupErrors.alreadySetUp();
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
    const slug = input.slug ?? `council-${CURRENT_COUNCIL_ID}`;
    await m.insert(Municipality, {
      id: CURRENT_COUNCIL_ID,
      slug,
      name: input.municipality,
      councilName: input.councilName,
      implementingBody: input.implementingBody,
      numbering,
    });
    const code = input.secretariatCode ?? 'secretariat';
    if (await m.exists(Department, { where: { code } }))
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
    await insertDefaultSynonyms(m, CURRENT_COUNCIL_ID);
    const admin = await insertUser(m, {
      username: input.adminUsername,
      displayName: input.adminDisplayName || 'システム管理者',
      role: 'admin',
      departmentId: null,
      password: input.adminPassword,
      mustChangePassword: opts.adminMustChangePassword ?? false,
    });
    const created: CouncilCreatedDto = {
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
        actor: { id: null, name: `setup:${opts.via}`, role: 'system' },
        action: 'create',
        targetType: 'council',
        targetId: String(CURRENT_COUNCIL_ID),
        ip: opts.ip ?? null,
        detail: { ...detail, slug, numbering, via: opts.via },
      },
      m,
    );
    return created;
  }
}

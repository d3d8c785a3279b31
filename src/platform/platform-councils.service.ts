import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actorOf } from '../auth/actor';
import type { PlatformAdminUser } from '../auth/auth-user';
import { SessionService } from '../auth/session.service';
import { CommonErrors } from '../common/errors/app-error';
import { Municipality } from '../council/municipality.entity';
import type { CouncilCreatedDto, CreateCouncilDto } from '../council/setup/council-setup.dto';
import { SetupErrors } from '../council/setup/council-setup.errors';
import { CouncilSetupService } from '../council/setup/council-setup.service';
import { COUNCIL_RESTORE_LOCK, outsideRestoreBarrier } from '../database/council-barrier';
import { runInCouncil } from '../database/council-context';
import { lockRow } from '../database/lock-row';
import { forgetCachedPublicCouncils } from '../public-portal/public-council';
import type { NumberingScheme } from '../workflow/numbering';
import { councilMachine, type CouncilAction, type CouncilState } from './council-state-machine';
import {
  RENAMABLE_COUNCIL_FIELDS,
  type PlatformCouncilDto,
  type UpdatePlatformCouncilDto,
} from './dto/platform-council.dto';
import { PlatformErrors } from './platform.errors';
import { endSessions } from './end-sessions';

interface CouncilRow {
  id: number;
  name: string;
  council_name: string;
  implementing_body: string;
  slug: string;
  numbering: NumberingScheme;
  state: CouncilState;
  state_reason: string | null;
  state_changed_at: Date | null;
  version: number;
  users: string;
  cases: string;
  meetings: string;
}

/** The fields a rename may change, and their columns. */
const RENAMABLE = RENAMABLE_COUNCIL_FIELDS;
const COLUMN: Record<(typeof RENAMABLE)[number], keyof Municipality> = {
  municipality: 'name',
  councilName: 'councilName',
  implementingBody: 'implementingBody',
  slug: 'slug',
};

/**
 * The platform administrator's work: the councils of the deployment, never what is inside them. Its
 * requests run with no council: it reads the global `municipality` table and per-council figures
 * through `platform_council_counts()` (a SECURITY DEFINER function answering counts only).
 */
@Injectable()
export class PlatformCouncilsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly setup: CouncilSetupService,
    private readonly sessions: SessionService,
  ) {}

  async list(): Promise<PlatformCouncilDto[]> {
    const rows: CouncilRow[] = await this.ds.query(
      `SELECT m.id, m.name, m.council_name, m.implementing_body, m.slug, m.numbering, m.version,
              m.state, m.state_reason, m.state_changed_at,
              c.users, c.cases, c.meetings
         FROM municipality m JOIN platform_council_counts() c ON c.council_id = m.id
        ORDER BY m.id`,
    );
    return rows.map((r) => ({
      id: r.id,
      municipality: r.name,
      councilName: r.council_name,
      implementingBody: r.implementing_body,
      slug: r.slug,
      numbering: r.numbering,
      state: r.state,
      stateLabel: councilMachine.label(r.state),
      stateReason: r.state_reason,
      stateChangedAt: r.state_changed_at ? new Date(r.state_changed_at).toISOString() : null,
      version: r.version,
      users: Number(r.users),
      cases: Number(r.cases),
      meetings: Number(r.meetings),
    }));
  }

  /**
   * Another council, made as `council:create --additional` makes one (its secretariat, catalogue,
   * clause sets and first administrator, in one transaction). Its audit chain opens with this entry,
   * naming the platform administrator.
   */
  create(user: PlatformAdminUser, input: CreateCouncilDto, ip: string | null): Promise<CouncilCreatedDto> {
    return this.setup.create(input, {
      via: 'platform',
      additional: true,
      actor: actorOf(user),
      ip,
      // The platform administrator hands the password over: the council's administrator replaces it.
      adminMustChangePassword: true,
    });
  }

  /**
   * Renames a council or changes its URL name (optimistic `version`). The change is recorded in the
   * council's own audit chain too, so its administrator sees who renamed it.
   */
  async update(
    user: PlatformAdminUser,
    id: number,
    input: UpdatePlatformCouncilDto,
    ip: string | null,
  ): Promise<PlatformCouncilDto> {
    const changes = RENAMABLE.filter((f) => input[f] !== undefined);
    if (changes.length === 0) throw PlatformErrors.nothingToChange();
    if (!Number.isInteger(id) || id <= 0 || id > 32767) throw PlatformErrors.councilNotFound();
    // In the council's context: the entry below joins that council's chain.
    await runInCouncil(id, () =>
      this.ds.transaction(async (m) => {
        const row = await lockRow(m, Municipality, { id }, PlatformErrors.councilNotFound);
        if (row.version !== input.version) throw CommonErrors.staleVersion('この審議会の登録内容');
        if (
          input.slug !== undefined &&
          input.slug !== row.slug &&
          (await m.exists(Municipality, { where: { slug: input.slug } }))
        )
          throw SetupErrors.slugTaken(input.slug);
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        for (const f of changes) {
          before[f] = row[COLUMN[f]];
          after[f] = input[f];
        }
        await m.update(
          Municipality,
          { id },
          Object.fromEntries(changes.map((f) => [COLUMN[f], input[f]])) as Partial<Municipality>,
        );
        await this.audit.record(
          {
            actor: actorOf(user),
            action: 'update',
            targetType: 'council',
            targetId: String(id),
            ip,
            detail: { before, after, via: 'platform' },
          },
          m,
        );
      }),
    ).catch((e: unknown) => {
      // Two renames to the same URL name at once: the second meets the unique index.
      if ((e as { constraint?: string }).constraint === 'uq_municipality_slug')
        throw SetupErrors.slugTaken(input.slug ?? '');
      throw e;
    });
    if (input.slug !== undefined) forgetCachedPublicCouncils();
    return this.get(id);
  }

  /**
   * Suspends a council or resumes it (src/platform/council-state-machine.ts), with a reason. Suspending
   * ends every session of its accounts; while suspended its accounts cannot log in, its portal answers
   * 404 and the scheduled passes skip it. Nothing else of the council changes, so resuming brings it
   * back as it was. Recorded in the council's own audit chain (its administrator sees who and why).
   * A council left `restoring` by a restore that died is taken out of it the same way (resume or
   * suspend); refused while a restore still holds it.
   */
  async changeState(
    user: PlatformAdminUser,
    id: number,
    action: CouncilAction,
    reason: string,
    ip: string | null,
  ): Promise<PlatformCouncilDto> {
    if (!Number.isInteger(id) || id <= 0 || id > 32767) throw PlatformErrors.councilNotFound();
    // Outside the restore barrier: taking a council out of `restoring` must not be refused for it.
    await outsideRestoreBarrier(() =>
      runInCouncil(id, () =>
        this.ds.transaction(async (m) => {
          const row = await lockRow(m, Municipality, { id }, PlatformErrors.councilNotFound);
          const to = councilMachine.check(action, row.state, user.role, reason);
          // Out of `restoring` only when no restore holds the council (its command died or failed).
          if (row.state === 'restoring') {
            const [{ free }] = (await m.query(`SELECT pg_try_advisory_xact_lock($1, $2) AS free`, [
              COUNCIL_RESTORE_LOCK,
              id,
            ])) as { free: boolean }[];
            if (!free) throw PlatformErrors.restoreRunning();
          }
          await m.update(
            Municipality,
            { id },
            { state: to, stateBeforeRestore: null, stateReason: reason, stateChangedAt: new Date() },
          );
          const sessionsEnded = to === 'suspended' ? await endSessions(m, { councilId: id }) : 0;
          await this.audit.record(
            {
              actor: actorOf(user),
              action: 'state.change',
              targetType: 'council',
              targetId: String(id),
              ip,
              detail: { transition: action, from: row.state, to, reason, sessionsEnded, via: 'platform' },
            },
            m,
          );
        }),
      ),
    );
    this.sessions.invalidate();
    forgetCachedPublicCouncils();
    return this.get(id);
  }

  private async get(id: number): Promise<PlatformCouncilDto> {
    const found = (await this.list()).find((c) => c.id === id);
    if (!found) throw PlatformErrors.councilNotFound();
    return found;
  }
}

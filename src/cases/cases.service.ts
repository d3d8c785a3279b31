import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CommonErrors, type FieldError } from '../common/errors/app-error';
import { preparedQuery } from '../database/prepared-query';
import { Department } from '../departments/department.entity';
import { User } from '../users/user.entity';
import { canEditCaseContent, caseNotFound } from './case-access';
import { assertCaseVisible, CaseAccessPolicy, canViewCase } from './case-access-policy';
import { loadCaseAggregate, type BasisRef, type CaseAggregate } from './case-aggregate';
import { diffCases, type DiffEntry } from './case-diff';
import { CaseFile } from './case-file.entity';
import {
  DEFAULT_ITEM_COLUMNS,
  EDITABLE_STATUSES,
  OUTSOURCING_SUBTYPE_LABELS,
  SECTION_KIND_LABELS,
} from './case-kinds';
import { CASE_STATE_LABELS, type CaseState } from '../workflow/case-state-machine';
import {
  CaseItemColumn,
  CaseItemRow,
  CaseLegalBasis,
  CaseRelation,
  CaseSection,
  CaseSnapshot,
} from './case-parts.entity';
import { CaseErrors } from './cases.errors';
import { AssessmentService } from './assessment.service';
import { procedureOf } from './assessment';
import type { CaseContentDto, CreateCaseDto, CopyCaseDto, UpdateCaseDto } from './dto/case-input.dto';
import type { CaseQueryDto } from './dto/case-query.dto';
import type { SectionDto } from './dto/section.dto';
import { ngrams, queryGrams, searchableText, searchDigest, searchTerms } from './search-text';
import { loadStoredParts } from './stored-parts';
import { notDeleted } from './soft-delete';
import { validateCaseForSubmission } from './submission-validation';

export interface CaseListItem {
  id: string;
  title: string;
  status: CaseState;
  procedure: 'consultation' | 'report';
  departmentId: string;
  departmentName: string;
  receiptNumber: string | null;
  legalBases: string[];
  updatedAt: Date;
  createdAt: Date;
  version: number;
}

export interface CaseVersionInfo {
  seq: number;
  caseVersion: number;
  status: string;
  reason: string;
  createdAt: Date;
  createdBy: string | null;
}

const actorOf = (u: AuthUser) => ({ id: u.id, name: u.username, role: u.role });
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Text searches count matches up to this many ("100件以上" beyond). */
const SEARCH_COUNT_CAP = 100;
/** Cases in page order a search checks first, to learn whether most cases match (see denseSearchPage). */
const SEARCH_PROBE_ROWS = 2 * (SEARCH_COUNT_CAP + 1);
/** A case-list row: the page's cases with their department and the articles of their bases. */
const LIST_COLUMNS = `c.id, c.title, c.status, c.procedure, c.department_id AS "departmentId", d.name AS "departmentName",
       c.receipt_number AS "receiptNumber", c.updated_at AS "updatedAt", c.created_at AS "createdAt", c.version,
       coalesce((SELECT array_agg(b.article || '（' || b.short_name || '）' ORDER BY lb.position)
                   FROM case_legal_basis lb JOIN legal_basis b ON b.id = lb.legal_basis_id
                  WHERE lb.case_id = c.id), '{}') AS "legalBases"`;
/**
 * The search text of case `c`, read row by row (OFFSET 0 keeps PostgreSQL from turning it into a
 * join that reads every case's text before the few it needs).
 */
const SEARCH_TEXT_OF_C = 'SELECT s.search_text FROM case_search s WHERE s.case_id = c.id OFFSET 0';
/** How a list is ordered: the column (of `c`), its bare name, its name in the list's select list. */
const LIST_SORTS = {
  updatedAt: { column: 'c.updated_at', bare: 'updated_at', alias: '"updatedAt"' },
  createdAt: { column: 'c.created_at', bare: 'created_at', alias: '"createdAt"' },
  title: { column: 'c.title', bare: 'title', alias: 'title' },
} as const;
type ListSort = (typeof LIST_SORTS)[keyof typeof LIST_SORTS] & { order: string };
/** Beyond this many matches a search page walks the cases in page order instead of the n-gram index. */
const SEARCH_INDEX_LIMIT = 100;

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly assessment: AssessmentService,
    private readonly access: CaseAccessPolicy,
  ) {}

  /** A case the user may see (404 otherwise). */
  async get(user: AuthUser, id: string, m: EntityManager = this.ds.manager): Promise<CaseAggregate> {
    return this.access.assertVisible(user, await loadCaseAggregate(m, id), m);
  }

  async create(user: AuthUser, dto: CreateCaseDto): Promise<CaseAggregate> {
    if (user.role !== 'clerk' || !user.departmentId) throw CaseErrors.editForbidden();
    const departmentId = user.departmentId;
    return this.ds.transaction(async (m) => {
      const dept = await m.findOneOrFail(Department, { where: { id: departmentId } });
      const content: CaseContentDto = { ...dto };
      if (dto.answers && !dto.legalBasisIds) {
        const result = await this.assessment.assess(dto.answers, m);
        content.legalBasisIds = result.bases.map((b) => b.id);
        content.sections ??= result.sections.map(
          (s) =>
            ({
              kind: s.kind,
              legalBasisId: s.legalBasisId,
              holdingDepartment: dept.name,
              ...(s.kind === 'outsourcing' ? { subtype: s.subtype } : {}),
              // The connection form answered in the wizard is the sheet's, not a second question.
              ...(s.kind === 'externalConnection' && dto.answers?.connectionForm
                ? { connectionForm: dto.answers.connectionForm }
                : {}),
            }) as SectionDto,
        );
      }
      content.items ??= { columns: DEFAULT_ITEM_COLUMNS.map((c) => ({ ...c })), rows: [] };
      content.overview = { businessDepartment: dept.name, ...content.overview };
      const row = m.create(CaseFile, {
        departmentId,
        title: dto.title,
        createdById: user.id,
        updatedById: user.id,
      });
      await m.save(row);
      const saved = await writeCaseContent(m, row, content, user);
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'create',
          targetType: 'case',
          targetId: row.id,
          detail: { title: dto.title },
        },
        m,
      );
      return saved;
    });
  }

  async update(user: AuthUser, id: string, dto: UpdateCaseDto): Promise<CaseAggregate> {
    // The case as this transaction saved it is the answer (no second read after the commit).
    return this.ds.transaction(async (m) => {
      const row = await this.lockForEdit(m, user, id);
      if (row.version !== dto.version) {
        const by = row.updatedById ? await m.findOne(User, { where: { id: row.updatedById } }) : null;
        throw CommonErrors.staleVersion('この事案', by?.displayName ?? null, row.updatedAt);
      }
      const { version: _v, ...content } = dto;
      const saved = await writeCaseContent(m, row, content, user);
      const parts = Object.keys(content).filter((k) => (content as Record<string, unknown>)[k] !== undefined);
      if (row.status !== 'draft') await this.snapshot(id, m, { actorId: user.id, reason: '差戻し後の保存' });
      await this.audit.record(
        { actor: actorOf(user), action: 'update', targetType: 'case', targetId: id, detail: { parts } },
        m,
      );
      return saved;
    });
  }

  /** A new draft in the user's department with the content of an earlier case; the source is recorded. */
  async copy(user: AuthUser, sourceId: string, dto: CopyCaseDto): Promise<CaseAggregate> {
    if (user.role !== 'clerk' || !user.departmentId) throw CaseErrors.editForbidden();
    const source = await this.get(user, sourceId);
    const departmentId = user.departmentId;
    return this.ds.transaction(async (m) => {
      const row = m.create(CaseFile, {
        departmentId,
        title: dto.title ?? source.title,
        confidentialityLevel: source.confidentialityLevel,
        createdById: user.id,
        updatedById: user.id,
        copiedFromId: source.id,
      });
      await m.save(row);
      const saved = await writeCaseContent(
        m,
        row,
        {
          contact: source.contact,
          overview: source.overview,
          retroactive: false,
          retroactiveReason: '',
          relatedCaseIds: [],
          relatedNote: source.relatedNote,
          legalBasisIds: source.legalBases.filter((b) => !b.retired).map((b) => b.id),
          sections: source.sections
            .filter((s) => source.legalBases.some((b) => b.id === s.legalBasisId && !b.retired))
            .map((s) => ({ ...s.fields, kind: s.kind, legalBasisId: s.legalBasisId }) as SectionDto),
          items: {
            columns: source.items.columns,
            rows: source.items.rows.map(({ id: _id, ...r }) => r),
          },
          securityMeasures: source.securityMeasures,
          securityMeasuresIntro: source.securityMeasuresIntro,
        },
        user,
      );
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'create',
          targetType: 'case',
          targetId: row.id,
          detail: { copiedFrom: source.id },
        },
        m,
      );
      return saved;
    });
  }

  /**
   * Moves a draft to the bin (by a clerk of its department). It disappears from every list, search
   * and view; the secretariat can restore it for 30 days, then the purge removes it.
   */
  async remove(user: AuthUser, id: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const row = await assertCaseVisible(
        m,
        user,
        await m.findOne(CaseFile, { where: { id }, lock: { mode: 'pessimistic_write' } }),
      );
      if (!canEditCaseContent(user, row)) throw CaseErrors.editForbidden();
      if (row.status !== 'draft') throw CaseErrors.deleteOnlyDraft(CASE_STATE_LABELS[row.status]);
      // Plain UPDATE: deleting does not bump the version (a restored draft continues where it was).
      await m.query('UPDATE case_file SET deleted_at = now(), deleted_by_id = $2 WHERE id = $1', [
        id,
        user.id,
      ]);
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'delete',
          targetType: 'case',
          targetId: id,
          detail: { title: row.title, bin: true },
        },
        m,
      );
    });
  }

  /**
   * Every problem that stops submission, all at once, in Japanese, pointing at the fields.
   * Called by the workflow's submit transition (and shown in the editor beforehand).
   */
  async validateForSubmission(
    caseId: string,
    manager: EntityManager = this.ds.manager,
  ): Promise<FieldError[]> {
    const c = await loadCaseAggregate(manager, caseId);
    if (!c) throw caseNotFound();
    return validateCaseForSubmission(c);
  }

  /** The same check for a user (access-checked). */
  async validationFor(user: AuthUser, caseId: string): Promise<FieldError[]> {
    return validateCaseForSubmission(await this.get(user, caseId));
  }

  /**
   * Records a version (snapshot) of the case as it is in `manager`'s transaction. The workflow calls it
   * on submit; saves after submission call it too, so the secretariat can diff what changed.
   */
  async snapshot(
    caseId: string,
    manager: EntityManager,
    opts: { actorId?: string | null; reason?: string } = {},
  ): Promise<CaseVersionInfo> {
    const c = await loadCaseAggregate(manager, caseId);
    if (!c) throw caseNotFound();
    await manager.query('SELECT 1 FROM case_file WHERE id = $1 FOR UPDATE', [caseId]);
    const [{ next }] = (await manager.query(
      'SELECT coalesce(max(seq), 0) + 1 AS next FROM case_snapshot WHERE case_id = $1',
      [caseId],
    )) as { next: number }[];
    const saved = await manager.save(
      manager.create(CaseSnapshot, {
        caseId,
        seq: Number(next),
        caseVersion: c.version,
        status: c.status,
        reason: opts.reason ?? '',
        data: c,
        createdById: opts.actorId ?? null,
      }),
    );
    return {
      seq: saved.seq,
      caseVersion: saved.caseVersion,
      status: saved.status,
      reason: saved.reason,
      createdAt: saved.createdAt,
      createdBy: null,
    };
  }

  /** A clerk keeps a version on purpose (e.g. before a large rewrite). */
  async recordVersion(user: AuthUser, id: string, reason: string | undefined): Promise<CaseVersionInfo> {
    return this.ds.transaction(async (m) => {
      const c = await assertCaseVisible(m, user, await m.findOne(CaseFile, { where: { id } }));
      if (!canEditCaseContent(user, c)) throw CaseErrors.editForbidden();
      const info = await this.snapshot(id, m, { actorId: user.id, reason: reason || '手動で保存した版' });
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'case.version',
          targetType: 'case',
          targetId: id,
          detail: { seq: info.seq },
        },
        m,
      );
      return { ...info, createdBy: user.displayName };
    });
  }

  async versions(user: AuthUser, id: string): Promise<CaseVersionInfo[]> {
    await assertCaseVisible(
      this.ds.manager,
      user,
      await this.ds.manager.findOne(CaseFile, { where: { id } }),
    );
    const rows: (CaseVersionInfo & { createdAt: Date })[] = await this.ds.query(
      `SELECT s.seq, s.case_version AS "caseVersion", s.status, s.reason, s.created_at AS "createdAt",
              u.display_name AS "createdBy"
         FROM case_snapshot s LEFT JOIN app_user u ON u.id = s.created_by_id
        WHERE s.case_id = $1 ORDER BY s.seq`,
      [id],
    );
    return rows;
  }

  /** Field-level changes from version `from` to version `to` (default: the latest version → now). */
  async diff(
    user: AuthUser,
    id: string,
    from?: number,
    to?: number,
  ): Promise<{ from: number | null; to: number | null; changes: DiffEntry[] }> {
    const current = await this.get(user, id);
    const load = async (seq: number) => {
      const s = await this.ds.manager.findOne(CaseSnapshot, { where: { caseId: id, seq } });
      if (!s) throw CaseErrors.snapshotNotFound();
      return s.data as CaseAggregate;
    };
    const [{ latest }] = (await this.ds.query(
      'SELECT coalesce(max(seq), 0)::int AS latest FROM case_snapshot WHERE case_id = $1',
      [id],
    )) as { latest: number }[];
    const toSeq = to ?? null;
    const fromSeq = from ?? (toSeq !== null ? toSeq - 1 : latest);
    if (!fromSeq || fromSeq < 1) throw CaseErrors.snapshotNotFound();
    const before = await load(fromSeq);
    const after = toSeq !== null ? await load(toSeq) : current;
    return { from: fromSeq, to: toSeq, changes: diffCases(before, after) };
  }

  async list(
    user: AuthUser,
    q: CaseQueryDto,
  ): Promise<{
    items: CaseListItem[];
    total: number;
    totalIsLowerBound: boolean;
    page: number;
    pageSize: number;
  }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    where.push(this.access.visibleSql(user, 'c', p));
    if (q.status) where.push(`c.status = ${p(q.status)}`);
    if (q.departmentId) where.push(`c.department_id = ${p(q.departmentId)}`);
    if (q.procedure) where.push(`c.procedure = ${p(q.procedure)}`);
    if (q.legalBasisId)
      where.push(
        `EXISTS (SELECT 1 FROM case_legal_basis lb WHERE lb.case_id = c.id AND lb.legal_basis_id = ${p(q.legalBasisId)})`,
      );
    if (q.year) where.push(`extract(year FROM c.created_at AT TIME ZONE 'Asia/Tokyo') = ${p(q.year)}`);
    if (q.vendor?.trim())
      where.push(
        `EXISTS (SELECT 1 FROM case_section s WHERE s.case_id = c.id AND s.kind = 'outsourcing'
                   AND (s.payload -> 'vendor')::text ILIKE ${p(`%${likeEscape(q.vendor.trim())}%`)})`,
      );
    if (q.item?.trim())
      where.push(
        `EXISTS (SELECT 1 FROM case_item_column col JOIN case_item_row r ON r.case_id = col.case_id
                  WHERE col.case_id = c.id AND col.label ILIKE ${p(`%${likeEscape(q.item.trim())}%`)}
                    AND r.cells ->> col.key IS NOT NULL)`,
      );
    // Per term, the exact substring check decides; the n-gram containment below only lets the GIN
    // index find candidates (its parameters come last, so the page query can leave them out).
    const terms = searchTerms(q.q ?? '');
    const textChecks = terms.map((term) => `strpos(s.search_text, ${p(term)}) > 0`);
    const order = (q.order ?? (q.sort === 'title' ? 'asc' : 'desc')).toUpperCase();
    const sort: ListSort = { ...LIST_SORTS[q.sort ?? 'updatedAt'], order };
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    where.push(notDeleted('c'));
    const filterSql = where.join(' AND ');
    if (terms.length === 0) return this.plainPage(filterSql, params, sort, page, pageSize);

    const textSql = [filterSql, ...textChecks].join(' AND ');
    const baseParams = [...params];
    if (page * pageSize <= SEARCH_COUNT_CAP) {
      const dense = await this.denseSearchPage(filterSql, textChecks, baseParams, sort, page, pageSize);
      if (dense) return { items: dense, total: SEARCH_COUNT_CAP, totalIsLowerBound: true, page, pageSize };
    }
    const gramFilters = terms.map((term) => `s.search_grams @> ${p(queryGrams(term))}::text[]`);
    const whereSql = [...gramFilters, textSql].join(' AND ');
    const fromSql = 'case_file c JOIN case_search s ON s.case_id = c.id';
    // Walking in page order, each case's text is read as the walk reaches it and the walk stops at
    // the page (a plain join would make PostgreSQL check every case's text first).
    const walkFromSql = `case_file c CROSS JOIN LATERAL (${SEARCH_TEXT_OF_C}) s`;
    // A text search checks every candidate row's n-grams and text (TOASTed, ~50 µs a row): counting
    // a search that matches most of 10,000 cases took ~0.7 s. Searches count up to a cap (at least
    // past the page asked for) and say "N件以上"; plain lists count exactly (no per-row detoasting).
    // A search's statements depend on its terms' selectivity and stay unnamed (planned each time).
    const cap = Math.max(SEARCH_COUNT_CAP, page * pageSize);
    const [{ total: counted }] = (await this.ds.query(
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM ${fromSql} WHERE ${whereSql} LIMIT ${cap + 1}) m`,
      params,
    )) as { total: number }[];
    const totalIsLowerBound = counted > cap;
    // PostgreSQL has no statistics for the n-gram arrays (too wide to sample), so it always expects a
    // handful of matches, fetches every match through the GIN index and sorts them: 150 ms when a
    // search matches 5,000 cases. When the count says the matches are many, walk the cases in page
    // order instead and stop at the page (the exact check alone decides; no index needed).
    const walkInOrder = counted > SEARCH_INDEX_LIMIT;
    const total = totalIsLowerBound ? cap : counted;
    // The page's ids first, then their details: the select list (bases of each case) is computed
    // for the page only, not for every row the OFFSET skips.
    const pageParams = walkInOrder ? baseParams : params;
    const limit = `$${pageParams.length + 1}`;
    const offset = `$${pageParams.length + 2}`;
    const rows = (await this.ds.query(
      `SELECT ${LIST_COLUMNS}
         FROM (SELECT c.id FROM ${walkInOrder ? walkFromSql : fromSql}
                WHERE ${walkInOrder ? textSql : whereSql}
                ORDER BY ${sort.column} ${sort.order}, c.id
                LIMIT ${limit}::int OFFSET ${offset}::int) p
         JOIN case_file c ON c.id = p.id
         JOIN department d ON d.id = c.department_id
        ORDER BY ${sort.column} ${sort.order}, c.id`,
      [...pageParams, pageSize, (page - 1) * pageSize],
    )) as CaseListItem[];
    return { items: rows, total, totalIsLowerBound, page, pageSize };
  }

  /**
   * A plain list (no search text): the exact count and the page in one prepared statement, one
   * round trip. The page's ids first, then their details: the select list (bases of each case) is
   * computed for the page only, not for every row the OFFSET skips.
   */
  private async plainPage(
    filterSql: string,
    params: unknown[],
    sort: ListSort,
    page: number,
    pageSize: number,
  ): Promise<{
    items: CaseListItem[];
    total: number;
    totalIsLowerBound: false;
    page: number;
    pageSize: number;
  }> {
    const limit = `$${params.length + 1}`;
    const offset = `$${params.length + 2}`;
    const rows = await preparedQuery<CaseListItem & { total: number }>(
      this.ds.manager,
      `SELECT t.total, p.*
         FROM (SELECT count(*)::int AS total FROM case_file c WHERE ${filterSql}) t
         LEFT JOIN LATERAL (
           SELECT ${LIST_COLUMNS}
             FROM (SELECT c.id FROM case_file c WHERE ${filterSql}
                    ORDER BY ${sort.column} ${sort.order}, c.id
                    LIMIT ${limit}::int OFFSET ${offset}::int) pg
             JOIN case_file c ON c.id = pg.id
             JOIN department d ON d.id = c.department_id) p ON true
        ORDER BY p.${sort.alias} ${sort.order}, p.id`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    const total = rows[0]?.total ?? 0;
    const items = rows.filter((r) => r.id !== null).map(({ total: _t, ...item }) => item);
    return { items, total, totalIsLowerBound: false, page, pageSize };
  }

  /**
   * A search whose terms most cases match (the common words of a council's cases): the first
   * SEARCH_PROBE_ROWS visible cases in page order are checked for the terms. If more than
   * SEARCH_COUNT_CAP of them match, the total is shown as "100件以上" and the page is among them:
   * one cheap statement (prepared: its plan does not depend on the terms) instead of an n-gram
   * index scan over thousands of matches. Otherwise null (the caller counts through the index).
   * Costs at most SEARCH_PROBE_ROWS checks when it misses.
   */
  private async denseSearchPage(
    filterSql: string,
    textChecks: string[],
    params: unknown[],
    sort: ListSort,
    page: number,
    pageSize: number,
  ): Promise<CaseListItem[] | null> {
    const { bare } = sort;
    const limit = `$${params.length + 1}`;
    const offset = `$${params.length + 2}`;
    const rows = await preparedQuery<CaseListItem & { matched: number }>(
      this.ds.manager,
      `WITH matched AS (
         SELECT c.id, c.${bare}
           FROM (SELECT c.id, ${sort.column} FROM case_file c WHERE ${filterSql}
                  ORDER BY ${sort.column} ${sort.order}, c.id LIMIT ${SEARCH_PROBE_ROWS}) c
          CROSS JOIN LATERAL (${SEARCH_TEXT_OF_C}) s
          WHERE ${textChecks.join(' AND ')}
          ORDER BY c.${bare} ${sort.order}, c.id
          LIMIT ${SEARCH_COUNT_CAP + 1}
       ), n AS (SELECT count(*)::int AS matched FROM matched)
       SELECT n.matched, p.*
         FROM n
         LEFT JOIN LATERAL (
           SELECT ${LIST_COLUMNS}
             FROM (SELECT id FROM matched ORDER BY ${bare} ${sort.order}, id
                    LIMIT ${limit}::int OFFSET ${offset}::int) pg
             JOIN case_file c ON c.id = pg.id
             JOIN department d ON d.id = c.department_id) p ON n.matched > ${SEARCH_COUNT_CAP}
        ORDER BY p.${sort.alias} ${sort.order}, p.id`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    if ((rows[0]?.matched ?? 0) <= SEARCH_COUNT_CAP) return null;
    return rows.filter((r) => r.id !== null).map(({ matched: _m, ...item }) => item);
  }

  /** Cases the user may link as related (own department for clerks). */
  async relatable(user: AuthUser, exceptId?: string): Promise<{ id: string; title: string }[]> {
    const { items } = await this.list(user, { pageSize: 100, sort: 'updatedAt' });
    return items.filter((i) => i.id !== exceptId).map((i) => ({ id: i.id, title: i.title }));
  }

  // ---- internals ----

  private async lockForEdit(m: EntityManager, user: AuthUser, id: string): Promise<CaseFile> {
    const row = await assertCaseVisible(
      m,
      user,
      await m.findOne(CaseFile, { where: { id }, lock: { mode: 'pessimistic_write' } }),
    );
    if (!canEditCaseContent(user, row)) throw CaseErrors.editForbidden();
    if (!(EDITABLE_STATUSES as readonly string[]).includes(row.status))
      throw CaseErrors.notEditable(CASE_STATE_LABELS[row.status]);
    return row;
  }
}

function pick<T extends object, K extends keyof T>(obj: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** DTO instance → plain JSON object for the jsonb payload. */
function toPlain(s: SectionDto): Record<string, unknown> {
  return JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
}

/**
 * Checks every reference of the content (all problems at once) and writes the parts given.
 * Nothing is written when a check fails (the caller's transaction rolls back).
 */
export async function writeCaseContent(
  m: EntityManager,
  row: CaseFile,
  dto: CaseContentDto & { sectionOrder?: string[] },
  user: AuthUser,
): Promise<CaseAggregate> {
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => {
    const e = errors.find((x) => x.field === field);
    if (e) e.messages.push(message);
    else errors.push({ field, messages: [message] });
  };
  const caseId = row.id;
  const current = await loadStoredParts(m, caseId, {
    basisIds: [...(dto.legalBasisIds ?? []), ...(dto.sections ?? []).map((s) => s.legalBasisId)],
    clauseSetVersionIds: (dto.sections ?? []).map((s) =>
      s.kind === 'outsourcing' ? (s.clauseSetVersionId ?? null) : null,
    ),
  });
  const curSections = current.sections;
  const curBasisIds = current.basisIds;

  // sheet order: ids of existing sheets keep them (and their place in diffs); each sheet once
  const curSectionIds = new Set(curSections.map((s) => s.id));
  (dto.sections ?? []).forEach((s, i) => {
    if (s.id && dto.sections!.findIndex((x) => x.id === s.id) !== i)
      err(`sections[${i}].id`, '同じ別紙が重複しています');
  });
  const order = dto.sectionOrder;
  if (order) {
    if (dto.sections)
      err(
        'sectionOrder',
        '別紙の内容（sections）と並び順（sectionOrder）は同時に指定できません。sections の並びがそのまま順序になります',
      );
    order.forEach((sid, i) => {
      if (!curSectionIds.has(sid))
        err(`sectionOrder[${i}]`, 'この事案にない別紙です。画面を再読み込みしてから並べ替えてください');
      else if (order.indexOf(sid) !== i) err(`sectionOrder[${i}]`, '同じ別紙が重複しています');
    });
    const missing = curSections
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => !order.includes(s.id))
      .map(({ s, i }) => `別紙${i + 1}（${SECTION_KIND_LABELS[s.kind]}）`);
    if (missing.length)
      err('sectionOrder', `すべての別紙を並べてください。足りない別紙: ${missing.join('、')}`);
  }
  const reordered = order && !dto.sections ? order.filter((sid) => curSectionIds.has(sid)) : null;

  // legal bases
  const basisIds = dto.legalBasisIds ?? curBasisIds;
  const stored = reordered ? reordered.map((sid) => curSections.find((s) => s.id === sid)!) : curSections;
  const sections: SectionDto[] =
    dto.sections ??
    stored.map((s) => ({ ...s.payload, id: s.id, kind: s.kind, legalBasisId: s.legalBasisId }) as SectionDto);
  const basisById = new Map(current.bases.map((b) => [b.id, b]));
  basisIds.forEach((bid, i) => {
    const b = basisById.get(bid);
    if (!b) err(`legalBasisIds[${i}]`, '存在しない条例の根拠です');
    else if (b.retired && !curBasisIds.includes(bid))
      err(
        `legalBasisIds[${i}]`,
        `「${b.article}（${b.shortName}）」は廃止された根拠のため、新たに選べません`,
      );
    if (basisIds.indexOf(bid) !== i) err(`legalBasisIds[${i}]`, '同じ根拠が重複しています');
  });

  // item list
  // (stored rows were checked against the stored columns when they were saved)
  const columns = dto.items?.columns ?? [];
  const rows = dto.items?.rows ?? [];
  const columnKeys = new Set<string>(dto.items ? [] : current.columnKeys);
  columns.forEach((c, i) => {
    if (columnKeys.has(c.key)) err(`items.columns[${i}].key`, `列キー「${c.key}」が重複しています`);
    columnKeys.add(c.key);
  });
  rows.forEach((r, i) => {
    for (const k of Object.keys(r.cells ?? {}))
      if (!columnKeys.has(k)) err(`items.rows[${i}].cells`, `「${k}」は個人情報項目一覧にない項目です`);
  });

  // sections
  const versions = current.clauseSetVersions;
  sections.forEach((s, i) => {
    const at = (f: string) => `sections[${i}].${f}`;
    const b = basisById.get(s.legalBasisId);
    if (!b) err(at('legalBasisId'), '存在しない条例の根拠です');
    else if (!basisIds.includes(s.legalBasisId))
      err(at('legalBasisId'), `「${b.article}（${b.shortName}）」はこの事案の条例の根拠に選ばれていません`);
    else if (b.sectionKind !== s.kind)
      err(
        at('kind'),
        `「${b.article}（${b.shortName}）」に必要な別紙は「${SECTION_KIND_LABELS[b.sectionKind]}」です。「${SECTION_KIND_LABELS[s.kind]}」の別紙は付けられません`,
      );
    if (s.kind === 'outsourcing') {
      if (s.subtype && b && b.outsourcingSubtypes.length && !b.outsourcingSubtypes.includes(s.subtype))
        err(
          at('subtype'),
          `「${OUTSOURCING_SUBTYPE_LABELS[s.subtype]}」は「${b.article}」の委託の種類にありません`,
        );
      if (s.clauseSetVersionId) {
        const v = versions.find((x) => x.id === s.clauseSetVersionId);
        if (!v) err(at('clauseSetVersionId'), '存在しない特記事項の版です');
        else
          (s.clauseDeviations ?? []).forEach((d, j) => {
            if (!v.clauses.some((c) => c.number === d.clauseNumber))
              err(at(`clauseDeviations[${j}].clauseNumber`), `特記事項に第${d.clauseNumber}項はありません`);
          });
      } else if ((s.clauseDeviations ?? []).length) {
        err(at('clauseDeviations'), '特記事項を選んでから、取扱いの変更を記入してください');
      }
    }
    (s.itemKeys ?? []).forEach((k, j) => {
      if (!columnKeys.has(k)) err(at(`itemKeys[${j}]`), `個人情報項目一覧に「${k}」の項目がありません`);
    });
  });

  // related cases
  const relatedIds = dto.relatedCaseIds;
  if (relatedIds) {
    const found = relatedIds.length ? await m.find(CaseFile, { where: { id: In(relatedIds) } }) : [];
    const visible = new Set<string>();
    for (const r of found) if (await canViewCase(m, user, r)) visible.add(r.id);
    relatedIds.forEach((rid, i) => {
      if (rid === caseId) err(`relatedCaseIds[${i}]`, '自分自身は関連事案にできません');
      else if (!visible.has(rid)) err(`relatedCaseIds[${i}]`, '存在しない事案です');
      if (relatedIds.indexOf(rid) !== i) err(`relatedCaseIds[${i}]`, '同じ事案が重複しています');
    });
  }
  if (errors.length) throw CaseErrors.invalidContent(errors);

  // write
  if (dto.title !== undefined) row.title = dto.title;
  if (dto.confidentialityLevel !== undefined) row.confidentialityLevel = dto.confidentialityLevel;
  if (dto.contact) Object.assign(row, pick(dto.contact, ['sectionName', 'contactName', 'extension']));
  if (dto.overview)
    Object.assign(
      row,
      pick(dto.overview, [
        'businessName',
        'businessDepartment',
        'purpose',
        'targetPersons',
        'businessContent',
        'background',
      ]),
    );
  if (dto.retroactive !== undefined) row.retroactive = dto.retroactive;
  if (dto.retroactiveReason !== undefined) row.retroactiveReason = dto.retroactiveReason;
  if (dto.relatedNote !== undefined) row.relatedNote = dto.relatedNote;
  if (dto.securityMeasures !== undefined) row.securityMeasures = dto.securityMeasures;
  if (dto.securityMeasuresIntro !== undefined) row.securityMeasuresIntro = dto.securityMeasuresIntro;
  row.procedure = procedureOf(basisIds.map((bid) => basisById.get(bid)).filter((b): b is BasisRef => !!b));
  row.updatedById = user.id;
  // Every save raises the version, also one that only touches child rows (sheets, their order,
  // items): optimistic locking relies on it. One UPDATE (save() would read the row again first).
  const [saved] = (
    await m
      .createQueryBuilder()
      .update(CaseFile)
      .set({
        title: row.title,
        confidentialityLevel: row.confidentialityLevel,
        sectionName: row.sectionName,
        contactName: row.contactName,
        extension: row.extension,
        businessName: row.businessName,
        businessDepartment: row.businessDepartment,
        purpose: row.purpose,
        targetPersons: row.targetPersons,
        businessContent: row.businessContent,
        background: row.background,
        retroactive: row.retroactive,
        retroactiveReason: row.retroactiveReason,
        relatedNote: row.relatedNote,
        securityMeasures: row.securityMeasures,
        securityMeasuresIntro: row.securityMeasuresIntro,
        procedure: row.procedure,
        updatedById: row.updatedById,
      })
      .where('id = :id', { id: caseId })
      .returning(['version', 'updated_at'])
      .execute()
  ).raw as { version: number; updated_at: Date }[];
  row.version = saved.version;
  row.updatedAt = saved.updated_at;

  if (dto.legalBasisIds) {
    await m.delete(CaseLegalBasis, { caseId });
    if (basisIds.length)
      await m.insert(
        CaseLegalBasis,
        basisIds.map((legalBasisId, position) => ({ caseId, legalBasisId, position })),
      );
  }
  if (dto.sections || reordered) {
    const keep = curSectionIds;
    await m.delete(CaseSection, { caseId });
    if (sections.length)
      await m.insert(
        CaseSection,
        sections.map((s, position) => {
          const { id, kind, legalBasisId, ...fields } = toPlain(s);
          return {
            id: typeof id === 'string' && keep.has(id) ? id : randomUUID(),
            caseId,
            position,
            kind: kind as SectionDto['kind'],
            legalBasisId: legalBasisId as string,
            clauseSetVersionId: (fields.clauseSetVersionId as string | null | undefined) ?? null,
            payload: fields,
          } as QueryDeepPartialEntity<CaseSection>;
        }),
      );
  }
  if (dto.items) {
    const keep = new Set(current.rowIds);
    await m.delete(CaseItemColumn, { caseId });
    await m.delete(CaseItemRow, { caseId });
    if (columns.length)
      await m.insert(
        CaseItemColumn,
        columns.map((c, position) => ({
          caseId,
          key: c.key,
          label: c.label,
          groupLabel: c.groupLabel ?? '',
          sensitive: c.sensitive ?? false,
          myNumber: c.myNumber ?? false,
          position,
        })),
      );
    if (rows.length)
      await m.insert(
        CaseItemRow,
        rows.map((r, position) => ({
          id: r.id && keep.has(r.id) ? r.id : randomUUID(),
          caseId,
          position,
          departmentBusiness: r.departmentBusiness ?? '',
          procedureName: r.procedureName ?? '',
          cells: Object.fromEntries(Object.entries(r.cells ?? {}).filter(([, v]) => v)),
          otherItems: r.otherItems ?? '',
          note: r.note ?? '',
        })),
      );
  }
  if (relatedIds) {
    await m.delete(CaseRelation, { caseId });
    if (relatedIds.length)
      await m.insert(
        CaseRelation,
        relatedIds.map((relatedCaseId, position) => ({ caseId, relatedCaseId, position })),
      );
  }
  return refreshSearch(m, caseId, current.searchDigest);
}

/**
 * The case as saved, and its search text brought up to date (case_search: derived, no version).
 * Its n-grams are written only when the text changed: each write re-indexes every n-gram of the
 * case in the GIN index, the largest cost of a save.
 */
async function refreshSearch(
  m: EntityManager,
  caseId: string,
  storedDigest: string | null,
): Promise<CaseAggregate> {
  const c = await loadCaseAggregate(m, caseId);
  if (!c) throw caseNotFound();
  const text = searchableText(c);
  if (searchDigest(text) !== storedDigest)
    await m.query(
      `INSERT INTO case_search (case_id, search_text, search_grams) VALUES ($1, $2, $3)
       ON CONFLICT (case_id) DO UPDATE SET search_text = excluded.search_text, search_grams = excluded.search_grams`,
      [caseId, text, ngrams(text)],
    );
  return c;
}

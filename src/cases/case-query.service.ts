import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { preparedQuery } from '../database/prepared-query';
import type { CaseState } from '../workflow/case-state-machine';
import { CaseAccessPolicy } from './case-access-policy';
import type { CaseQueryDto } from './dto/case-query.dto';
import { queryGrams, searchTerms } from './search-text';
import { notDeleted } from './soft-delete';

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
 * The list row of the page's case `pg.id`, looked up case by case (OFFSET 0 keeps PostgreSQL from
 * joining it the other way round: with 100 councils it expected ~10 rows of a council's department
 * and built the row, bases included, of every case of the council before picking the page's 20).
 */
const LIST_ROW_OF_PG = `SELECT ${LIST_COLUMNS} FROM case_file c JOIN department d ON d.id = c.department_id
                         WHERE c.id = pg.id OFFSET 0`;
/**
 * The search text of case `c`, read row by row (OFFSET 0 keeps PostgreSQL from turning it into a
 * join that reads every case's text before the few it needs). Found by council and case
 * (migration 1763754600000): through the primary key alone, a council's cases sit on every leaf
 * page of all councils' keys (random uuids), so a search read pages in proportion to all cases.
 */
const SEARCH_TEXT_OF_C =
  'SELECT s.search_text FROM case_search s WHERE s.council_id = c.council_id AND s.case_id = c.id OFFSET 0';
/** How a list is ordered: the column (of `c`), its bare name, its name in the list's select list. */
const LIST_SORTS = {
  updatedAt: { column: 'c.updated_at', bare: 'updated_at', alias: '"updatedAt"' },
  createdAt: { column: 'c.created_at', bare: 'created_at', alias: '"createdAt"' },
  title: { column: 'c.title', bare: 'title', alias: 'title' },
} as const;
type ListSort = (typeof LIST_SORTS)[keyof typeof LIST_SORTS] & { order: string };
/** Beyond this many matches a search page walks the cases in page order instead of the n-gram index. */
const SEARCH_INDEX_LIMIT = 100;

/** The case list and its search: filters, full-text terms, sort and page. */
@Injectable()
export class CaseQueryService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: CaseAccessPolicy,
  ) {}

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
    const termParams = terms.map((term) => p(term));
    const textChecks = termParams.map((term) => `strpos(s.search_text, ${term}) > 0`);
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
    // The matches, through case_search_matches (migration 1763754300000): under row-level security
    // `@>` cannot use the n-gram index directly. It checks the terms itself, so only the matches'
    // texts are read (joined to the candidates, PostgreSQL read every text of the council).
    const allGrams = [...new Set(terms.flatMap((term) => queryGrams(term)))];
    const fromSql = `case_search_matches(${p(allGrams)}::text[], ARRAY[${termParams.join(', ')}]::text[]) m
                     JOIN case_file c ON c.id = m.case_id`;
    // Walking in page order, each case's text is read as the walk reaches it and the walk stops at
    // the page (a plain join would make PostgreSQL check every case's text first).
    const walkFromSql = `case_file c CROSS JOIN LATERAL (${SEARCH_TEXT_OF_C}) s`;
    // A text search checks every candidate row's n-grams and text (TOASTed, ~50 µs a row): counting
    // a search that matches most of 10,000 cases took ~0.7 s. Searches count up to a cap (at least
    // past the page asked for) and say "N件以上"; plain lists count exactly (no per-row detoasting).
    // A search's statements depend on its terms' selectivity and stay unnamed (planned each time).
    const cap = Math.max(SEARCH_COUNT_CAP, page * pageSize);
    const [{ total: counted }] = (await this.ds.query(
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM ${fromSql} WHERE ${filterSql} LIMIT ${cap + 1}) n`,
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
      `SELECT r.*
         FROM (SELECT c.id FROM ${walkInOrder ? walkFromSql : fromSql}
                WHERE ${walkInOrder ? textSql : filterSql}
                ORDER BY ${sort.column} ${sort.order}, c.id
                LIMIT ${limit}::int OFFSET ${offset}::int) pg
         CROSS JOIN LATERAL (${LIST_ROW_OF_PG}) r
        ORDER BY r.${sort.alias} ${sort.order}, r.id`,
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
           SELECT r.*
             FROM (SELECT c.id FROM case_file c WHERE ${filterSql}
                    ORDER BY ${sort.column} ${sort.order}, c.id
                    LIMIT ${limit}::int OFFSET ${offset}::int) pg
             CROSS JOIN LATERAL (${LIST_ROW_OF_PG}) r) p ON true
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
           FROM (SELECT c.id, c.council_id, ${sort.column} FROM case_file c WHERE ${filterSql}
                  ORDER BY ${sort.column} ${sort.order}, c.id LIMIT ${SEARCH_PROBE_ROWS}) c
          CROSS JOIN LATERAL (${SEARCH_TEXT_OF_C}) s
          WHERE ${textChecks.join(' AND ')}
          ORDER BY c.${bare} ${sort.order}, c.id
          LIMIT ${SEARCH_COUNT_CAP + 1}
       ), n AS (SELECT count(*)::int AS matched FROM matched)
       SELECT n.matched, p.*
         FROM n
         LEFT JOIN LATERAL (
           SELECT r.*
             FROM (SELECT id FROM matched ORDER BY ${bare} ${sort.order}, id
                    LIMIT ${limit}::int OFFSET ${offset}::int) pg
             CROSS JOIN LATERAL (${LIST_ROW_OF_PG}) r) p ON n.matched > ${SEARCH_COUNT_CAP}
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
}

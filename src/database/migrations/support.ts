import type { QueryRunner } from 'typeorm';

/*
 * SQL that several migrations run. The migrations have been applied in deployments and a fresh database
 * must still come out the same: never change what a helper here sends to the database (a function body's
 * text included, which PostgreSQL keeps as written). A migration that needs something else gets a new
 * helper or writes its own SQL.
 */

/**
 * The columns of an entity extending `Versioned` (src/database/base-entities.ts): the row's version for
 * optimistic locking, when it was made and when last changed. Written last in a CREATE TABLE's columns.
 */
export const VERSIONED_COLUMNS = `version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()`;

/**
 * The first columns of a row that a council owns (see 1763753000000-tenancy): its uuid key, made by the
 * database, and the council.
 */
export const UUID_KEY_AND_COUNCIL = `id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        council_id smallint NOT NULL REFERENCES municipality(id)`;

/**
 * The first columns of a row that belongs to another (a section of a case, a file of an agenda item): its
 * uuid key, made by the database, and `column`, the row of `parent` it belongs to and is deleted with.
 */
export function childRowColumns(column: string, parent: string): string {
  return `id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ${column} uuid NOT NULL REFERENCES ${parent}(id) ON DELETE CASCADE`;
}

/** Who made a row that is never changed afterwards (a version, a snapshot, an entry), and when. */
export const CREATED_BY_COLUMNS = `created_by_id uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()`;

/** The council of the connection (empty or unset → NULL: no council-owned row matches). */
export const COUNCIL_SETTING = `nullif(current_setting('app.council_id', true), '')::smallint`;

/**
 * The rows of the connection's council, by `column`. `orNoCouncil`: also the rows without a council when the
 * connection has none (the audit log's deployment-level entries, the platform administrator's account).
 */
export function councilMatch(column: string, orNoCouncil = false): string {
  return orNoCouncil ? `${column} IS NOT DISTINCT FROM ${COUNCIL_SETTING}` : `${column} = ${COUNCIL_SETTING}`;
}

/** The `council_isolation` policy of a table: a connection sees and writes the rows that `match` only. */
export async function createCouncilPolicy(q: QueryRunner, table: string, match: string): Promise<void> {
  await q.query(`CREATE POLICY council_isolation ON ${table} USING (${match}) WITH CHECK (${match})`);
}

/** Row-level security on and forced (the owner is bound too), with the `council_isolation` policy. */
export async function isolateByCouncil(
  q: QueryRunner,
  table: string,
  match = councilMatch('council_id'),
): Promise<void> {
  await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
  await createCouncilPolicy(q, table, match);
}

/** Undoes `isolateByCouncil`: the policy dropped, row-level security off. */
export async function endCouncilIsolation(q: QueryRunner, table: string): Promise<void> {
  await q.query(`DROP POLICY council_isolation ON ${table}`);
  await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY`);
}

/** An SQL function the application role calls to do what row-level security would not let it do itself. */
export interface OwnerFunction {
  name: string;
  /** The parameters, as in CREATE FUNCTION (defaults included). */
  args: string;
  returns: string;
  /** The planner's estimate of the rows a set-returning function returns. */
  rows?: number;
  /** The query, between `$$ ` and ` $$`. */
  body: string;
}

/**
 * Creates an owner's function: SECURITY DEFINER (the policies do not apply inside, so it must apply the
 * council condition itself, from the connection's setting, never from an argument), the search path pinned,
 * and not executable by PUBLIC (the application role is granted EXECUTE by ensureAppRole).
 */
export async function createOwnerFunction(q: QueryRunner, f: OwnerFunction): Promise<void> {
  await q.query(ownerFunctionSql('CREATE', f));
  // The signature without the parameters' defaults, which REVOKE does not take.
  await q.query(`REVOKE ALL ON FUNCTION ${f.name}(${f.args.replace(/ DEFAULT [^,]+/g, '')}) FROM PUBLIC`);
}

/** Gives an existing owner's function a new body (its grants stay as they were). */
export async function replaceOwnerFunction(q: QueryRunner, f: OwnerFunction): Promise<void> {
  await q.query(ownerFunctionSql('CREATE OR REPLACE', f));
}

function ownerFunctionSql(create: string, f: OwnerFunction): string {
  return `
      ${create} FUNCTION ${f.name}(${f.args}) RETURNS ${f.returns}
        LANGUAGE sql STABLE SECURITY DEFINER${f.rows ? ` ROWS ${f.rows}` : ''} SET search_path = public, pg_temp
        AS $$ ${f.body} $$`;
}

/** An owner's function that finds cases in case_search: its name and parameters, and what it looks for. */
interface CaseSearchFunction {
  name: string;
  args: string;
  /** SQL on the case's search row `s`, after `AND`. */
  condition: string;
}

/** The cases of the connection's council (the condition of the policy, applied inside) that meet `condition`. */
export function caseSearchFunction({ name, args, condition }: CaseSearchFunction): OwnerFunction {
  return {
    name,
    args,
    returns: 'TABLE (case_id uuid)',
    rows: 100,
    body: `SELECT s.case_id FROM case_search s
               WHERE s.council_id = ${COUNCIL_SETTING}
                 AND ${condition}`,
  };
}

/**
 * `case_search_candidates(grams)`: the cases of the connection's council whose n-grams contain `grams`
 * (made by 1763754100000; 1763754300000 replaces it with `case_search_matches`, its down puts this one back).
 */
export const CASE_SEARCH_CANDIDATES = caseSearchFunction({
  name: 'case_search_candidates',
  args: 'grams text[]',
  condition: 's.search_grams @> grams',
});

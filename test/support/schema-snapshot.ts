/** Runs one query, returning its rows (a TypeORM QueryRunner's `query`, or a pg client's wrapped). */
export type RowsQuery = (sql: string) => Promise<{ line: string }[]>;

/**
 * The schemas a snapshot covers: every one but PostgreSQL's own (public, and any the product or an
 * extension adds).
 */
const appSchema = (column: string) =>
  `${column} NOT IN ('pg_catalog', 'information_schema') AND ${column} NOT LIKE 'pg\\_toast%' AND ${column} NOT LIKE 'pg\\_temp\\_%'`;

/** Not a member of an extension (its objects are stood for by the extension's name and version). */
const notInExtension = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

/** An ACL as sorted text ('default' when never granted or revoked: NULL). */
const acl = (column: string) =>
  `coalesce((SELECT string_agg(a::text, ' ' ORDER BY a::text) FROM unnest(${column}) a), 'default')`;

/**
 * One line of text per catalog entry, each starting with its kind and object name; sorted.
 * Every query returns a column `line`.
 */
const QUERIES: string[] = [
  `SELECT 'schema ' || n.nspname || ' acl=' || ${acl('n.nspacl')} AS line
     FROM pg_namespace n WHERE ${appSchema('n.nspname')}`,
  `SELECT 'extension ' || e.extname || ' ' || e.extversion || ' in ' || n.nspname AS line
     FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace`,
  // Tables, views, sequences, …: kind, row-level security, options, grants.
  `SELECT 'relation ' || n.nspname || '.' || c.relname || ' kind=' || c.relkind::text
          || ' persistence=' || c.relpersistence::text
          || ' rls=' || c.relrowsecurity || ' force_rls=' || c.relforcerowsecurity
          || ' options=' || coalesce(array_to_string(c.reloptions, ','), '')
          || ' acl=' || ${acl('c.relacl')} AS line
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${appSchema('n.nspname')}
      AND ${notInExtension('pg_class', 'c.oid')}`,
  // Columns, without their place in the table: a down that puts back a column its up dropped can only
  // add it at the end (ALTER TABLE has no way to place it), which is the same schema to every query
  // naming its columns.
  `SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname
          || ' ' || format_type(a.atttypid, a.atttypmod)
          || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END
          || coalesce(' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid), '')
          || CASE a.attidentity WHEN '' THEN '' ELSE ' identity=' || a.attidentity::text END
          || CASE a.attgenerated WHEN '' THEN '' ELSE ' generated=' || a.attgenerated::text END
          || coalesce(' collate ' || nullif(co.collname, 'default'), '')
          || CASE WHEN a.attacl IS NULL THEN '' ELSE ' acl=' || ${acl('a.attacl')} END AS line
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
     LEFT JOIN pg_collation co ON co.oid = a.attcollation
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND ${appSchema('n.nspname')} AND ${notInExtension('pg_class', 'c.oid')}`,
  `SELECT 'view ' || n.nspname || '.' || c.relname || ' ' || pg_get_viewdef(c.oid) AS line
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('v', 'm') AND ${appSchema('n.nspname')} AND ${notInExtension('pg_class', 'c.oid')}`,
  `SELECT 'sequence ' || schemaname || '.' || sequencename || ' ' || data_type || ' start=' || start_value
          || ' min=' || min_value || ' max=' || max_value || ' inc=' || increment_by
          || ' cycle=' || cycle || ' cache=' || cache_size AS line
     FROM pg_sequences WHERE ${appSchema('schemaname')}`,
  `SELECT 'constraint ' || n.nspname || '.' || c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) AS line
     FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${appSchema('n.nspname')}`,
  `SELECT 'index ' || pg_get_indexdef(i.indexrelid)
          || CASE WHEN i.indisvalid THEN '' ELSE ' (invalid)' END AS line
     FROM pg_index i
     JOIN pg_class c ON c.oid = i.indexrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${appSchema('n.nspname')} AND ${notInExtension('pg_class', 'i.indrelid')}`,
  `SELECT 'policy ' || schemaname || '.' || tablename || ' ' || policyname || ' ' || permissive
          || ' roles=' || array_to_string(roles, ',') || ' cmd=' || cmd
          || ' using=' || coalesce(qual, '-') || ' check=' || coalesce(with_check, '-') AS line
     FROM pg_policies WHERE ${appSchema('schemaname')}`,
  `SELECT 'trigger ' || n.nspname || '.' || c.relname || ' ' || pg_get_triggerdef(t.oid)
          || ' enabled=' || t.tgenabled::text AS line
     FROM pg_trigger t
     JOIN pg_class c ON c.oid = t.tgrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT t.tgisinternal AND ${appSchema('n.nspname')}`,
  // Functions (and procedures) other than an extension's: the whole definition, then the grants.
  `SELECT 'function ' || p.oid::regprocedure::text || ' acl=' || ${acl('p.proacl')}
          || E'\\n' || pg_get_functiondef(p.oid) AS line
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE p.prokind IN ('f', 'p') AND ${appSchema('n.nspname')} AND ${notInExtension('pg_proc', 'p.oid')}`,
  `SELECT 'aggregate ' || p.oid::regprocedure::text || ' acl=' || ${acl('p.proacl')} AS line
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE p.prokind = 'a' AND ${appSchema('n.nspname')} AND ${notInExtension('pg_proc', 'p.oid')}`,
  // Enums, domains and stand-alone composite types.
  `SELECT 'type ' || t.oid::regtype::text || ' kind=' || t.typtype::text
          || coalesce(' labels=' || (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                                        FROM pg_enum e WHERE e.enumtypid = t.oid), '')
          || CASE WHEN t.typtype = 'd' THEN ' base=' || format_type(t.typbasetype, t.typtypmod)
                  || ' notnull=' || t.typnotnull || coalesce(' default=' || t.typdefault, '') ELSE '' END AS line
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c'
            AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
      AND ${appSchema('n.nspname')} AND ${notInExtension('pg_type', 't.oid')}`,
  `SELECT 'default_acl ' || pg_get_userbyid(d.defaclrole) || ' ' || coalesce(n.nspname, '*') || ' '
          || d.defaclobjtype::text || ' ' || ${acl('d.defaclacl')} AS line
     FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace`,
];

/**
 * The database's schema as sorted lines of text, read from the catalog (pg_dump may not match the
 * server's version): schemas, extensions, tables and other relations (row-level security, grants),
 * columns (type, nullability, default), constraints, indexes, policies, triggers, functions (their
 * definitions and grants), types and default privileges.
 */
export async function schemaSnapshot(query: RowsQuery): Promise<string[]> {
  const lines: string[] = [];
  for (const sql of QUERIES) {
    for (const { line } of await query(sql)) lines.push(line);
  }
  return lines.sort();
}

/**
 * What differs between two snapshots, readable: `- line` only in `expected`, `+ line` only in `actual`,
 * the two versions of one object next to each other. Empty when the snapshots are equal.
 */
export function snapshotDiff(expected: string[], actual: string[]): string {
  const inActual = new Set(actual);
  const inExpected = new Set(expected);
  const out = [
    ...expected.filter((l) => !inActual.has(l)).map((l) => ({ l, sign: '-' })),
    ...actual.filter((l) => !inExpected.has(l)).map((l) => ({ l, sign: '+' })),
  ];
  out.sort((a, b) => (a.l < b.l ? -1 : a.l > b.l ? 1 : a.sign < b.sign ? -1 : 1));
  return out.map(({ l, sign }) => `${sign} ${l.replace(/\n/g, `\n${sign}   `)}`).join('\n');
}

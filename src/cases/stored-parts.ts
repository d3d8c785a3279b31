import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import type { BasisRef } from './case-aggregate';
import type { SectionKind } from './case-kinds';
import type { Clause } from './clause-set.entity';

/** A sheet as stored: what a save keeps when it does not send the sheets again. */
export interface StoredSection {
  id: string;
  kind: SectionKind;
  legalBasisId: string;
  payload: Record<string, unknown>;
}

/** What a save checks its content against. */
export interface StoredParts {
  /** The case's bases, in order. */
  basisIds: string[];
  sections: StoredSection[];
  columnKeys: string[];
  rowIds: string[];
  /** The catalog's bases the case or the save refers to. */
  bases: BasisRef[];
  /** The clause-set versions the case's sheets or the save refer to. */
  clauseSetVersions: { id: string; clauses: Clause[] }[];
  /** md5 of the stored search text (null: none stored yet). */
  searchDigest: string | null;
}

/**
 * One statement instead of six round trips (four child tables, the bases and the clause versions):
 * on these machines each round trip costs the app and PostgreSQL more CPU than the queries
 * themselves. `$2`/`$3` are the ids the save itself names, looked up with the stored ones.
 */
const STORED_PARTS_SQL = `
WITH basis_ids AS (
  SELECT legal_basis_id AS id FROM case_legal_basis WHERE case_id = $1
  UNION SELECT legal_basis_id FROM case_section WHERE case_id = $1
  UNION SELECT unnest($2::uuid[])
), version_ids AS (
  SELECT clause_set_version_id AS id FROM case_section WHERE case_id = $1 AND clause_set_version_id IS NOT NULL
  UNION SELECT unnest($3::uuid[])
)
SELECT
  COALESCE((SELECT array_agg(x.legal_basis_id ORDER BY x.position) FROM case_legal_basis x WHERE x.case_id = $1),
           '{}') AS basis_ids,
  COALESCE((SELECT json_agg(json_build_object('id', s.id, 'kind', s.kind, 'legalBasisId', s.legal_basis_id,
                                              'payload', s.payload) ORDER BY s.position)
              FROM case_section s WHERE s.case_id = $1), '[]') AS sections,
  COALESCE((SELECT array_agg(k.key ORDER BY k.position) FROM case_item_column k WHERE k.case_id = $1), '{}')
    AS column_keys,
  COALESCE((SELECT array_agg(r.id) FROM case_item_row r WHERE r.case_id = $1), '{}') AS row_ids,
  COALESCE((SELECT json_agg(json_build_object(
                     'id', b.id, 'code', b.code, 'ordinance', b.ordinance, 'article', b.article,
                     'shortName', b.short_name, 'procedure', b.procedure, 'sectionKind', b.section_kind,
                     'outsourcingSubtypes', b.outsourcing_subtypes, 'retired', b.retired))
              FROM legal_basis b WHERE b.id IN (SELECT id FROM basis_ids)), '[]') AS bases,
  COALESCE((SELECT json_agg(json_build_object('id', v.id, 'clauses', v.clauses))
              FROM clause_set_version v WHERE v.id IN (SELECT id FROM version_ids)), '[]') AS versions,
  (SELECT md5(search_text) FROM case_search WHERE case_id = $1) AS search_digest`;

interface StoredPartsRow {
  basis_ids: string[];
  sections: StoredSection[];
  column_keys: string[];
  row_ids: string[];
  bases: BasisRef[];
  versions: { id: string; clauses: Clause[] }[];
  search_digest: string | null;
}

/** The stored parts of a case (inside the saving transaction, after its row is locked). */
export async function loadStoredParts(
  m: EntityManager,
  caseId: string,
  named: { basisIds: string[]; clauseSetVersionIds: (string | null)[] },
): Promise<StoredParts> {
  const [r] = await preparedQuery<StoredPartsRow>(m, STORED_PARTS_SQL, [
    caseId,
    [...new Set(named.basisIds.filter(Boolean))],
    [...new Set(named.clauseSetVersionIds.filter((v): v is string => Boolean(v)))],
  ]);
  return {
    basisIds: r.basis_ids,
    sections: r.sections,
    columnKeys: r.column_keys,
    rowIds: r.row_ids,
    bases: r.bases,
    clauseSetVersions: r.versions,
    searchDigest: r.search_digest,
  };
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogSeed } from '../../cases/case-seed';

/**
 * The shipped catalogues a council starts from (`seeds/catalogues/<code>.json`, format in
 * seeds/catalogues/README.md): legal bases (条例・法の根拠) and categorical consultations. The standard
 * clause sets (`standard-clause-sets.json`) are loaded with every catalogue. `{municipality}` in an
 * ordinance name becomes the council's municipality name.
 */
export interface ShippedCatalogue extends CatalogSeed {
  code: string;
  title: string;
  description: string;
}

export const CATALOGUES_DIR = 'catalogues';
export const STANDARD_CLAUSE_SETS = 'standard-clause-sets';
const CODE = /^[a-z0-9][a-z0-9-]{0,62}$/;

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** The catalogues one can choose from, in file-name order. */
export function listCatalogues(seedsDir: string): { code: string; title: string; description: string }[] {
  const dir = join(seedsDir, CATALOGUES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== `${STANDARD_CLAUSE_SETS}.json`)
    .sort()
    .map((f) => {
      const { code, title, description } = readJson<ShippedCatalogue>(join(dir, f));
      return { code, title, description };
    });
}

/** One catalogue with `{municipality}` filled in, or null when no such catalogue is shipped. */
export function readCatalogue(seedsDir: string, code: string, municipality: string): CatalogSeed | null {
  if (!CODE.test(code) || code === STANDARD_CLAUSE_SETS) return null;
  const file = join(seedsDir, CATALOGUES_DIR, `${code}.json`);
  if (!existsSync(file)) return null;
  const c = readJson<ShippedCatalogue>(file);
  return {
    legalBases: c.legalBases.map((b) => ({
      ...b,
      ordinance: b.ordinance.replaceAll('{municipality}', municipality),
    })),
    categoricalConsultations: (c.categoricalConsultations ?? []).map((x) => ({
      ...x,
      criteria: Object.fromEntries(
        Object.entries(x.criteria).map(([k, v]) => [
          k,
          typeof v === 'string' ? v.replaceAll('{municipality}', municipality) : v,
        ]),
      ),
    })),
    clauseSets: readJson<CatalogSeed>(join(seedsDir, CATALOGUES_DIR, `${STANDARD_CLAUSE_SETS}.json`))
      .clauseSets,
  };
}

/**
 * The sample council's catalogue: the Shinjuku-style catalogue for the sample municipality, plus the
 * entries of `seeds/case-catalog.json` (the articles of the Odawara ordinance whose 70th meeting the
 * sample replays). Tests and benches that load the sample catalogue without a council use this.
 */
export function sampleCatalogue(seedsDir: string): CatalogSeed {
  const { municipality } = readJson<{ municipality: { name: string } }>(join(seedsDir, 'foundation.json'));
  const base = readCatalogue(seedsDir, SAMPLE_CATALOGUE, municipality.name);
  if (!base) throw new Error(`seeds/${CATALOGUES_DIR}/${SAMPLE_CATALOGUE}.json is missing`);
  const extra = readJson<CatalogSeed>(join(seedsDir, 'case-catalog.json'));
  return {
    legalBases: [...base.legalBases, ...extra.legalBases],
    categoricalConsultations: [
      ...(base.categoricalConsultations ?? []),
      ...(extra.categoricalConsultations ?? []),
    ],
    clauseSets: [...(base.clauseSets ?? []), ...(extra.clauseSets ?? [])],
  };
}

/** The catalogue the sample council is set up with. */
export const SAMPLE_CATALOGUE = 'ordinance-shinjuku-style';

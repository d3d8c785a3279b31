import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { CouncilRestoreErrors } from '../database/council-barrier';
import { enterCouncil, runInCouncil, setRequestCouncil } from '../database/council-context';

/** A council's name in public URLs: lower-case ASCII letters, digits and inner hyphens. */
export const COUNCIL_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** Path words of the portal itself (the old `/public/minutes/…` URLs, the API document). */
export const RESERVED_COUNCIL_SLUGS: ReadonlySet<string> = new Set([
  'api',
  'minutes',
  'replies',
  'search',
  'assets',
]);

/** What the public side knows of a council. */
export interface PublicCouncil {
  id: number;
  slug: string;
  name: string;
  councilName: string;
}

export const PublicErrors = {
  councilNotFound: () =>
    new AppError('PUBLIC_COUNCIL_NOT_FOUND', 404, '指定された審議会は見つかりません。URL をご確認ください。'),
  notPublished: (what: string) => new AppError('NOT_FOUND', 404, `指定された${what}は公開されていません。`),
};

interface CouncilRow {
  id: number;
  slug: string;
  name: string;
  council_name: string;
  state: string;
}

/**
 * A council's portal is there while it is active: a suspended one has none (404), one being restored
 * is back shortly (503, with Retry-After).
 */
function usable(row: CouncilRow | undefined): asserts row is CouncilRow {
  if (row?.state === 'restoring') throw CouncilRestoreErrors.restoring();
  if (row?.state !== 'active') throw PublicErrors.councilNotFound();
}

/** Every council with a portal (a suspended council has none while suspended), by name. */
export async function publicCouncils(m: EntityManager): Promise<PublicCouncil[]> {
  const rows: { id: number; slug: string; name: string; council_name: string }[] = await m.query(
    `SELECT id, slug, name, council_name FROM municipality WHERE state = 'active' ORDER BY id`,
  );
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, councilName: r.council_name }));
}

/**
 * The one place a public request learns its council: every portal page, feed and API answer runs
 * its reads here, in one read-only transaction, with the council its URL names (404 otherwise).
 * The council's row-level security context (`SET LOCAL` of the council id) belongs right here,
 * after the council is known and before `work` reads anything.
 */
export async function publicRead<T>(
  ds: DataSource,
  slug: string,
  work: (m: EntityManager, council: PublicCouncil) => Promise<T>,
): Promise<T> {
  if (!COUNCIL_SLUG_PATTERN.test(slug)) throw PublicErrors.councilNotFound();
  return ds.transaction('READ COMMITTED', async (m) => {
    await m.query('SET TRANSACTION READ ONLY');
    const [row]: CouncilRow[] = await m.query(
      `SELECT id, slug, name, council_name, state FROM municipality WHERE slug = $1`,
      [slug],
    );
    usable(row);
    // From here the transaction reads as that council: row-level security shows its rows only.
    await enterCouncil(m, row.id);
    return work(m, { id: row.id, slug: row.slug, name: row.name, councilName: row.council_name });
  });
}

/** How long an instance trusts what it cached of a council (the API's answers are cached as long). */
export const PUBLIC_CACHE_MS = 60_000;

const councilCache = new Map<string, { council: PublicCouncil; at: number }>();

/**
 * Forgets what this instance cached of the councils (a council was suspended, renamed or given
 * another URL name); other instances forget it within PUBLIC_CACHE_MS.
 */
export function forgetCachedPublicCouncils(): void {
  councilCache.clear();
}

/** The council a slug names, from this instance's cache (≤ PUBLIC_CACHE_MS old); 404 when none. */
export async function cachedCouncil(ds: DataSource, slug: string): Promise<PublicCouncil> {
  if (!COUNCIL_SLUG_PATTERN.test(slug)) throw PublicErrors.councilNotFound();
  const hit = councilCache.get(slug);
  if (hit && Date.now() - hit.at < PUBLIC_CACHE_MS) return hit.council;
  const [row]: CouncilRow[] = await ds.query(
    `SELECT id, slug, name, council_name, state FROM municipality WHERE slug = $1`,
    [slug],
  );
  usable(row);
  const council = { id: row.id, slug: row.slug, name: row.name, councilName: row.council_name };
  councilCache.set(slug, { council, at: Date.now() });
  return council;
}

/**
 * For a read that is one statement (the search): the council from the cache, and `work` runs on a
 * pooled connection that carries the council's row-level security setting, outside a transaction
 * (one statement reads one snapshot): one round trip instead of six.
 */
export async function publicQuery<T>(
  ds: DataSource,
  slug: string,
  work: (m: EntityManager, council: PublicCouncil) => Promise<T>,
): Promise<T> {
  const council = await cachedCouncil(ds, slug);
  return runInCouncil(council.id, () => work(ds.manager, council));
}

/**
 * Before the guard, for the open API (`/public/:slug/api/…`): the request's council is the one its
 * URL names, from the cache, so the guard need not look up the deployment's sole council for an
 * anonymous request, and the pooled connection keeps the setting the read will ask for (one round
 * trip for a search instead of four). An unknown slug is left to the route (404); a logged-in
 * user's token still sets the user's own council, as before. Every read still names its council.
 */
export async function enterPublicCouncilOfUrl(ds: DataSource, slug: string): Promise<void> {
  const council = await cachedCouncil(ds, slug).catch(() => null);
  if (council) setRequestCouncil(council.id);
}

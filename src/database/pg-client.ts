import pg from 'pg';

/**
 * A connection of its own, outside the pool (backups, restores, the role set-up). A pg client
 * that loses its server both fails its queries and emits 'error'; an 'error' event nobody listens
 * to ends the process, so a database restarting during a scheduled backup took the whole
 * application down with it. The listener is there from the start: the failed query (or connect)
 * reports the error to its caller, which is where it is handled.
 */
export async function connectClient(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

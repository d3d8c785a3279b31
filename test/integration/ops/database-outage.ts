import { makeUser } from '../../support/factories';
import { onCluster } from '../../support/test-db';
import { childAppSuite, loginAt, openDataSource, type ChildApp } from './child-app';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What one request got: its status, content type and body. */
export interface Answer {
  what: string;
  status: number;
  type: string;
  body: string;
}

export async function answerOf(what: string, res: Response): Promise<Answer> {
  return { what, status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/**
 * A child app on its own test database, which the test can take away: `setConnections(false)`
 * makes the database refuse connections and terminates its sessions (the shared cluster keeps
 * running); `setConnections(true)` lets it back. The teardown always lets it back first.
 */
export function outageSuite() {
  const suite = childAppSuite({ beforeTearDown: () => setConnections(true).catch(() => undefined) });

  async function setConnections(allow: boolean): Promise<void> {
    await onCluster(async (c) => {
      await c.query(`ALTER DATABASE ${suite.db.name} WITH ALLOW_CONNECTIONS ${allow}`);
      if (!allow)
        await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
          suite.db.name,
        ]);
    });
  }

  /** Starts the app with a signed-in clerk; the checking DataSource is closed first (it would hold connections). */
  async function startWithClerk(): Promise<{
    app: ChildApp;
    auth: { Authorization: string };
    create: (title: string) => Promise<Response>;
  }> {
    const clerk = await makeUser(suite.ds, { role: 'clerk' });
    await suite.ds.destroy();
    const app = await suite.start();
    const auth = await loginAt(app.base, clerk.username, clerk.password);
    const json = { ...auth, 'content-type': 'application/json' };
    const create = (title: string) =>
      fetch(`${app.base}/api/cases`, { method: 'POST', headers: json, body: JSON.stringify({ title }) });
    return { app, auth, create };
  }

  /** The status of /api/health once it is 200, or the last one after a bounded wait. */
  async function waitHealthy(app: ChildApp, attempts = 100, everyMs = 100): Promise<number> {
    let health = 0;
    for (let i = 0; i < attempts && health !== 200; i++) {
      health = (await fetch(`${app.base}/api/health`)).status;
      if (health !== 200) await sleep(everyMs);
    }
    return health;
  }

  /** The titles of the cases in the database, oldest first (read on a connection of its own). */
  async function caseTitles(): Promise<string[]> {
    const check = await openDataSource(suite.db.url);
    try {
      const rows = (await check.query(`SELECT title FROM case_file ORDER BY created_at`)) as {
        title: string;
      }[];
      return rows.map((r) => r.title);
    } finally {
      await check.destroy();
    }
  }

  return { suite, setConnections, startWithClerk, waitHealthy, caseTitles };
}

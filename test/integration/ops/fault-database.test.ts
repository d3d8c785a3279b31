import { makeUser } from '../../support/factories';
import { onCluster } from '../../support/test-db';
import { childAppSuite, loginAt, openDataSource } from './child-app';

/**
 * PostgreSQL unavailable for about ten seconds while requests arrive (the test database stops
 * accepting connections and its sessions are terminated; the shared cluster keeps running):
 * every request gets a clear 503 problem+json in Japanese, the health endpoint reports the
 * database down, and the same process serves again once the database is back.
 */
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('answers 503 problem+json in Japanese while the database is away and recovers without a restart', async () => {
  const clerk = await makeUser(suite.ds, { role: 'clerk' });
  // the checking DataSource must not hold connections across the outage
  await suite.ds.destroy();
  const app = await suite.start();
  const pid = app.proc.pid;
  const auth = await loginAt(app.base, clerk.username, clerk.password);
  const json = { ...auth, 'content-type': 'application/json' };
  const create = (title: string) =>
    fetch(`${app.base}/api/cases`, { method: 'POST', headers: json, body: JSON.stringify({ title }) });
  const first = await create('停止前の事案');
  expect(first.status).toBe(201);
  const { id } = (await first.json()) as { id: string };

  await setConnections(false);
  const seen: { what: string; status: number; type: string; body: string }[] = [];
  // about ten seconds of requests: reads, writes, the UI and the health check
  for (let round = 0; round < 10; round++) {
    const started = Date.now();
    const probes: [string, Promise<Response>][] = [
      ['read', fetch(`${app.base}/api/cases/${id}`, { headers: auth })],
      ['list', fetch(`${app.base}/api/cases`, { headers: auth })],
      ['write', create(`停止中の事案${round}`)],
      [
        'ui',
        fetch(`${app.base}/cases`, {
          headers: { Cookie: `shingikai_session=${auth.Authorization.slice(7)}` },
        }),
      ],
      ['health', fetch(`${app.base}/api/health`)],
    ];
    for (const [what, p] of probes) {
      const res = await p;
      seen.push({
        what,
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        body: await res.text(),
      });
    }
    await sleep(Math.max(0, 1000 - (Date.now() - started)));
  }
  await setConnections(true);

  expect(seen.filter((s) => s.status !== 503)).toEqual([]);
  for (const s of seen.filter((x) => ['read', 'list', 'write'].includes(x.what))) {
    expect(s.type).toContain('application/problem+json');
    const body = JSON.parse(s.body) as { status: number; code: string; detail: string };
    expect(body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(body.detail).toBe('データベースに接続できません。しばらくしてからもう一度お試しください。');
    expect(s.body).not.toMatch(/accepting connections|terminat|ECONN|postgres/i);
  }
  for (const s of seen.filter((x) => x.what === 'ui')) {
    expect(s.type).toContain('text/html');
    expect(s.body).toContain('データベースに接続できません');
  }
  for (const s of seen.filter((x) => x.what === 'health')) {
    expect(s.type).toContain('application/problem+json');
    const body = JSON.parse(s.body) as { code: string; checks: { database: string } };
    expect(body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', checks: { database: 'down' } });
  }

  // back without a restart: the same process answers again (bounded wait for the pool to reconnect)
  let health = 0;
  for (let i = 0; i < 100 && health !== 200; i++) {
    health = (await fetch(`${app.base}/api/health`)).status;
    if (health !== 200) await sleep(100);
  }
  expect(health).toBe(200);
  expect(app.proc.pid).toBe(pid);
  expect(app.proc.exitCode).toBeNull();
  expect((await fetch(`${app.base}/api/cases/${id}`, { headers: auth })).status).toBe(200);
  expect((await create('復旧後の事案')).status).toBe(201);
  // nothing was written while the database was away
  const check = await openDataSource(suite.db.url);
  try {
    const titles = (
      (await check.query(`SELECT title FROM case_file ORDER BY created_at`)) as { title: string }[]
    ).map((r) => r.title);
    expect(titles).toEqual(['停止前の事案', '復旧後の事案']);
  } finally {
    await check.destroy();
  }
});

import { makeUser } from '../../support/factories';
import { onCluster } from '../../support/test-db';
import { childAppSuite, loginAt, openDataSource } from './child-app';

/**
 * The database's sessions are terminated while requests are running, again and again (a restart
 * or a failover as the application sees it). Every request either succeeds or gets the 503
 * problem+json; none gets a 500, and the process never dies. Before, one 'error' event of a
 * pooled connection at the wrong moment ended the process, and a transaction whose connection
 * failed between two queries answered 500.
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

/** The errors the application logged and answered with a 500 (type, message and stack). */
function unrecognised(output: string): string[] {
  return output
    .split('\n')
    .filter((l) => l.includes('"msg":"request failed"') && l.includes('"problem":"INTERNAL_ERROR"'))
    .map((l) => {
      const err = (
        JSON.parse(l) as { err?: { type?: string; code?: string; message?: string; stack?: string } }
      ).err;
      return `${err?.type} ${err?.code}: ${err?.message}\n${err?.stack?.slice(0, 1500)}`;
    });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CYCLES = 40;

it('survives sessions terminated under running requests: every answer is a success or a 503, never a 500', async () => {
  const clerk = await makeUser(suite.ds, { role: 'clerk' });
  await suite.ds.destroy();
  const app = await suite.start();
  const pid = app.proc.pid;
  const auth = await loginAt(app.base, clerk.username, clerk.password);
  const json = { ...auth, 'content-type': 'application/json' };
  const create = (title: string) =>
    fetch(`${app.base}/api/cases`, { method: 'POST', headers: json, body: JSON.stringify({ title }) });
  const { id } = (await (await create('停止前の事案')).json()) as { id: string };

  const answers: { what: string; status: number; type: string; body: string }[] = [];
  const created: string[] = [];
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    // every pooled connection busy once, so the pool holds several when the sessions end
    await Promise.all([1, 2, 3, 4, 5, 6].map(() => fetch(`${app.base}/api/cases/${id}`, { headers: auth })));
    const outage = setConnections(false);
    const probes: [string, string, Promise<Response>][] = [];
    for (let k = 0; k < 6; k++) {
      probes.push(['read', '', fetch(`${app.base}/api/cases/${id}`, { headers: auth })]);
      probes.push(['list', '', fetch(`${app.base}/api/cases`, { headers: auth })]);
      const title = `停止中の事案${cycle}-${k}`;
      probes.push(['write', title, create(title)]);
      await sleep(k * 3);
    }
    await outage;
    for (const [what, title, pending] of probes) {
      // a process that died answers nothing: fetch rejects and the test fails here
      const res = await pending;
      answers.push({
        what,
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        body: await res.text(),
      });
      if (what === 'write' && res.status === 201) created.push(title);
    }
    await setConnections(true);
    let health = 0;
    for (let i = 0; i < 100 && health !== 200; i++) {
      health = (await fetch(`${app.base}/api/health`)).status;
      if (health !== 200) await sleep(50);
    }
    expect(health).toBe(200);
  }

  expect(app.proc.pid).toBe(pid);
  expect(app.proc.exitCode).toBeNull();
  const faults = answers.filter((a) => ![200, 201, 503].includes(a.status));
  // for a failure: what the application logged of the errors it answered with a 500
  if (faults.length > 0) console.log(unrecognised(app.output()));
  expect(faults).toEqual([]);
  const refused = answers.filter((a) => a.status === 503);
  // the outages did reach running requests (else this test proves nothing)
  expect(refused.length).toBeGreaterThan(CYCLES);
  for (const a of refused) {
    expect(a.type).toContain('application/problem+json');
    expect(JSON.parse(a.body)).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(a.body).not.toMatch(/terminat|EPIPE|queryable|released|postgres/i);
  }
  // what was answered 201 was written
  const check = await openDataSource(suite.db.url);
  try {
    const titles = new Set(
      ((await check.query(`SELECT title FROM case_file`)) as { title: string }[]).map((r) => r.title),
    );
    expect(created.filter((t) => !titles.has(t))).toEqual([]);
  } finally {
    await check.destroy();
  }
});

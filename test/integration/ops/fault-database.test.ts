import { answerOf, outageSuite, sleep, type Answer } from './database-outage';

/**
 * PostgreSQL unavailable for about ten seconds while requests arrive (the test database stops
 * accepting connections and its sessions are terminated; the shared cluster keeps running):
 * every request gets a clear 503 problem+json in Japanese, the health endpoint reports the
 * database down, and the same process serves again once the database is back.
 */
const { setConnections, startWithClerk, waitHealthy, caseTitles } = outageSuite();

it('answers 503 problem+json in Japanese while the database is away and recovers without a restart', async () => {
  const { app, auth, create } = await startWithClerk();
  const pid = app.proc.pid;
  const first = await create('停止前の事案');
  expect(first.status).toBe(201);
  const { id } = (await first.json()) as { id: string };

  await setConnections(false);
  const seen: Answer[] = [];
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
      seen.push(await answerOf(what, await p));
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
  expect(await waitHealthy(app)).toBe(200);
  expect(app.proc.pid).toBe(pid);
  expect(app.proc.exitCode).toBeNull();
  expect((await fetch(`${app.base}/api/cases/${id}`, { headers: auth })).status).toBe(200);
  expect((await create('復旧後の事案')).status).toBe(201);
  // nothing was written while the database was away
  expect(await caseTitles()).toEqual(['停止前の事案', '復旧後の事案']);
});

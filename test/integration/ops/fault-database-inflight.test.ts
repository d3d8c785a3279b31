import { answerOf, outageSuite, sleep, type Answer } from './database-outage';

/**
 * The database's sessions are terminated while requests are running, again and again (a restart
 * or a failover as the application sees it). Every request either succeeds or gets the 503
 * problem+json; none gets a 500, and the process never dies. Before, one 'error' event of a
 * pooled connection at the wrong moment ended the process, and a transaction whose connection
 * failed between two queries answered 500.
 */

const { setConnections, startWithClerk, waitHealthy, caseTitles } = outageSuite();

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

const CYCLES = 40;

it('survives sessions terminated under running requests: every answer is a success or a 503, never a 500', async () => {
  const { app, auth, create } = await startWithClerk();
  const pid = app.proc.pid;
  const { id } = (await (await create('停止前の事案')).json()) as { id: string };

  const answers: Answer[] = [];
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
      answers.push(await answerOf(what, res));
      if (what === 'write' && res.status === 201) created.push(title);
    }
    await setConnections(true);
    expect(await waitHealthy(app, 100, 50)).toBe(200);
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
  const titles = new Set(await caseTitles());
  expect(created.filter((t) => !titles.has(t))).toEqual([]);
});

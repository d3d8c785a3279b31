import { NO_ANSWERS } from '../../support/case-fixtures';
import { makeUser } from '../../support/factories';
import { childAppSuite, loginAt } from './child-app';

/**
 * kill -9 of the app in the middle of a batch of writes, then a restart on the same database:
 * every acknowledged write is there, and nothing is half-written.
 */
const suite = childAppSuite({ signal: 'SIGKILL' });

const ANSWERS = {
  ...NO_ANSWERS,
  externalConnection: true,
  connectionForm: 'lgwan',
  outsourcing: true,
  outsourcingSubtypes: ['computerProcessing'],
};

interface Created {
  id: string;
  title: string;
  legalBasisIds: string[];
  sectionCount: number;
}

it('every acknowledged create and update survives kill -9, and no case is half-written', async () => {
  const clerk = await makeUser(suite.ds, { role: 'clerk' });
  let app = await suite.start();
  const auth = await loginAt(app.base, clerk.username, clerk.password);
  const json = { ...auth, 'content-type': 'application/json' };

  // two cases that updaters rewrite over and over
  const updTargets: { id: string; version: number; title: string }[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${app.base}/api/cases`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ title: `更新対象${i}`, answers: ANSWERS }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; version: number; title: string };
    updTargets.push({ id: body.id, version: body.version, title: body.title });
  }

  const created: Created[] = [];
  let killed = false;
  const base = app.base;
  const proc = app.proc;
  const killAfter = 30;

  const creator = async (w: number) => {
    for (let i = 0; i < 200 && !killed; i++) {
      const title = `強制終了テスト ${w}-${i}`;
      try {
        const res = await fetch(`${base}/api/cases`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ title, answers: ANSWERS }),
        });
        if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
        const body = (await res.json()) as { id: string; legalBases: { id: string }[]; sections: unknown[] };
        created.push({
          id: body.id,
          title,
          legalBasisIds: body.legalBases.map((b) => b.id),
          sectionCount: body.sections.length,
        });
        if (created.length >= killAfter && !killed) {
          killed = true;
          proc.kill('SIGKILL');
        }
      } catch (e) {
        if (!killed) throw e;
        return; // the connection died with the process: not acknowledged
      }
    }
  };
  const updater = async (t: { id: string; version: number; title: string }) => {
    for (let i = 0; i < 400 && !killed; i++) {
      const title = `更新 ${t.id.slice(0, 8)} 第${i}回`;
      try {
        const res = await fetch(`${base}/api/cases/${t.id}`, {
          method: 'PATCH',
          headers: json,
          body: JSON.stringify({ version: t.version, title }),
        });
        if (res.status !== 200) throw new Error(`update answered ${res.status}: ${await res.text()}`);
        const body = (await res.json()) as { version: number; title: string };
        t.version = body.version;
        t.title = body.title;
      } catch (e) {
        if (!killed) throw e;
        return;
      }
    }
  };
  await Promise.all([...[0, 1, 2, 3, 4, 5].map(creator), ...updTargets.map(updater)]);
  expect(killed).toBe(true);
  await new Promise<void>((r) =>
    proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', () => r()),
  );
  expect(proc.signalCode).toBe('SIGKILL');
  expect(created.length).toBeGreaterThanOrEqual(killAfter);

  // restart on the same database
  app = await suite.start();
  const auth2 = await loginAt(app.base, clerk.username, clerk.password);

  // every acknowledged create is there, whole, through the API
  const expectedBases = created[0].legalBasisIds.length;
  const expectedSections = created[0].sectionCount;
  expect(expectedBases).toBeGreaterThan(0);
  expect(expectedSections).toBeGreaterThan(0);
  for (const c of created) {
    const res = await fetch(`${app.base}/api/cases/${c.id}`, { headers: auth2 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { title: string; legalBases: { id: string }[]; sections: unknown[] };
    expect(body.title).toBe(c.title);
    expect(body.legalBases.map((b) => b.id)).toEqual(c.legalBasisIds);
    expect(body.sections).toHaveLength(c.sectionCount);
  }

  // nothing half-written: every case in the database (acknowledged or not) has all its parts,
  // its search text and exactly one audit record of its creation
  const rows: {
    id: string;
    bases: number;
    sections: number;
    columns: number;
    searchable: boolean;
    audits: number;
  }[] = await suite.ds.query(
    `SELECT c.id,
              (SELECT count(*)::int FROM case_legal_basis b WHERE b.case_id = c.id) AS bases,
              (SELECT count(*)::int FROM case_section s WHERE s.case_id = c.id) AS sections,
              (SELECT count(*)::int FROM case_item_column k WHERE k.case_id = c.id) AS columns,
              EXISTS (SELECT 1 FROM case_search s WHERE s.case_id = c.id AND s.search_text <> '') AS searchable,
              (SELECT count(*)::int FROM audit_log a WHERE a.target_id = c.id::text AND a.action = 'create') AS audits
         FROM case_file c`,
  );
  expect(rows.length).toBeGreaterThanOrEqual(created.length + 2);
  const broken = rows.filter(
    (r) =>
      r.bases !== expectedBases ||
      r.sections !== expectedSections ||
      r.columns === 0 ||
      !r.searchable ||
      r.audits !== 1,
  );
  expect(broken).toEqual([]);

  // every acknowledged update is visible (an update in flight at the kill may have committed too)
  for (const t of updTargets) {
    const res = await fetch(`${app.base}/api/cases/${t.id}`, { headers: auth2 });
    const body = (await res.json()) as { version: number; title: string };
    expect([t.version, t.version + 1]).toContain(body.version);
    if (body.version === t.version) expect(body.title).toBe(t.title);
  }

  // the audit chain is intact after the crash
  const [{ n }] = await suite.ds.query(`SELECT count(*)::int AS n FROM audit_log`);
  expect(n).toBeGreaterThan(created.length);
});

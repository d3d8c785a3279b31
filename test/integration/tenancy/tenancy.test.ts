import request from 'supertest';
import { CouncilSetupService } from '../../../src/council/setup/council-setup.service';
import { runInCouncil, setCouncilOutsideScopes } from '../../../src/database/council-context';
import { COUNCIL_TABLES, GLOBAL_TABLES } from '../../../src/database/council-tables';
import { nextSequence } from '../../../src/workflow/sequence';
import { councilSetupInput } from '../../support/councils';
import { login, makeDepartment, makeUser } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { makeCase, makeCouncilMember, submitAndAccept } from '../../support/workflow-factories';

type Auth = { Authorization: string };

interface Council {
  id: number;
  admin: Auth;
  secretariat: Auth;
  clerk: Auth;
  secretariatName: string;
  caseId: string;
  meetingId: string;
  receiptNumber: string;
}

let t: TestApp;
const councils: Record<'a' | 'b', Council> = {} as Record<'a' | 'b', Council>;

/** A council made the way an operator makes one (the setup service behind /setup and council:create). */
async function createCouncil(key: 'a' | 'b', municipality: string, caseTitle: string): Promise<Council> {
  const setup = t.app.get(CouncilSetupService);
  const created = await setup.create(councilSetupInput(key, municipality), {
    via: 'cli',
    additional: key === 'b',
  });
  const id = created.councilId;
  // The council's own people and rows, written in its context as a request of its users would be.
  const { departmentId, secretariatName, clerkName } = await runInCouncil(id, async () => {
    const department = await makeDepartment(t.appDs, { code: 'kikaku', name: '企画課' });
    const people = {
      secretariat: await makeUser(t.appDs, {
        username: `jimukyoku-${key}`,
        displayName: `事務局 ${key}`,
        role: 'secretariat',
      }),
      clerk: await makeUser(t.appDs, {
        username: `tanto-${key}`,
        displayName: `担当 ${key}`,
        role: 'clerk',
        departmentId: department.id,
      }),
    };
    await makeCouncilMember(t.appDs, { name: `委員 ${municipality}` });
    return {
      departmentId: department.id,
      secretariatName: people.secretariat.username,
      clerkName: people.clerk.username,
      clerkId: people.clerk.id,
    };
  });
  const bearer = async (name: string) => ({ Authorization: `Bearer ${await login(t.http, name)}` });
  const admin = await bearer(`admin-${key}`);
  const secretariat = await bearer(secretariatName);
  const clerk = await bearer(clerkName);
  const clerkId = (await request(t.http).get('/api/auth/me').set(clerk).expect(200)).body.id as string;
  const draft = await runInCouncil(id, () =>
    makeCase(t.appDs, { departmentId, createdById: clerkId, title: caseTitle }),
  );
  const receiptNumber = await submitAndAccept(t.http, draft.id, clerk, secretariat);
  // The same meeting number in both councils: 第1回 is unique per council.
  const meeting = await request(t.http)
    .post('/api/meetings')
    .set(secretariat)
    .send({ number: 1, startsAt: '2026-05-20T14:00:00+09:00', place: `${municipality}役所 会議室` })
    .expect(201);
  return {
    id,
    admin,
    secretariat,
    clerk,
    secretariatName,
    caseId: draft.id,
    meetingId: meeting.body.id as string,
    receiptNumber,
  };
}

const ids = (body: { id: string }[] | { items: { id: string }[] }) =>
  (Array.isArray(body) ? body : body.items).map((row) => row.id);

beforeAll(async () => {
  t = await startTestApp();
  // This file checks isolation itself: code outside a request or a council scope sees no council.
  setCouncilOutsideScopes(null);
  councils.a = await createCouncil('a', '甲市', '甲市雨水タンク補助金交付事務');
  councils.b = await createCouncil('b', '乙町', '乙町雨水浸透ます設置補助事務');
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('two councils in one deployment', () => {
  it('each council sees only its own cases, meetings, roster, audit entries and search hits', async () => {
    for (const [self, other] of [
      [councils.a, councils.b],
      [councils.b, councils.a],
    ]) {
      const cases = await request(t.http).get('/api/cases').set(self.secretariat).expect(200);
      expect(ids(cases.body)).toEqual([self.caseId]);
      const found = await request(t.http)
        .get('/api/cases')
        .query({ q: '雨水' })
        .set(self.secretariat)
        .expect(200);
      expect(ids(found.body)).toEqual([self.caseId]);
      const meetings = await request(t.http).get('/api/meetings').set(self.secretariat).expect(200);
      expect(ids(meetings.body)).toEqual([self.meetingId]);
      const members = await request(t.http).get('/api/council/members').set(self.secretariat).expect(200);
      expect(JSON.stringify(members.body)).not.toContain(other === councils.a ? '甲市' : '乙町');
      expect(ids(members.body)).toHaveLength(1);

      // The other council's rows answer as missing ones do.
      await request(t.http).get(`/api/cases/${other.caseId}`).set(self.secretariat).expect(404);
      await request(t.http).get(`/api/meetings/${other.meetingId}`).set(self.secretariat).expect(404);
      await request(t.http).get(`/api/cases/${self.caseId}`).set(self.secretariat).expect(200);

      const audit = await request(t.http).get('/api/admin/audit').set(self.admin).expect(200);
      const actors = new Set(audit.body.items.map((e: { actorName: string | null }) => e.actorName));
      expect(actors).toContain(self.secretariatName);
      expect(actors).not.toContain(other.secretariatName);
      // Each council's hash chain verifies on its own.
      const verdict = await request(t.http).get('/api/admin/audit/verify').set(self.admin).expect(200);
      expect(verdict.body.ok).toBe(true);
    }
  });

  it("refuses a login name another council uses, with the users screen's own answer", async () => {
    const res = await request(t.http)
      .post('/api/admin/users')
      .set(councils.b.admin)
      .send({ username: councils.a.secretariatName, displayName: '同名 太郎', role: 'secretariat' })
      .expect(409);
    expect(res.body.code).toBe('USER_USERNAME_TAKEN');
  });

  it('numbers 受付番号 and 答申番号 per council: both start at 1', async () => {
    expect(councils.a.receiptNumber).toMatch(/-001$|第1号/);
    expect(councils.b.receiptNumber).toBe(councils.a.receiptNumber);
    const draw = (council: number) =>
      runInCouncil(council, () => t.appDs.transaction((m) => nextSequence(m, 'reply', 2026)));
    expect(await draw(councils.a.id)).toBe(1);
    expect(await draw(councils.b.id)).toBe(1);
    expect(await draw(councils.a.id)).toBe(2);
  });
});

describe('row-level security on the application connection', () => {
  it('raw SQL without a filter returns only the rows of the council in context, and nothing without one', async () => {
    const rows = (council: number | null, sql: string) =>
      runInCouncil(council, () => t.appDs.query(sql) as Promise<{ council_id: number }[]>);
    for (const council of [councils.a.id, councils.b.id]) {
      for (const table of ['case_file', 'meeting', 'app_user', 'department', 'council_member', 'audit_log']) {
        const seen = await rows(council, `SELECT council_id FROM ${table}`);
        expect(seen.length).toBeGreaterThan(0);
        expect(seen.every((r) => r.council_id === council)).toBe(true);
      }
    }
    expect(await rows(null, 'SELECT * FROM case_file')).toEqual([]);
    expect(await rows(null, 'SELECT * FROM app_user')).toEqual([]);
    // The owner (backups, migrations) sees both councils.
    const all = (await t.ds.query('SELECT DISTINCT council_id FROM case_file ORDER BY 1')) as {
      council_id: number;
    }[];
    expect(all.map((r) => r.council_id)).toEqual([councils.a.id, councils.b.id]);
  });

  it('keeps each context on its council when many run at once and connections change hands', async () => {
    // More concurrent work than the pool has connections: freed connections are handed from one
    // council's work to the other's (pg-pool calls back in the releasing request's async context).
    const work = Array.from({ length: 40 }, (_, i) => {
      const council = i % 2 === 0 ? councils.a.id : councils.b.id;
      return runInCouncil(council, async () => {
        const rows = (await t.appDs.query('SELECT council_id, pg_sleep(0.01) FROM case_file')) as {
          council_id: number;
        }[];
        return { council, seen: rows.map((r) => r.council_id) };
      });
    });
    for (const { council, seen } of await Promise.all(work)) expect(seen).toEqual([council]);
  });

  it("refuses to write a row for another council, and cannot change that council's rows", async () => {
    await expect(
      runInCouncil(councils.a.id, () =>
        t.appDs.query(`INSERT INTO department (code, name, council_id) VALUES ('x', '侵入課', $1)`, [
          councils.b.id,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = (await runInCouncil(councils.a.id, () =>
      t.appDs.query(`UPDATE case_file SET title = '書換え' WHERE id = $1`, [councils.b.caseId]),
    )) as [unknown[], number];
    expect(updated[1]).toBe(0);
    await expect(
      runInCouncil(null, () => t.appDs.query(`INSERT INTO department (code, name) VALUES ('y', '無所属課')`)),
    ).rejects.toThrow(/council_id|row-level security/);
  });

  it('the application role cannot bypass the policies', async () => {
    const [role] = (await t.appDs.query(
      `SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
    )) as { rolname: string; rolsuper: boolean; rolbypassrls: boolean }[];
    expect(role).toEqual({ rolname: 'shingikai_app', rolsuper: false, rolbypassrls: false });
    const [{ owned }] = (await t.appDs.query(
      `SELECT count(*)::int AS owned FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`,
    )) as { owned: number }[];
    expect(owned).toBe(0);
    // Turning row security off makes a query on a protected table fail instead of showing everything.
    await expect(
      runInCouncil(councils.a.id, () =>
        t.appDs.transaction(async (m) => {
          await m.query('SET LOCAL row_security = off');
          return m.query('SELECT * FROM case_file');
        }),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('every table of the database is classified once, and every council-owned one is protected', async () => {
    const tables = (
      (await t.ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)) as {
        tablename: string;
      }[]
    ).map((r) => r.tablename);
    const listed: string[] = [...COUNCIL_TABLES, ...GLOBAL_TABLES];
    expect(new Set(listed).size).toBe(listed.length);
    const unclassified = tables.filter((name) => !listed.includes(name));
    expect(unclassified).toEqual([]);
    expect(listed.filter((name) => !tables.includes(name))).toEqual([]);
    const protectedTables = (
      (await t.ds.query(
        `SELECT c.relname FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
             AND c.relrowsecurity AND c.relforcerowsecurity
             AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)`,
      )) as { relname: string }[]
    ).map((r) => r.relname);
    expect([...protectedTables].sort()).toEqual([...COUNCIL_TABLES].sort());
  });
});

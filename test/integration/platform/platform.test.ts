import request from 'supertest';
import { CouncilSetupService } from '../../../src/council/setup/council-setup.service';
import { runInCouncil, setCouncilOutsideScopes } from '../../../src/database/council-context';
import { councilSetupInput, makePlatformAdmin } from '../../support/councils';
import { DEFAULT_PASSWORD, formLogin, login, makeUser } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { makeCase } from '../../support/workflow-factories';

type Auth = { Authorization: string };

let t: TestApp;
let platform: Auth;
let councilAdmin: Auth;
let councilId: number;
let caseId: string;

interface AuditRow {
  action: string;
  actor_name: string | null;
  actor_role: string | null;
  target_type: string | null;
  target_id: string | null;
  status: number | null;
  council_id: number | null;
  detail: Record<string, unknown> | null;
}

/** Audit rows as the owner sees them (every chain); refusals are written in the background. */
async function auditRows(where: string, params: unknown[], atLeast = 1): Promise<AuditRow[]> {
  let rows: AuditRow[] = [];
  for (let i = 0; i < 50; i++) {
    rows = await t.ds.query(
      `SELECT action, actor_name, actor_role, target_type, target_id, status, council_id, detail
         FROM audit_log WHERE ${where} ORDER BY id`,
      params,
    );
    if (rows.length >= atLeast) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
  return rows;
}

const councilInput = (key: string) => councilSetupInput(key, `${key}町`, 'current-law');
/** The platform administrator creates a council: `key`'s setup input with `changes`. */
const createCouncil = (key: string, changes: Record<string, string> = {}, auth = platform) =>
  request(t.http)
    .post('/api/platform/councils')
    .set(auth)
    .send({ ...councilInput(key), ...changes });

beforeAll(async () => {
  t = await startTestApp();
  // Code outside a request sees no council here: the platform administrator's world.
  setCouncilOutsideScopes(null);
  const created = await t.app
    .get(CouncilSetupService)
    .create(
      { ...councilInput('first'), slug: 'first-town', catalogue: 'ordinance-shinjuku-style' },
      { via: 'cli' },
    );
  councilId = created.councilId;
  councilAdmin = { Authorization: `Bearer ${await login(t.http, 'admin-first')}` };
  caseId = await runInCouncil(councilId, async () => {
    const secretariat = await makeUser(t.appDs, {
      username: 'jimu-first',
      displayName: '事務局',
      role: 'secretariat',
    });
    return (
      await makeCase(t.appDs, {
        departmentId: created.secretariatDepartmentId,
        createdById: secretariat.id,
        title: '秘密の事案',
      })
    ).id;
  });
  await makePlatformAdmin(t.appDs, 'platform-ops');
  platform = { Authorization: `Bearer ${await login(t.http, 'platform-ops')}` };
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the platform administrator account', () => {
  it('belongs to no council: its row and session carry none, and it logs in like anyone', async () => {
    const [row] = await t.ds.query(`SELECT council_id, role FROM app_user WHERE username = 'platform-ops'`);
    expect(row).toEqual({ council_id: null, role: 'platformAdmin' });
    const me = await request(t.http).get('/api/auth/me').set(platform).expect(200);
    expect(me.body).toMatchObject({
      username: 'platform-ops',
      role: 'platformAdmin',
      roleLabel: 'プラットフォーム管理者',
    });
    const [session] = await t.ds.query(
      `SELECT s.council_id FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.username = 'platform-ops'`,
    );
    expect(session.council_id).toBeNull();
  });

  it('a council account can never be made without a council (the table refuses it)', async () => {
    await expect(
      runInCouncil(null, () =>
        t.appDs.query(
          `INSERT INTO app_user (username, display_name, role, password_hash) VALUES ('stray', '迷子', 'admin', 'x')`,
        ),
      ),
    ).rejects.toThrow(/ck_app_user_platform_admin/);
    // and a council cannot make a platform administrator of its own
    await expect(
      runInCouncil(councilId, () =>
        t.appDs.query(
          `INSERT INTO app_user (username, display_name, role, password_hash) VALUES ('sneaky', '潜入', 'platformAdmin', 'x')`,
        ),
      ),
    ).rejects.toThrow(/ck_app_user_platform_admin|row-level security/);
  });

  it("is invisible to a council, and a council's accounts are invisible to it (raw SQL)", async () => {
    const inCouncil = (await runInCouncil(councilId, () =>
      t.appDs.query(`SELECT username FROM app_user`),
    )) as {
      username: string;
    }[];
    expect(inCouncil.map((r) => r.username)).not.toContain('platform-ops');
    const none = (await runInCouncil(null, () =>
      t.appDs.query(`SELECT username, council_id FROM app_user`),
    )) as {
      username: string;
      council_id: number | null;
    }[];
    expect(none).toEqual([{ username: 'platform-ops', council_id: null }]);
    expect(await runInCouncil(null, () => t.appDs.query(`SELECT id FROM case_file`))).toEqual([]);
  });

  it('its login name is taken for every council', async () => {
    const res = await request(t.http)
      .post('/api/admin/users')
      .set(councilAdmin)
      .send({ username: 'platform-ops', displayName: '同名', role: 'secretariat' })
      .expect(409);
    expect(res.body.code).toBe('USER_USERNAME_TAKEN');
  });
});

describe('/api/platform/councils', () => {
  it('lists the councils with counts only, and audits the view in the platform chain', async () => {
    const res = await request(t.http).get('/api/platform/councils').set(platform).expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        id: councilId,
        municipality: 'first町',
        councilName: 'first町個人情報保護審議会',
        slug: 'first-town',
        users: 2,
        cases: 1,
        meetings: 0,
      }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain('秘密の事案');
    const rows = await auditRows(
      `actor_name = 'platform-ops' AND action = 'view' AND target_type = 'council'`,
      [],
    );
    expect(rows[0]).toMatchObject({ council_id: null, status: 200, actor_role: 'platformAdmin' });
  });

  it('creates a council with its first administrator, who then works in it', async () => {
    const res = await createCouncil('second', { slug: 'second-town' }).expect(201);
    expect(res.body).toMatchObject({
      councilName: 'second町個人情報保護審議会',
      adminUsername: 'admin-second',
    });
    const id = res.body.councilId as number;
    // The new council's chain opens with its creation, naming the platform administrator.
    const [entry] = await auditRows(`target_type = 'council' AND action = 'create' AND council_id = $1`, [
      id,
    ]);
    expect(entry).toMatchObject({ actor_name: 'platform-ops', actor_role: 'platformAdmin' });
    expect(entry.detail).toMatchObject({ via: 'platform' });
    expect(JSON.stringify(entry.detail)).not.toContain(DEFAULT_PASSWORD);
    // Its administrator logs in, must replace the password handed over, and sees only the new council.
    const admin = { Authorization: `Bearer ${await login(t.http, 'admin-second')}` };
    const blocked = await request(t.http).get('/api/admin/users').set(admin).expect(403);
    expect(blocked.body.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    await request(t.http)
      .post('/api/auth/password')
      .set(admin)
      .send({ currentPassword: DEFAULT_PASSWORD, newPassword: 'Second-council-2026' })
      .expect(204);
    const users = await request(t.http).get('/api/admin/users').set(admin).expect(200);
    expect(JSON.stringify(users.body)).toContain('admin-second');
    expect(JSON.stringify(users.body)).not.toContain('admin-first');
  });

  it('refuses bad input in Japanese beside the field, and writes nothing', async () => {
    const before = await t.ds.query(`SELECT count(*)::int AS n FROM municipality`);
    const bad = await createCouncil('third', { slug: 'Bad Slug', councilName: '' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['slug', 'councilName']));
    const taken = await createCouncil('third', { slug: 'first-town' }).expect(409);
    expect(taken.body).toMatchObject({ code: 'COUNCIL_SLUG_TAKEN', errors: [{ field: 'slug' }] });
    const nameTaken = await createCouncil('third', { adminUsername: 'admin-first' }).expect(409);
    expect(nameTaken.body).toMatchObject({
      code: 'USER_USERNAME_TAKEN',
      errors: [{ field: 'adminUsername' }],
    });
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM municipality`)).toEqual(before);
  });

  it('renames a council and changes its URL name, with the version; a stale one is 409', async () => {
    const [council] = (await request(t.http).get('/api/platform/councils').set(platform).expect(200))
      .body as {
      id: number;
      version: number;
    }[];
    const res = await request(t.http)
      .patch(`/api/platform/councils/${council.id}`)
      .set(platform)
      .send({
        councilName: 'first町情報公開・個人情報保護審議会',
        slug: 'first-town-2',
        version: council.version,
      })
      .expect(200);
    expect(res.body).toMatchObject({
      councilName: 'first町情報公開・個人情報保護審議会',
      slug: 'first-town-2',
    });
    expect(res.body.version).toBeGreaterThan(council.version);
    const stale = await request(t.http)
      .patch(`/api/platform/councils/${council.id}`)
      .set(platform)
      .send({ councilName: '古い版', version: council.version })
      .expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    await request(t.http)
      .patch(`/api/platform/councils/999`)
      .set(platform)
      .send({ councilName: 'ない', version: 1 })
      .expect(404);
    // The council's own chain records who renamed it.
    const [entry] = await auditRows(`target_type = 'council' AND action = 'update' AND council_id = $1`, [
      council.id,
    ]);
    expect(entry).toMatchObject({ actor_name: 'platform-ops' });
    expect(entry.detail).toMatchObject({ after: { slug: 'first-town-2' }, before: { slug: 'first-town' } });
    // The council's administrator sees the new name.
    const me = await request(t.http).get('/public/first-town-2').expect(200);
    expect(me.text).toContain('first町情報公開・個人情報保護審議会');
  });

  it('refuses every council route to the platform administrator (403, audited)', async () => {
    for (const path of [
      '/api/cases',
      `/api/cases/${caseId}`,
      '/api/admin/users',
      '/api/meetings',
      '/api/admin/audit',
    ]) {
      const res = await request(t.http).get(path).set(platform).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    const rows = await auditRows(
      `action = 'access.denied' AND actor_name = 'platform-ops' AND status = 403`,
      [],
      5,
    );
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.every((r) => r.council_id === null)).toBe(true);
    expect(rows.map((r) => r.detail?.path)).toEqual(
      expect.arrayContaining(['/api/cases', '/api/admin/users']),
    );
  });

  it('refuses the platform routes to every council role, its administrator included (403, audited)', async () => {
    await request(t.http).get('/api/platform/councils').set(councilAdmin).expect(403);
    await createCouncil('x', {}, councilAdmin).expect(403);
    await request(t.http).get('/api/platform/councils').expect(401);
    const rows = await auditRows(
      `action = 'access.denied' AND actor_name = 'admin-first' AND detail->>'path' = '/api/platform/councils'`,
      [],
      2,
    );
    expect(rows.every((r) => r.council_id === councilId)).toBe(true);
  });
});

describe('/platform/councils (screen)', () => {
  const cookieOf = (username: string) => formLogin(t.http, username);

  it('is where the platform administrator lands; lists the councils; the create form shows errors beside fields', async () => {
    const { cookie, location } = await cookieOf('platform-ops');
    expect(location).toBe('/platform/councils');
    const page = await request(t.http).get('/platform/councils').set('Cookie', cookie).expect(200);
    expect(page.text).toContain('審議会の管理');
    expect(page.text).toContain('second町個人情報保護審議会');
    expect(page.text).not.toContain('秘密の事案');
    const post = (form: Record<string, string>) =>
      request(t.http)
        .post('/platform/councils')
        .set('Cookie', cookie)
        .set('Sec-Fetch-Site', 'same-origin')
        .type('form')
        .send(form);
    const bad = await post({
      ...councilInput('web'),
      slug: 'first-town-2',
      confirmPassword: DEFAULT_PASSWORD,
    }).expect(409);
    expect(bad.text).toMatch(/id="slug-error"[\s\S]*別の審議会が使っている英字名です/);
    expect(bad.text).toContain('value="web町"'); // what was typed is kept
    const mismatch = await post({ ...councilInput('web'), confirmPassword: 'different-2026' }).expect(400);
    expect(mismatch.text).toMatch(/id="confirmPassword-error"[\s\S]*一致しません/);
    const ok = await post({
      ...councilInput('web'),
      slug: 'web-town',
      confirmPassword: DEFAULT_PASSWORD,
    }).expect(303);
    expect(decodeURIComponent(ok.headers.location as string)).toContain(
      '「web町個人情報保護審議会」を登録しました',
    );
    const after = await request(t.http).get('/platform/councils').set('Cookie', cookie).expect(200);
    expect(after.text).toContain('/public/web-town/');
    // A council screen is not its: 403.
    await request(t.http).get('/cases').set('Cookie', cookie).expect(403);
  });

  it('is refused to a council administrator (403)', async () => {
    const { cookie } = await cookieOf('admin-first');
    await request(t.http).get('/platform/councils').set('Cookie', cookie).expect(403);
  });
});

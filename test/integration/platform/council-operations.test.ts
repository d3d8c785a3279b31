import request from 'supertest';
import { AuditService } from '../../../src/audit/audit.service';
import type { PlatformAdminUser } from '../../../src/auth/auth-user';
import { APP_CONFIG, type AppConfig } from '../../../src/config/config';
import { CouncilSetupService } from '../../../src/council/setup/council-setup.service';
import { runInCouncil, setCouncilOutsideScopes } from '../../../src/database/council-context';
import { UnitOfWork } from '../../../src/database/unit-of-work';
import { PlatformAdminsService } from '../../../src/platform/platform-admins.service';
import { squashedText } from '../documents/pdf-inspect';
import { downloadBinary } from '../../support/download';
import { councilSetupInput, makePlatformAdmin } from '../../support/councils';
import { DEFAULT_PASSWORD, formLogin, login, makeUser } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { makeCase } from '../../support/workflow-factories';

type Auth = { Authorization: string };

let t: TestApp;
const api = () => request(t.http);
let plat: Auth;
let platId: string;
let councilA: number;
let councilB: number;
let caseA: string;

const councilInput = (key: string, extra: Record<string, string> = {}) => ({
  ...councilSetupInput(key, `${key}村`, 'current-law'),
  ...extra,
});

const tokenOf = async (username: string): Promise<Auth> => ({
  Authorization: `Bearer ${await login(t.http, username)}`,
});

/** An API login attempt (the test password unless given). */
const apiLogin = (username: string, password = DEFAULT_PASSWORD) =>
  api().post('/api/auth/login').send({ username, password });

const platformAdmin = (username: string) => makePlatformAdmin(t.appDs, username, `運用 ${username}`);

async function auditRows(where: string, params: unknown[]) {
  for (let i = 0; i < 50; i++) {
    const rows: {
      action: string;
      actor_name: string;
      council_id: number | null;
      detail: Record<string, unknown>;
    }[] = await t.ds.query(
      `SELECT action, actor_name, council_id, detail FROM audit_log WHERE ${where} ORDER BY id`,
      params,
    );
    if (rows.length) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
  return [];
}

beforeAll(async () => {
  t = await startTestApp();
  setCouncilOutsideScopes(null);
  const setup = t.app.get(CouncilSetupService);
  const a = await setup.create(
    councilInput('ops-a', {
      slug: 'ops-a',
      secretariatCode: 'somu',
      catalogue: 'ordinance-shinjuku-style',
    }),
    {
      via: 'cli',
    },
  );
  councilA = a.councilId;
  councilB = (await setup.create(councilInput('ops-b', { slug: 'ops-b' }), { via: 'cli', additional: true }))
    .councilId;
  caseA = await runInCouncil(councilA, async () => {
    const jimu = await makeUser(t.appDs, {
      username: 'jimu-ops-a',
      displayName: '事務局 A',
      role: 'secretariat',
      departmentId: a.secretariatDepartmentId,
    });
    return (
      await makeCase(t.appDs, {
        departmentId: a.secretariatDepartmentId,
        createdById: jimu.id,
        title: '村の事案',
        status: 'submitted',
      })
    ).id;
  });
  platId = await platformAdmin('plat-one');
  plat = await tokenOf('plat-one');
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('suspending and resuming a council', () => {
  /** Asks to suspend or resume council A with `reason`, as `auth` (the platform administrator). */
  const moveCouncilA = (action: 'suspend' | 'resume', reason: string, auth: Auth = plat) =>
    api().post(`/api/platform/councils/${councilA}/${action}`).set(auth).send({ reason });

  it('needs a reason, the platform administrator, and a council that exists', async () => {
    const noReason = await moveCouncilA('suspend', ' ');
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'reason' }] });
    const adminA = await tokenOf('admin-ops-a');
    await moveCouncilA('suspend', '自分で', adminA).expect(403);
    await api().post(`/api/platform/councils/${councilA}/suspend`).send({ reason: '匿名' }).expect(401);
    const missing = await api().post('/api/platform/councils/999/suspend').set(plat).send({ reason: 'ない' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('PLATFORM_COUNCIL_NOT_FOUND');
    await moveCouncilA('resume', '利用中').expect(409);
    const [row] = await t.ds.query(`SELECT state FROM municipality WHERE id = $1`, [councilA]);
    expect(row.state).toBe('active');
  });

  it('while suspended: no login, no held token, no portal, no scheduled pass; the other council goes on', async () => {
    const jimu = await tokenOf('jimu-ops-a');
    const adminB = await tokenOf('admin-ops-b');
    await api().get(`/api/cases/${caseA}`).set(jimu).expect(200);
    await api().get('/public/ops-a').expect(200);
    const counts = async () =>
      t.ds.query(
        `SELECT (SELECT count(*) FROM case_file WHERE council_id = $1)::int AS cases,
                (SELECT count(*) FROM app_user WHERE council_id = $1)::int AS users,
                (SELECT count(*) FROM department WHERE council_id = $1)::int AS departments`,
        [councilA],
      );
    const before = await counts();

    const res = await moveCouncilA('suspend', '契約期間の満了のため').expect(200);
    expect(res.body).toMatchObject({
      id: councilA,
      state: 'suspended',
      stateLabel: '利用停止中',
      stateReason: '契約期間の満了のため',
    });
    await moveCouncilA('suspend', '二度目').expect(409);

    // The token a secretariat holds stops working at once, with a Japanese problem.
    const held = await api().get(`/api/cases/${caseA}`).set(jimu).expect(403);
    expect(held.headers['content-type']).toMatch(/problem\+json/);
    expect(held.body.code).toBe('AUTH_COUNCIL_SUSPENDED');
    expect(held.body.detail).toContain('この審議会は利用停止中です');
    // Nor can anyone of it log in (a wrong password still says only that).
    const again = await apiLogin('jimu-ops-a');
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('AUTH_COUNCIL_SUSPENDED');
    const wrong = await apiLogin('jimu-ops-a', 'Wrong-password-2026');
    expect(wrong.status).toBe(401);
    const screen = await api()
      .post('/login')
      .type('form')
      .send({ username: 'admin-ops-a', password: DEFAULT_PASSWORD });
    expect(screen.status).not.toBe(303);
    expect(screen.text).toContain('この審議会は利用停止中です');
    // Its portal is gone for everyone; the other council's is there.
    await api().get('/public/ops-a').expect(404);
    await api().get('/public/ops-a/minutes').expect(404);
    await api().get('/public/ops-b').expect(200);
    // The scheduled passes skip it.
    const visited: number[] = [];
    await t.app.get(UnitOfWork).eachCouncil('test pass', async (id) => visited.push(id));
    expect(visited).toContain(councilB);
    expect(visited).not.toContain(councilA);
    // The other council works as before.
    await api().get('/api/admin/users').set(adminB).expect(200);
    // Nothing of its data changed.
    expect(await counts()).toEqual(before);

    // The council's own chain records who suspended it and why.
    const [entry] = await auditRows(
      `target_type = 'council' AND action = 'state.change' AND council_id = $1`,
      [councilA],
    );
    expect(entry).toMatchObject({ actor_name: 'plat-one' });
    expect(entry.detail).toMatchObject({
      transition: 'suspend',
      from: 'active',
      to: 'suspended',
      reason: '契約期間の満了のため',
    });
    expect(entry.detail.sessionsEnded).toBeGreaterThanOrEqual(1);
  });

  it('resumed: its people log in again and find their data; the portal is back', async () => {
    const res = await moveCouncilA('resume', '契約を更新したため').expect(200);
    expect(res.body).toMatchObject({
      state: 'active',
      stateLabel: '利用中',
      stateReason: '契約を更新したため',
    });
    const jimu = await tokenOf('jimu-ops-a');
    const c = await api().get(`/api/cases/${caseA}`).set(jimu).expect(200);
    expect(c.body.title).toBe('村の事案');
    await api().get('/public/ops-a').expect(200);
    const visited: number[] = [];
    await t.app.get(UnitOfWork).eachCouncil('test pass', async (id) => visited.push(id));
    expect(visited).toEqual(expect.arrayContaining([councilA, councilB]));
    const rows = await auditRows(
      `target_type = 'council' AND action = 'state.change' AND council_id = $1 AND detail->>'transition' = 'resume'`,
      [councilA],
    );
    expect(rows[0].detail).toMatchObject({ from: 'suspended', to: 'active', reason: '契約を更新したため' });
  });
});

describe('platform administrator accounts', () => {
  let twoId: string;
  let two: Auth;

  beforeAll(async () => {
    twoId = await platformAdmin('plat-two');
    two = await tokenOf('plat-two');
  });

  it('lists them to a platform administrator only', async () => {
    const res = await api().get('/api/platform/admins').set(plat).expect(200);
    expect(res.body.map((a: { username: string }) => a.username)).toEqual(['plat-one', 'plat-two']);
    expect(JSON.stringify(res.body)).not.toContain('admin-ops-a');
    await api()
      .get('/api/platform/admins')
      .set(await tokenOf('admin-ops-b'))
      .expect(403);
  });

  it('one disables another: its sessions end and it cannot log in; enabled again, it can', async () => {
    const self = await api().post(`/api/platform/admins/${platId}/disable`).set(plat).expect(409);
    expect(self.body.code).toBe('PLATFORM_CANNOT_DISABLE_SELF');
    const res = await api().post(`/api/platform/admins/${twoId}/disable`).set(plat).expect(200);
    expect(res.body).toMatchObject({ username: 'plat-two', disabled: true });
    const ended = await api().get('/api/platform/councils').set(two).expect(401);
    expect(ended.body.code).toBe('AUTH_SESSION_ENDED');
    const refused = await apiLogin('plat-two');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('AUTH_ACCOUNT_DISABLED');
    const [entry] = await auditRows(`action = 'update' AND target_type = 'user' AND target_id = $1`, [twoId]);
    expect(entry).toMatchObject({ actor_name: 'plat-one', council_id: null });
    expect(entry.detail).toMatchObject({ disabled: true, via: 'platform' });

    await api().post(`/api/platform/admins/${twoId}/enable`).set(plat).expect(200);
    two = await tokenOf('plat-two');
    await api().get('/api/platform/councils').set(two).expect(200);
  });

  it('the last active platform administrator cannot be disabled', async () => {
    // plat-two disables plat-one while plat-one, at the same moment, disables plat-two (its request
    // authenticated before the first change): the second finds no other active administrator.
    await api().post(`/api/platform/admins/${platId}/disable`).set(two).expect(200);
    const stalePrincipal = {
      id: platId,
      username: 'plat-one',
      role: 'platformAdmin',
      councilId: null,
    } as PlatformAdminUser;
    await expect(
      t.app.get(PlatformAdminsService).setDisabled(stalePrincipal, twoId, true, null),
    ).rejects.toMatchObject({ code: 'PLATFORM_LAST_ADMIN', status: 409 });
    const refused = await api().post(`/api/platform/admins/${twoId}/disable`).set(two).expect(409);
    expect(refused.body.code).toBe('PLATFORM_LAST_ADMIN');
    expect(refused.body.detail).toContain('有効なプラットフォーム管理者が 1 人もいなくなる');
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM app_user WHERE role = 'platformAdmin' AND NOT disabled`,
    );
    expect(n).toBe(1);
    await api().post(`/api/platform/admins/${platId}/enable`).set(two).expect(200);
    plat = await tokenOf('plat-one');
  });

  it('an unknown account is 404', async () => {
    const res = await api()
      .post('/api/platform/admins/00000000-0000-4000-8000-000000000000/disable')
      .set(plat)
      .expect(404);
    expect(res.body.code).toBe('PLATFORM_ADMIN_NOT_FOUND');
  });
});

describe('renaming a council', () => {
  it('papers printed afterwards carry the new name', async () => {
    const jimu = await tokenOf('jimu-ops-a');
    const paper = async () => {
      const res = await downloadBinary(t.http, `/api/cases/${caseA}/document.pdf`, jimu).expect(200);
      return squashedText(res.body as Buffer);
    };
    expect(await paper()).toContain('ops-a村個人情報保護審議会');
    const [council] = (await api().get('/api/platform/councils').set(plat).expect(200)).body.filter(
      (c: { id: number }) => c.id === councilA,
    );
    await api()
      .patch(`/api/platform/councils/${councilA}`)
      .set(plat)
      .send({
        councilName: 'ops-a村情報公開・個人情報保護審査会',
        implementingBody: 'ops-a村長 村野太郎',
        version: council.version,
      })
      .expect(200);
    const text = await paper();
    expect(text).toContain('ops-a村情報公開・個人情報保護審査会');
    expect(text).not.toContain('ops-a村個人情報保護審議会');
  });
});

describe('uniqueness: URL names in the deployment, department codes per council', () => {
  it('two councils can both have a department with the same code, even when the setup runs as the owner', async () => {
    // As the owner (the sample data, the owner's scripts): row-level security does not narrow its reads.
    const config = t.app.get<AppConfig>(APP_CONFIG);
    const ownerSetup = new CouncilSetupService(t.ds, new AuditService(t.ds), config);
    const c = await runInCouncil(null, () =>
      ownerSetup.create(councilInput('ops-c', { slug: 'ops-c', secretariatCode: 'somu' }), {
        via: 'cli',
        additional: true,
      }),
    );
    const codes = await t.ds.query(
      `SELECT council_id, code FROM department WHERE code = 'somu' ORDER BY council_id`,
    );
    expect(codes).toEqual([
      { council_id: councilA, code: 'somu' },
      { council_id: c.councilId, code: 'somu' },
    ]);
    // Through the platform administrator's API too.
    const d = await api()
      .post('/api/platform/councils')
      .set(plat)
      .send(councilInput('ops-d', { slug: 'ops-d', secretariatCode: 'somu' }))
      .expect(201);
    expect(d.body.councilId).toBeGreaterThan(c.councilId);
  });

  it('two councils cannot share a URL name: 409 in Japanese, on creation and on rename, and nothing is written', async () => {
    const before = await t.ds.query(`SELECT count(*)::int AS n FROM municipality`);
    const taken = await api()
      .post('/api/platform/councils')
      .set(plat)
      .send(councilInput('ops-e', { slug: 'ops-b' }))
      .expect(409);
    expect(taken.body).toMatchObject({ code: 'COUNCIL_SLUG_TAKEN', errors: [{ field: 'slug' }] });
    expect(taken.body.detail).toContain('英字名「ops-b」は別の審議会が使っています');
    const config = t.app.get<AppConfig>(APP_CONFIG);
    const ownerSetup = new CouncilSetupService(t.ds, new AuditService(t.ds), config);
    await expect(
      runInCouncil(null, () =>
        ownerSetup.create(councilInput('ops-f', { slug: 'ops-b' }), { via: 'cli', additional: true }),
      ),
    ).rejects.toMatchObject({ code: 'COUNCIL_SLUG_TAKEN', status: 409 });
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM municipality`)).toEqual(before);
    const [b] = (await api().get('/api/platform/councils').set(plat).expect(200)).body.filter(
      (c: { id: number }) => c.id === councilB,
    );
    const rename = await api()
      .patch(`/api/platform/councils/${councilA}`)
      .set(plat)
      .send({
        slug: b.slug,
        version: (await t.ds.query(`SELECT version FROM municipality WHERE id = $1`, [councilA]))[0].version,
      })
      .expect(409);
    expect(rename.body.code).toBe('COUNCIL_SLUG_TAKEN');
  });
});

describe('/platform screens', () => {
  const cookieOf = async (username: string) => (await formLogin(t.http, username)).cookie;
  const post = (cookie: string, path: string, form: Record<string, string> = {}) =>
    api().post(path).set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin').type('form').send(form);

  it('a council page renames it with the version read, refuses a stale form, and suspends / resumes it with a reason', async () => {
    const cookie = await cookieOf('plat-one');
    const list = await api().get('/platform/councils').set('Cookie', cookie).expect(200);
    expect(list.text).toContain(`href="/platform/councils/${councilB}"`);
    expect(list.text).toContain('利用中');
    const page = await api().get(`/platform/councils/${councilB}`).set('Cookie', cookie).expect(200);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    expect(page.text).toContain('value="ops-b村個人情報保護審議会"');
    const form = {
      municipality: 'ops-b町',
      councilName: 'ops-b町個人情報保護審議会',
      implementingBody: 'ops-b町長',
      slug: 'ops-b',
      version,
    };
    const blank = await post(cookie, `/platform/councils/${councilB}`, { ...form, councilName: '' }).expect(
      400,
    );
    expect(blank.text).toMatch(/id="councilName-error"[\s\S]*入力してください/);
    const ok = await post(cookie, `/platform/councils/${councilB}`, form).expect(303);
    expect(decodeURIComponent(ok.headers.location as string)).toContain(
      '「ops-b町個人情報保護審議会」の登録内容を変更しました',
    );
    const stale = await post(cookie, `/platform/councils/${councilB}`, {
      ...form,
      councilName: '古い画面から',
    }).expect(409);
    expect(stale.text).toContain('value="古い画面から"');
    const [row] = await t.ds.query(`SELECT council_name FROM municipality WHERE id = $1`, [councilB]);
    expect(row.council_name).toBe('ops-b町個人情報保護審議会');

    const noReason = await post(cookie, `/platform/councils/${councilB}/suspend`, { reason: '' }).expect(400);
    expect(noReason.text).toMatch(/id="reason-error"[\s\S]*入力してください/);
    const suspended = await post(cookie, `/platform/councils/${councilB}/suspend`, {
      reason: '料金の未払い',
    }).expect(303);
    expect(decodeURIComponent(suspended.headers.location as string)).toContain('利用を停止しました');
    const after = await api().get(`/platform/councils/${councilB}`).set('Cookie', cookie).expect(200);
    expect(after.text).toContain('利用停止中');
    expect(after.text).toContain('料金の未払い');
    expect(after.text).toContain(`action="/platform/councils/${councilB}/resume"`);
    await api().get('/public/ops-b').expect(404);
    await post(cookie, `/platform/councils/${councilB}/resume`, { reason: '入金を確認' }).expect(303);
    await api().get('/public/ops-b').expect(200);
  });

  it('the platform administrators: disable and enable buttons, none for oneself', async () => {
    const cookie = await cookieOf('plat-one');
    const page = await api().get('/platform/councils').set('Cookie', cookie).expect(200);
    const twoId = (await t.ds.query(`SELECT id FROM app_user WHERE username = 'plat-two'`))[0].id as string;
    expect(page.text).toContain(`action="/platform/admins/${twoId}/disable"`);
    expect(page.text).not.toContain(`action="/platform/admins/${platId}/disable"`);
    const res = await post(cookie, `/platform/admins/${twoId}/disable`).expect(303);
    expect(decodeURIComponent(res.headers.location as string)).toContain('利用停止にしました');
    const again = await api().get('/platform/councils').set('Cookie', cookie).expect(200);
    expect(again.text).toContain(`action="/platform/admins/${twoId}/enable"`);
    await post(cookie, `/platform/admins/${twoId}/enable`).expect(303);
  });

  it('is refused to a council administrator (403)', async () => {
    const cookie = await cookieOf('admin-ops-b');
    await api().get(`/platform/councils/${councilB}`).set('Cookie', cookie).expect(403);
    await post(cookie, `/platform/councils/${councilB}/suspend`, { reason: 'x' }).expect(403);
  });
});

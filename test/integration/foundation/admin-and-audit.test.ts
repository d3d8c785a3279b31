import request from 'supertest';
import { AuditService, verifyAuditChain } from '../../../src/audit/audit.service';
import { login, userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Awaited<ReturnType<typeof userWithToken>>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await userWithToken(t.http, t.ds, { role: 'admin' });
});
afterAll(() => t.close());

const SQLISH = `'; DROP TABLE app_user; -- 緑化 <script>alert(1)</script> {{constructor}}`;

describe('departments and users (admin)', () => {
  it('stores SQL-looking and markup text verbatim', async () => {
    const res = await request(t.http)
      .post('/api/departments')
      .set(admin.auth)
      .send({ code: 'sql-test', name: SQLISH, division: SQLISH })
      .expect(201);
    expect(res.body.name).toBe(SQLISH);
    const list = await request(t.http).get('/api/departments').set(admin.auth).expect(200);
    expect(list.body.map((d: { name: string }) => d.name)).toContain(SQLISH);
    const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM app_user');
    expect(n).toBeGreaterThan(0);
  });

  it('creates a clerk with a generated temporary password that must be changed', async () => {
    const dept = await request(t.http)
      .post('/api/departments')
      .set(admin.auth)
      .send({ code: 'midori', name: '道とみどりの課' })
      .expect(201);
    const res = await request(t.http)
      .post('/api/admin/users')
      .set(admin.auth)
      .send({ username: 'midori-clerk', displayName: '緑川 葉子', role: 'clerk', departmentId: dept.body.id })
      .expect(201);
    expect(res.body.user).toMatchObject({
      role: 'clerk',
      departmentName: '道とみどりの課',
      mustChangePassword: true,
    });
    expect(res.body.temporaryPassword).toMatch(/^.{12,}$/);
    const token = await login(t.http, 'midori-clerk', res.body.temporaryPassword);
    const blocked = await request(t.http).get('/api/departments').set('Authorization', `Bearer ${token}`);
    expect(blocked.body.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
  });

  it('refuses a clerk without department, a duplicate username and bad roles, changing nothing', async () => {
    const before = (await t.ds.query('SELECT count(*)::int AS n FROM app_user'))[0].n;
    const noDept = await request(t.http)
      .post('/api/admin/users')
      .set(admin.auth)
      .send({ username: 'x-clerk', displayName: 'x', role: 'clerk' });
    expect(noDept.status).toBe(400);
    expect(noDept.body.code).toBe('USER_DEPARTMENT_REQUIRED');
    const dup = await request(t.http)
      .post('/api/admin/users')
      .set(admin.auth)
      .send({ username: admin.user.username.toUpperCase(), displayName: 'x', role: 'member' });
    expect(dup.status).toBe(409);
    const badRole = await request(t.http)
      .post('/api/admin/users')
      .set(admin.auth)
      .send({ username: 'x-role', displayName: 'x', role: 'root' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.errors[0].field).toBe('role');
    const after = (await t.ds.query('SELECT count(*)::int AS n FROM app_user'))[0].n;
    expect(after).toBe(before);
  });

  it('answers 409 to a stale version and keeps the newer change', async () => {
    const target = await userWithToken(t.http, t.ds, { role: 'member' });
    await request(t.http)
      .patch(`/api/admin/users/${target.user.id}`)
      .set(admin.auth)
      .send({ version: target.user.version, displayName: '新しい名前' })
      .expect(200);
    const stale = await request(t.http)
      .patch(`/api/admin/users/${target.user.id}`)
      .set(admin.auth)
      .send({ version: target.user.version, displayName: '古い名前' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    const now = await request(t.http).get(`/api/admin/users/${target.user.id}`).set(admin.auth).expect(200);
    expect(now.body.displayName).toBe('新しい名前');
  });

  it('an admin cannot disable the last admin (themself)', async () => {
    const me = await request(t.http).get(`/api/admin/users/${admin.user.id}`).set(admin.auth).expect(200);
    const res = await request(t.http)
      .patch(`/api/admin/users/${admin.user.id}`)
      .set(admin.auth)
      .send({ version: me.body.version, disabled: true });
    expect(res.status).toBe(409);
  });
});

describe('audit log', () => {
  it('records views and changes with actor, role, target and IP', async () => {
    const { auth, user } = await userWithToken(t.http, t.ds, { role: 'admin' });
    await request(t.http).get(`/api/admin/users/${admin.user.id}`).set(auth).expect(200);
    const rows = await t.ds.query(
      `SELECT action, actor_name, actor_role, target_type, target_id, ip, status FROM audit_log WHERE actor_id = $1 ORDER BY id`,
      [user.id],
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'login.ok', actor_role: 'admin' }),
        expect.objectContaining({
          action: 'view',
          target_type: 'user',
          target_id: admin.user.id,
          status: 200,
        }),
      ]),
    );
    expect(rows.every((r: { ip: string | null }) => r.ip)).toBe(true);
  });

  it('lists and filters for admins', async () => {
    const res = await request(t.http)
      .get('/api/admin/audit?action=login.ok&pageSize=5')
      .set(admin.auth)
      .expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((i: { action: string }) => i.action === 'login.ok')).toBe(true);
    const bad = await request(t.http).get('/api/admin/audit?from=yesterday').set(admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('from');
  });

  it('commits concurrent entries in groups, each on record once and chained in order', async () => {
    const audit = t.app.get(AuditService);
    const before: { n: string }[] = await t.ds.query(`SELECT count(*) AS n FROM audit_log`);
    // 300 entries at once, plus 20 API requests, plus one entry inside a caller's transaction.
    await Promise.all([
      ...Array.from({ length: 300 }, (_, i) =>
        audit.record({ actor: null, action: 'view', targetType: 'group-commit', targetId: String(i) }),
      ),
      ...Array.from({ length: 20 }, () =>
        request(t.http).get('/api/departments').set(admin.auth).expect(200),
      ),
      t.ds.transaction((m) =>
        audit.record({ actor: null, action: 'create', targetType: 'group-commit', targetId: 'tx' }, m),
      ),
    ]);
    const rows: { target_id: string }[] = await t.ds.query(
      `SELECT target_id FROM audit_log WHERE target_type = 'group-commit' ORDER BY id`,
    );
    expect(rows).toHaveLength(301);
    expect(new Set(rows.map((r) => r.target_id)).size).toBe(301);
    const after: { n: string }[] = await t.ds.query(`SELECT count(*) AS n FROM audit_log`);
    expect(Number(after[0].n) - Number(before[0].n)).toBe(321);
    expect((await verifyAuditChain(t.ds)).ok).toBe(true);
    // An entry in a rolled-back transaction leaves nothing behind.
    const recordThenRollBack = () =>
      t.ds
        .transaction(async (m) => {
          await audit.record(
            { actor: null, action: 'create', targetType: 'group-commit', targetId: 'gone' },
            m,
          );
          throw new Error('rollback');
        })
        .catch(() => undefined);
    await recordThenRollBack();
    const gone = await t.ds.query(`SELECT 1 FROM audit_log WHERE target_id = 'gone'`);
    expect(gone).toHaveLength(0);
    // The rolled-back entry's hash was the instance's guess at the chain's end: later entries, in a
    // group commit and in a transaction, still link to the row really on record.
    await audit.record({ actor: null, action: 'view', targetType: 'group-commit', targetId: 'after' });
    await t.ds.transaction((m) =>
      audit.record({ actor: null, action: 'create', targetType: 'group-commit', targetId: 'after-tx' }, m),
    );
    await recordThenRollBack();
    await t.ds.transaction((m) =>
      audit.record({ actor: null, action: 'create', targetType: 'group-commit', targetId: 'after-tx2' }, m),
    );
    const later: { target_id: string }[] = await t.ds.query(
      `SELECT target_id FROM audit_log WHERE target_id IN ('after', 'after-tx', 'gone', 'after-tx2') ORDER BY id`,
    );
    expect(later.map((r) => r.target_id)).toEqual(['after', 'after-tx', 'after-tx2']);
    expect(await verifyAuditChain(t.ds)).toMatchObject({ ok: true });
  });

  it('keeps one chain when two instances append in turn (the one-round-trip commit falls back)', async () => {
    const mine = t.app.get(AuditService);
    const other = new AuditService(t.ds); // a second app instance on the same database
    const hostile = `'); DROP TABLE audit_log; -- \\ \u0000x 氏名 "q" $1 $$`.replace('\u0000', '');
    for (let i = 0; i < 6; i++) {
      const by = i % 3 === 2 ? other : mine;
      await by.record({
        actor: { id: null, name: hostile, role: 'clerk' },
        action: 'view',
        targetType: 'two-writers',
        targetId: String(i),
        ip: '::1',
        status: 200,
        detail: { note: hostile, nested: { n: i, list: [hostile, null, true] } },
      });
    }
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? other : mine).record({
          actor: null,
          action: 'view',
          targetType: 'two-writers',
          targetId: `c${i}`,
        }),
      ),
    );
    const rows: { target_id: string; actor_name: string | null; detail: { note?: string } | null }[] =
      await t.ds.query(
        `SELECT target_id, actor_name, detail FROM audit_log WHERE target_type = 'two-writers' ORDER BY id`,
      );
    expect(rows).toHaveLength(46);
    expect(rows.slice(0, 6).map((r) => r.target_id)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(rows[0].actor_name).toBe(hostile);
    expect(rows[0].detail?.note).toBe(hostile);
    expect((await verifyAuditChain(t.ds)).ok).toBe(true);
  });

  it('is append-only and verification names the first edited row', async () => {
    await request(t.http).get('/api/departments').set(admin.auth).expect(200);
    expect((await verifyAuditChain(t.ds)).ok).toBe(true);
    await expect(t.ds.query(`UPDATE audit_log SET actor_name = 'mallory' WHERE id = 2`)).rejects.toThrow(
      /append-only/,
    );
    // A superuser can bypass the trigger; the chain still exposes the edit.
    await t.ds.query('ALTER TABLE audit_log DISABLE TRIGGER trg_audit_log_append_only');
    await t.ds.query(`UPDATE audit_log SET actor_name = 'mallory' WHERE id = 2`);
    await t.ds.query('ALTER TABLE audit_log ENABLE TRIGGER trg_audit_log_append_only');
    const verdict = await verifyAuditChain(t.ds);
    expect(verdict).toMatchObject({ ok: false, brokenId: '2' });
    const api = await request(t.http).get('/api/admin/audit/verify').set(admin.auth).expect(200);
    expect(api.body).toMatchObject({ ok: false, brokenId: '2' });
  });
});

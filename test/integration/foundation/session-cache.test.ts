import request from 'supertest';
import { userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

// Resolved sessions are cached per instance; every change to users, sessions or departments must
// reach every instance (trigger + LISTEN) and the instance that made it at once.

let a: TestApp;
let b: TestApp; // a second instance on A's database

beforeAll(async () => {
  a = await startTestApp();
  b = await startTestApp({ databaseUrl: a.databaseUrl });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

/** Retries `check` until it passes (a notification crosses instances in milliseconds). */
async function eventually(check: () => Promise<void>, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Changes a row behind every instance's back: no trigger fires, so no cache hears of it. */
async function silently(sql: string, params: unknown[]): Promise<void> {
  await a.ds.transaction(async (m) => {
    await m.query(`SET LOCAL session_replication_role = replica`);
    await m.query(sql, params);
  });
}

describe('session cache across two instances', () => {
  it('serves a session from the cache, and forgets it when another instance logs it out', async () => {
    const { user, auth } = await userWithToken(a.http, a.ds, { role: 'clerk', displayName: '旧 氏名' });
    expect((await request(b.http).get('/api/auth/me').set(auth).expect(200)).body.displayName).toBe(
      '旧 氏名',
    );
    // Proof that B answers from its cache: a change it is not told about stays unseen.
    await silently(`UPDATE app_user SET display_name = '新 氏名' WHERE id = $1`, [user.id]);
    expect((await request(b.http).get('/api/auth/me').set(auth).expect(200)).body.displayName).toBe(
      '旧 氏名',
    );
    await request(a.http).post('/api/auth/logout').set(auth).expect(204);
    // A, which made the change, refuses at once; B as soon as the notification arrives.
    await request(a.http).get('/api/auth/me').set(auth).expect(401);
    await eventually(async () => {
      await request(b.http).get('/api/auth/me').set(auth).expect(401);
    });
  });

  it('refuses a user disabled on the other instance, and shows a renamed department', async () => {
    const admin = await userWithToken(a.http, a.ds, { role: 'admin' });
    const clerk = await userWithToken(a.http, a.ds, { role: 'clerk' });
    const me = await request(b.http).get('/api/auth/me').set(clerk.auth).expect(200);
    const dept = (
      await a.ds.query(`SELECT version FROM department WHERE id = $1`, [me.body.departmentId])
    )[0];
    await request(a.http)
      .patch(`/api/departments/${me.body.departmentId}`)
      .set(admin.auth)
      .send({ version: dept.version, name: '改名後の課' })
      .expect(200);
    await eventually(async () => {
      const again = await request(b.http).get('/api/auth/me').set(clerk.auth).expect(200);
      expect(again.body.departmentName).toBe('改名後の課');
    });
    const u = (await a.ds.query(`SELECT version FROM app_user WHERE id = $1`, [clerk.user.id]))[0];
    await request(a.http)
      .patch(`/api/admin/users/${clerk.user.id}`)
      .set(admin.auth)
      .send({ version: u.version, disabled: true })
      .expect(200);
    await request(a.http).get('/api/auth/me').set(clerk.auth).expect(401);
    await eventually(async () => {
      const res = await request(b.http).get('/api/auth/me').set(clerk.auth);
      expect(res.status).toBe(401);
    });
  });

  it('takes a change made outside the app (psql, the CLI) through the trigger', async () => {
    const { user, auth } = await userWithToken(a.http, a.ds, { role: 'member' });
    await request(b.http).get('/api/auth/me').set(auth).expect(200);
    await a.ds.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1`, [user.id]);
    await eventually(async () => {
      await request(b.http).get('/api/auth/me').set(auth).expect(401);
    });
  });
});

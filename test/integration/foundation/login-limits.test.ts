import request from 'supertest';
import { DEFAULT_PASSWORD, makeUser, userWithToken } from '../../support/factories';
import { startTestApp, testAppSuite, type TestApp } from '../../support/test-app';

/** Spellings of one route that Express may route alike (or not) but must never escape a limit. */
const LOGIN_VARIANTS = ['/api/auth/login/', '/API/auth/login', '//api//auth/login', '/api/auth/%6Cogin'];

async function failedLogins(t: TestApp, username: string): Promise<number> {
  const [{ n }] = await t.ds.query(
    `SELECT count(*)::int AS n FROM audit_log WHERE action = 'login.failed' AND actor_name = $1`,
    [username],
  );
  return n as number;
}

describe('login limit and admin allow-list hold for every spelling of the path', () => {
  let t: TestApp;
  let adminAuth: { Authorization: string };
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '3', ADMIN_ALLOWED_IPS: '192.0.2.0/24' } });
    ({ auth: adminAuth } = await userWithToken(t.http, t.ds, { role: 'admin' }));
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(LOGIN_VARIANTS)(
    'after the login limit, %s evaluates no password and logs nobody in',
    async (variant) => {
      const user = await makeUser(t.ds, { role: 'secretariat' });
      for (let i = 0; i < 3; i++) {
        await request(t.http)
          .post('/api/auth/login')
          .send({ username: user.username, password: `wrong-${i}` })
          .expect(401);
      }
      const res = await request(t.http)
        .post(variant)
        .send({ username: user.username, password: DEFAULT_PASSWORD });
      expect([404, 429]).toContain(res.status);
      expect(res.body.accessToken).toBeUndefined();
      expect(await failedLogins(t, user.username)).toBe(3);
    },
  );

  it.each(LOGIN_VARIANTS.filter((v) => v !== '/api/auth/%6Cogin'))(
    'attempts through %s count toward the same limit',
    async (variant) => {
      const user = await makeUser(t.ds, { role: 'member' });
      for (let i = 0; i < 3; i++) {
        const res = await request(t.http)
          .post(variant)
          .send({ username: user.username, password: `wrong-${i}` });
        expect([401, 404]).toContain(res.status);
      }
      const blocked = await request(t.http)
        .post('/api/auth/login')
        .send({ username: user.username, password: DEFAULT_PASSWORD });
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe('LOGIN_RATE_LIMITED');
    },
  );

  it.each([
    '/API/ADMIN/USERS',
    '/api/admin/users/',
    '//api//admin/users',
    '/api/%61dmin/users',
    '/Api/Admin/Users',
  ])('the admin allow-list refuses %s from an address outside it', async (variant) => {
    const res = await request(t.http).get(variant).set(adminAuth);
    expect([403, 404]).toContain(res.status);
    if (res.status === 403) expect(res.body.code).toBe('ADMIN_IP_REFUSED');
    expect(JSON.stringify(res.body)).not.toContain(`"username"`);
  });

  it.each(['/ADMIN', '/admin/', '//admin//users', '/%61dmin'])(
    'the admin screens refuse %s from an address outside it',
    async (variant) => {
      const res = await request(t.http).get(variant).set(adminAuth);
      expect([403, 404]).toContain(res.status);
    },
  );
});

describe('account lockout under concurrency', () => {
  const t = testAppSuite({
    env: { LOGIN_RATE_LIMIT: '100000', API_RATE_LIMIT: '1000000', LOGIN_MAX_ATTEMPTS: '5' },
    listen: true,
  });

  it('40 parallel wrong passwords evaluate at most 5; the account is locked, even for the right password', async () => {
    const user = await makeUser(t.ds, { role: 'secretariat' });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        request(t.baseUrl)
          .post('/api/auth/login')
          .send({ username: user.username, password: `wrong-${i}` })
          .then((r) => r.status),
      ),
    );
    expect(answers.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
    expect(answers.filter((s) => s === 423).length).toBeGreaterThanOrEqual(36);
    expect(answers.filter((s) => s !== 401 && s !== 423)).toEqual([]);
    expect(await failedLogins(t, user.username)).toBeLessThanOrEqual(5);
    const [{ locked }] = await t.ds.query(
      `SELECT locked_until > now() AS locked FROM app_user WHERE id = $1`,
      [user.id],
    );
    expect(locked).toBe(true);
    const right = await request(t.baseUrl)
      .post('/api/auth/login')
      .send({ username: user.username, password: DEFAULT_PASSWORD });
    expect(right.status).toBe(423);
    expect(right.body.code).toBe('AUTH_ACCOUNT_LOCKED');
    expect(right.body.accessToken).toBeUndefined();
  });

  it('wrong current passwords on /api/auth/password count toward the lockout', async () => {
    const { user, auth } = await userWithToken(t.http, t.ds, { role: 'member' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(t.http)
        .post('/api/auth/password')
        .set(auth)
        .send({ currentPassword: `wrong-${i}`, newPassword: 'Another-password-2026' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
    expect(statuses.slice(4)).toEqual([423, 423]);
    // Locked: the right current password is refused too, and so is a login.
    const right = await request(t.http)
      .post('/api/auth/password')
      .set(auth)
      .send({ currentPassword: DEFAULT_PASSWORD, newPassword: 'Another-password-2026' });
    expect(right.status).toBe(423);
    await request(t.http)
      .post('/api/auth/login')
      .send({ username: user.username, password: DEFAULT_PASSWORD })
      .expect(423);
  });

  it('wrong current passwords on the password form count toward the lockout', async () => {
    const { user, token } = await userWithToken(t.http, t.ds, { role: 'member' });
    const cookie = `shingikai_session=${token}`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await request(t.http)
        .post('/password')
        .set('Cookie', cookie)
        .type('form')
        .send({
          currentPassword: `wrong-${i}`,
          newPassword: 'Another-password-2026',
          confirmPassword: 'Another-password-2026',
        });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
    await request(t.http)
      .post('/api/auth/login')
      .send({ username: user.username, password: DEFAULT_PASSWORD })
      .expect(423);
  });
});

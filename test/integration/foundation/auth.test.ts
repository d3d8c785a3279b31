import jwt from 'jsonwebtoken';
import request from 'supertest';
import { DEFAULT_PASSWORD, login, makeUser, userWithToken } from '../../support/factories';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../../support/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { LOGIN_MAX_ATTEMPTS: '3', TOKEN_TTL: '1h' } });
});
afterAll(() => t.close());

const loginAttempt = (username: string, password: string) =>
  request(t.http).post('/api/auth/login').send({ username, password });

function expectProblem(res: request.Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
  expect(typeof res.body.type).toBe('string');
  expect(typeof res.body.title).toBe('string');
  expect(res.body.detail).toMatch(/[ぁ-んァ-ヶ一-龠]/); // Japanese
  expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(|QueryFailedError|SELECT |node_modules/);
}

describe('login', () => {
  it('returns a token and an HttpOnly SameSite=Strict cookie', async () => {
    const u = await makeUser(t.ds, { role: 'secretariat' });
    const res = await loginAttempt(u.username, DEFAULT_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.tokenType).toBe('Bearer');
    expect(res.body.user).toMatchObject({ username: u.username, role: 'secretariat', roleLabel: '事務局' });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/shingikai_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await request(t.http)
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.username).toBe(u.username);
  });

  it('the cookie alone authenticates the UI and logout invalidates it', async () => {
    const u = await makeUser(t.ds, { role: 'member' });
    const agent = request.agent(t.http);
    await agent
      .post('/api/auth/login')
      .send({ username: u.username, password: DEFAULT_PASSWORD })
      .expect(200);
    await agent.get('/api/auth/me').expect(200);
    const token = (await agent.get('/api/auth/me')).request.getHeader?.('cookie');
    void token;
    await agent.post('/api/auth/logout').expect(204);
    expectProblem(await agent.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('a token of a logged-out session is refused', async () => {
    const { auth } = await userWithToken(t.http, t.ds, { role: 'member' });
    await request(t.http).post('/api/auth/logout').set(auth).expect(204);
    expectProblem(await request(t.http).get('/api/auth/me').set(auth), 401, 'AUTH_SESSION_ENDED');
  });

  it('refuses a wrong password with a Japanese problem', async () => {
    const u = await makeUser(t.ds, { role: 'clerk' });
    expectProblem(await loginAttempt(u.username, 'Wrong-password-1'), 401, 'AUTH_INVALID_CREDENTIALS');
    expectProblem(await loginAttempt('nobody-here', 'Wrong-password-1'), 401, 'AUTH_INVALID_CREDENTIALS');
  });

  it('locks the account after the configured number of failures, even for the right password', async () => {
    const u = await makeUser(t.ds, { role: 'clerk' });
    for (let i = 0; i < 2; i++)
      expectProblem(await loginAttempt(u.username, 'Wrong-password-1'), 401, 'AUTH_INVALID_CREDENTIALS');
    expectProblem(await loginAttempt(u.username, 'Wrong-password-1'), 423, 'AUTH_ACCOUNT_LOCKED');
    expectProblem(await loginAttempt(u.username, DEFAULT_PASSWORD), 423, 'AUTH_ACCOUNT_LOCKED');
    const [row] = await t.ds.query('SELECT locked_until FROM app_user WHERE id = $1', [u.id]);
    const minutes = (new Date(row.locked_until).getTime() - Date.now()) / 60000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    // After the lock expires the right password works again.
    await t.ds.query(`UPDATE app_user SET locked_until = now() - interval '1 second' WHERE id = $1`, [u.id]);
    await login(t.http, u.username);
    const audit = await t.ds.query(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`, [u.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['login.failed', 'login.locked', 'login.ok']),
    );
  });

  it('forces a password change before anything else works', async () => {
    const u = await makeUser(t.ds, { role: 'secretariat', mustChangePassword: true });
    const token = await login(t.http, u.username);
    const auth = { Authorization: `Bearer ${token}` };
    expectProblem(
      await request(t.http).get('/api/departments').set(auth),
      403,
      'AUTH_PASSWORD_CHANGE_REQUIRED',
    );
    const me = await request(t.http).get('/api/auth/me').set(auth).expect(200);
    expect(me.body.mustChangePassword).toBe(true);
    const weak = await request(t.http)
      .post('/api/auth/password')
      .set(auth)
      .send({ currentPassword: DEFAULT_PASSWORD, newPassword: 'short1' });
    expectProblem(weak, 400, 'AUTH_WEAK_PASSWORD');
    expect(weak.body.errors[0].field).toBe('newPassword');
    const wrong = await request(t.http)
      .post('/api/auth/password')
      .set(auth)
      .send({ currentPassword: 'Not-the-password-1', newPassword: 'Brand-new-pass-2026' });
    expectProblem(wrong, 400, 'AUTH_WRONG_CURRENT_PASSWORD');
    await request(t.http)
      .post('/api/auth/password')
      .set(auth)
      .send({ currentPassword: DEFAULT_PASSWORD, newPassword: 'Brand-new-pass-2026' })
      .expect(204);
    await request(t.http).get('/api/departments').set(auth).expect(200);
    await login(t.http, u.username, 'Brand-new-pass-2026');
  });

  it('shows the previous login time', async () => {
    const u = await makeUser(t.ds, { role: 'member' });
    const first = await loginAttempt(u.username, DEFAULT_PASSWORD);
    expect(first.body.user.previousLoginAt).toBeNull();
    const second = await loginAttempt(u.username, DEFAULT_PASSWORD);
    expect(second.body.user.previousLoginAt).not.toBeNull();
    const me = await request(t.http)
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${second.body.accessToken}`);
    expect(new Date(me.body.previousLoginAt).getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('tokens', () => {
  it('refuses an expired token', async () => {
    const { user, token } = await userWithToken(t.http, t.ds, { role: 'member' });
    const payload = jwt.decode(token) as { sid: string };
    const expired = jwt.sign(
      { sub: user.id, sid: payload.sid, role: 'member', exp: Math.floor(Date.now() / 1000) - 10 },
      TEST_JWT_SECRET,
    );
    expectProblem(
      await request(t.http).get('/api/auth/me').set('Authorization', `Bearer ${expired}`),
      401,
      'AUTH_TOKEN_EXPIRED',
    );
  });

  it('refuses a token signed with another secret, a forged one and garbage', async () => {
    const { user, token } = await userWithToken(t.http, t.ds, { role: 'admin' });
    const payload = jwt.decode(token) as { sid: string };
    const other = jwt.sign(
      { sub: user.id, sid: payload.sid, role: 'admin' },
      'another-secret-another-secret-another-secret',
    );
    expectProblem(
      await request(t.http).get('/api/admin/users').set('Authorization', `Bearer ${other}`),
      401,
      'AUTH_TOKEN_INVALID',
    );
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: user.id, sid: payload.sid, role: 'admin' }),
    ).toString('base64url')}.`;
    expectProblem(
      await request(t.http).get('/api/admin/users').set('Authorization', `Bearer ${none}`),
      401,
      'AUTH_TOKEN_INVALID',
    );
    expectProblem(
      await request(t.http).get('/api/admin/users').set('Authorization', 'Bearer abc.def.ghi'),
      401,
      'AUTH_TOKEN_INVALID',
    );
  });

  it('refuses a valid token whose user was disabled', async () => {
    const admin = await userWithToken(t.http, t.ds, { role: 'admin' });
    const victim = await userWithToken(t.http, t.ds, { role: 'member' });
    await request(t.http)
      .patch(`/api/admin/users/${victim.user.id}`)
      .set(admin.auth)
      .send({ version: victim.user.version, disabled: true })
      .expect(200);
    const res = await request(t.http).get('/api/auth/me').set(victim.auth);
    expect(res.status).toBe(401);
  });
});

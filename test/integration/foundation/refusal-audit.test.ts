import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { verifyAuditChain } from '../../../src/audit/audit.service';
import { REFUSALS_PER_ADDRESS } from '../../../src/auth/refusal-audit.service';
import { userWithToken } from '../../support/factories';
import { testAppSuite, type TestApp } from '../../support/test-app';

interface RefusalRow {
  action: string;
  actor_name: string | null;
  ip: string | null;
  status: number | null;
  detail: { method?: string; path?: string; code?: string } | null;
}

let addressSeq = 0;
/** Each test speaks from its own address (through the trusted local proxy), so caps do not mix. */
const nextAddress = () => `198.51.100.${++addressSeq}`;

/** Refusal rows are written in the background: wait until `done` holds for what is on record. */
async function refusalRows(
  t: TestApp,
  ip: string,
  done: (rows: RefusalRow[]) => boolean,
): Promise<RefusalRow[]> {
  let rows: RefusalRow[] = [];
  for (let i = 0; i < 50; i++) {
    rows = await t.ds.query(
      `SELECT action, actor_name, ip, status, detail FROM audit_log
        WHERE ip = $1 AND action IN ('access.denied', 'csrf.refused', 'rate.limited', 'ip.denied', 'write.refused')
        ORDER BY id`,
      [ip],
    );
    if (done(rows)) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
  return rows;
}

/** What is on record for `ip`: exactly one refusal, with these fields. */
async function expectOneRefusal(t: TestApp, ip: string, row: Partial<Record<keyof RefusalRow, unknown>>) {
  expect(await refusalRows(t, ip, (r) => r.length > 0)).toEqual([expect.objectContaining(row)]);
}

describe('refused requests leave an audit trace', () => {
  const t = testAppSuite({
    env: {
      API_RATE_LIMIT: '100000',
      LOGIN_RATE_LIMIT: '3',
      ADMIN_ALLOWED_IPS: '192.0.2.0/24',
    },
  });

  it('a 401 on a protected resource is recorded with method, path, status and address', async () => {
    const ip = nextAddress();
    await request(t.http).get('/api/cases').set('X-Forwarded-For', ip).expect(401);
    await expectOneRefusal(t, ip, {
      action: 'access.denied',
      actor_name: null,
      status: 401,
      detail: expect.objectContaining({ method: 'GET', path: '/api/cases', code: 'UNAUTHENTICATED' }),
    });
  });

  it('a 403 (role) and a 404 (a case the user cannot see) are recorded with the user', async () => {
    const { user, auth } = await userWithToken(t.http, t.ds, { role: 'member' });
    const ip = nextAddress();
    // 192.0.2.x passes the admin allow-list, so the role check is what refuses.
    await request(t.http).get('/api/admin/users').set(auth).set('X-Forwarded-For', '192.0.2.44').expect(403);
    await expectOneRefusal(t, '192.0.2.44', {
      action: 'access.denied',
      actor_name: user.username,
      status: 403,
    });
    const missing = `/api/cases/${randomUUID()}`;
    await request(t.http).get(missing).set(auth).set('X-Forwarded-For', ip).expect(404);
    await expectOneRefusal(t, ip, {
      action: 'access.denied',
      actor_name: user.username,
      status: 404,
      detail: expect.objectContaining({ path: missing }),
    });
  });

  it('a cross-site write, the login limit and the admin allow-list each leave their row', async () => {
    const { token } = await userWithToken(t.http, t.ds, { role: 'secretariat' });
    const ip = nextAddress();
    await request(t.http)
      .post('/api/cases')
      .set('Cookie', `shingikai_session=${token}`)
      .set('Origin', 'https://evil.example')
      .set('X-Forwarded-For', ip)
      .send({})
      .expect(403);
    for (let i = 0; i < 4; i++)
      await request(t.http)
        .post('/api/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ username: 'nobody-here', password: `wrong-${i}` });
    await request(t.http)
      .get('/api/admin/users')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Forwarded-For', ip)
      .expect(403);
    const rows = await refusalRows(t, ip, (r) => r.length >= 3);
    expect(rows.map((r) => [r.action, r.status, r.detail?.code])).toEqual([
      ['csrf.refused', 403, 'CSRF_REJECTED'],
      ['rate.limited', 429, 'LOGIN_RATE_LIMITED'],
      ['ip.denied', 403, 'ADMIN_IP_REFUSED'],
    ]);
  });

  it('a refused write on a route that audits itself (@NoAudit) is recorded', async () => {
    const { user, auth } = await userWithToken(t.http, t.ds, { role: 'member' });
    const ip = nextAddress();
    await request(t.http)
      .post('/api/auth/password')
      .set(auth)
      .set('X-Forwarded-For', ip)
      .send({ currentPassword: 'not-my-password', newPassword: 'Another-password-2026' })
      .expect(400);
    await expectOneRefusal(t, ip, {
      action: 'write.refused',
      actor_name: user.username,
      status: 400,
      detail: expect.objectContaining({ method: 'POST', code: 'AUTH_WRONG_CURRENT_PASSWORD' }),
    });
  });

  it('a burst of 200 anonymous 401s is answered in full and leaves a bounded number of rows', async () => {
    const ip = nextAddress();
    const statuses = await Promise.all(
      Array.from({ length: 200 }, () =>
        request(t.http)
          .get('/api/departments')
          .set('X-Forwarded-For', ip)
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s !== 401)).toEqual([]);
    const rows = await refusalRows(t, ip, (r) => r.length >= REFUSALS_PER_ADDRESS);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.length).toBeLessThanOrEqual(REFUSALS_PER_ADDRESS);
    // The chain still verifies with the batched rows in it.
    expect(await verifyAuditChain(t.ds)).toMatchObject({ ok: true });
  });
});

describe('public pages have their own per-address limit', () => {
  const t = testAppSuite({ env: { API_RATE_LIMIT: '10', PUBLIC_RATE_LIMIT: '5' } });

  it('the public cannot use up the staff budget of an address, and is limited on its own', async () => {
    const ip = nextAddress();
    const publicStatuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await request(t.http)
        .get(`/public/minutes/${randomUUID()}/minutes.pdf`)
        .set('X-Forwarded-For', ip);
      publicStatuses.push(res.status);
    }
    expect(publicStatuses.slice(0, 5).filter((s) => s === 429)).toEqual([]);
    expect(publicStatuses.slice(5)).toEqual([429, 429, 429]);
    const staffStatuses: number[] = [];
    for (let i = 0; i < 10; i++)
      staffStatuses.push((await request(t.http).get('/api/departments').set('X-Forwarded-For', ip)).status);
    expect(staffStatuses.filter((s) => s === 429)).toEqual([]);
  });
});

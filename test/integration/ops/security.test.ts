import request from 'supertest';
import type { App } from 'supertest/types';
import { DEFAULT_PASSWORD, makeUser, userWithToken } from '../../support/factories';
import { startTestApp, testAppSuite, type TestApp } from '../../support/test-app';

const PROBLEM = /^application\/problem\+json/;

describe('security headers', () => {
  const t = testAppSuite();

  const directives = (csp: string) =>
    Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((p) => p[0])
        .map(([name, ...values]) => [name, values]),
    );

  it('pages and API answers carry a strict Content-Security-Policy and the helmet headers', async () => {
    for (const path of ['/login', '/api/health', '/api/no-such-route', '/api/docs-json']) {
      const res = await request(t.http).get(path);
      const csp = directives(res.headers['content-security-policy']);
      expect({ path, csp }).toEqual({
        path,
        csp: expect.objectContaining({
          'default-src': ["'self'"],
          'object-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          'form-action': ["'self'"],
          'base-uri': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'"],
        }),
      });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('only the Swagger UI gets its relaxed style policy', async () => {
    const docs = await request(t.http).get('/api/docs/').redirects(1);
    expect(docs.status).toBe(200);
    expect(directives(docs.headers['content-security-policy'])['style-src']).toEqual([
      "'self'",
      "'unsafe-inline'",
    ]);
    expect(directives(docs.headers['content-security-policy'])['script-src']).toEqual(["'self'"]);
    const page = await request(t.http).get('/login');
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  /** Follows same-origin links from the dashboard, as each role sees them. */
  async function crawl(http: App, cookie: string): Promise<Map<string, string>> {
    const pages = new Map<string, string>();
    const queue = ['/'];
    while (queue.length && pages.size < 40) {
      const path = queue.shift()!;
      if (pages.has(path)) continue;
      const res = await request(http).get(path).set('Cookie', cookie);
      if (res.status !== 200 || !/text\/html/.test(res.headers['content-type'])) continue;
      pages.set(path, res.text);
      for (const [, href] of res.text.matchAll(/href="(\/[^"#]*)"/g)) {
        if (!href.startsWith('/assets/') && !pages.has(href)) queue.push(href.replace(/&amp;/g, '&'));
      }
    }
    return pages;
  }

  it('the UI passes its policy: no inline script, style or event handler, assets from /assets only', async () => {
    let crawled = 0;
    for (const role of ['admin', 'secretariat', 'clerk', 'member', 'chair'] as const) {
      const { token } = await userWithToken(t.http, t.ds, { role });
      const pages = await crawl(t.http, `shingikai_session=${token}`);
      const login = await request(t.http).get('/login');
      pages.set('/login', login.text);
      for (const [path, html] of pages) {
        crawled++;
        const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1]);
        expect({ path, inlineScripts: scripts.filter((a) => !/\bsrc=/.test(a)) }).toEqual({
          path,
          inlineScripts: [],
        });
        expect({ path, styleElements: /<style\b/i.test(html) }).toEqual({ path, styleElements: false });
        expect({ path, styleAttributes: html.match(/\sstyle=/gi) ?? [] }).toEqual({
          path,
          styleAttributes: [],
        });
        expect({ path, handlers: html.match(/\son[a-z]+\s*=/gi) ?? [] }).toEqual({ path, handlers: [] });
        const external = [...html.matchAll(/\s(?:src|href)="((?:https?:)?\/\/[^"]*)"/gi)].map((m) => m[1]);
        expect({ path, external }).toEqual({ path, external: [] });
        expect({ path, javascriptUrls: /\s(?:href|action|src)="javascript:/i.test(html) }).toEqual({
          path,
          javascriptUrls: false,
        });
      }
    }
    expect(crawled).toBeGreaterThanOrEqual(10);
  });
});

describe('rate limits', () => {
  const t = testAppSuite({ env: { LOGIN_RATE_LIMIT: '3', API_RATE_LIMIT: '40' } });

  it('login: after the limit for one address and user name, 429 problem+json in Japanese with Retry-After', async () => {
    const user = await makeUser(t.ds, { role: 'secretariat' });
    for (let i = 0; i < 3; i++) {
      const res = await request(t.http)
        .post('/api/auth/login')
        .send({ username: user.username, password: `wrong-${i}` });
      expect(res.status).toBe(401);
    }
    // Over the limit even the right password is refused, through the API and the login form alike.
    const blocked = await request(t.http)
      .post('/api/auth/login')
      .send({ username: user.username, password: DEFAULT_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.headers['content-type']).toMatch(PROBLEM);
    expect(blocked.body).toMatchObject({
      status: 429,
      code: 'LOGIN_RATE_LIMITED',
      title: 'リクエストが多すぎます',
    });
    expect(blocked.body.detail).toContain('ログインの試行回数が上限に達しました');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);

    const form = await request(t.http)
      .post('/login')
      .type('form')
      .send({ username: user.username.toUpperCase(), password: DEFAULT_PASSWORD });
    expect(form.status).toBe(429);
    expect(form.headers['content-type']).toMatch(/text\/html/);
    expect(form.text).toContain('ログインの試行回数が上限に達しました');

    // Another user name from the same address is not affected.
    const other = await makeUser(t.ds, { role: 'member' });
    await request(t.http)
      .post('/api/auth/login')
      .send({ username: other.username, password: DEFAULT_PASSWORD })
      .expect(200);
  });

  it('API: after API_RATE_LIMIT requests a minute from one address, 429 problem+json; health checks are exempt', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await request(t.http).get('/api/departments')).status);
    // Earlier requests of this file count too: the limit is per address, not per route.
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 429 && s !== 401)).toEqual([]);
    const res = await request(t.http).get('/api/departments');
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429 });
    expect(res.body.detail).toMatch(/一時的に受付を制限しています/);
    await request(t.http).get('/api/health').expect(200);
    // Another client address (through the trusted local proxy) has its own budget.
    await request(t.http).get('/api/departments').set('X-Forwarded-For', '192.0.2.7').expect(401);
  });
});

describe('admin IP allow-list', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_ALLOWED_IPS: '192.0.2.0/24, 2001:db8::/32' } });
    ({ auth, token } = await userWithToken(t.http, t.ds, { role: 'admin' }));
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses the admin API from other addresses with 403 problem+json, even for an administrator', async () => {
    const res = await request(t.http).get('/api/admin/users').set(auth);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ code: 'ADMIN_IP_REFUSED', status: 403 });
    expect(res.body.detail).toContain('許可された端末');
    // A write is refused too, and changes nothing.
    const write = await request(t.http)
      .post('/api/admin/users')
      .set(auth)
      .send({ username: 'x1', displayName: 'x', role: 'member' });
    expect(write.status).toBe(403);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM app_user WHERE username = 'x1'`);
    expect(n).toBe(0);
  });

  it('refuses the admin screens with a Japanese error page', async () => {
    const res = await request(t.http).get('/admin/users').set('Cookie', `shingikai_session=${token}`);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('管理機能は許可された端末');
  });

  it('lets allowed addresses (IPv4 and IPv6 ranges) in and leaves other areas alone', async () => {
    await request(t.http).get('/api/admin/users').set(auth).set('X-Forwarded-For', '192.0.2.44').expect(200);
    await request(t.http)
      .get('/api/admin/users')
      .set(auth)
      .set('X-Forwarded-For', '2001:db8::12')
      .expect(200);
    await request(t.http)
      .get('/api/admin/users')
      .set(auth)
      .set('X-Forwarded-For', '198.51.100.1')
      .expect(403);
    await request(t.http).get('/api/departments').set(auth).expect(200);
    await request(t.http).get('/').set('Cookie', `shingikai_session=${token}`).expect(200);
  });
});

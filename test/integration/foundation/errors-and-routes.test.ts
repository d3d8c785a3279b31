import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import request from 'supertest';
import { IS_PUBLIC, PLATFORM_KEY, ROLES_KEY } from '../../../src/auth/decorators';
import { userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** Every route the application serves, with its access metadata. */
function allRoutes(): {
  method: string;
  path: string;
  isPublic: boolean;
  roles: string[] | undefined;
  platform: string | undefined;
}[] {
  const discovery = new DiscoveryService(t.app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = (instance as Record<string, unknown>)[name] as object;
      const path = Reflect.getMetadata(PATH_METADATA, handler);
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const full = `/${[base, String(path)].filter(Boolean).join('/')}`
        .replace(/\/+/g, '/')
        .replace(/(.)\/$/, '$1');
      routes.push({
        method,
        path: full,
        isPublic: Boolean(reflector.getAllAndOverride(IS_PUBLIC, [handler as () => void, wrapper.metatype])),
        roles: reflector.getAllAndOverride<string[]>(ROLES_KEY, [handler as () => void, wrapper.metatype]),
        platform: reflector.getAllAndOverride<string>(PLATFORM_KEY, [
          handler as () => void,
          wrapper.metatype,
        ]),
      });
    }
  }
  return routes;
}

describe('deny by default', () => {
  const PUBLIC_ROUTES = [
    'GET /api/health',
    'POST /api/auth/login',
    'GET /login',
    'POST /login',
    // the public portal of published minutes and issued replies
    'GET /public',
    'GET /public/minutes/:meetingId',
    'GET /public/replies/:id',
    'GET /public/minutes/:id/minutes.pdf',
    // one portal per council, its feed and its open read API (issue 19)
    'GET /public/:slug',
    'GET /public/:slug/search',
    'GET /public/:slug/minutes/:meetingId',
    'GET /public/:slug/replies/:id',
    'GET /public/:slug/replies',
    'GET /public/:slug/feed.atom',
    'GET /public/:slug/minutes/:id/minutes.pdf',
    'GET /public/api/openapi.json',
    'GET /public/:slug/api/meetings',
    'GET /public/:slug/api/meetings/:meetingId/lines',
    'GET /public/:slug/api/replies',
    'GET /public/:slug/api/replies/:id',
    'GET /public/:slug/api/search',
    // the published file register (法第75条) of each council
    'GET /public/:slug/file-register',
    'GET /public/:slug/file-register/file-register.pdf',
    // the first-run setup: works only while the installation has no council (then 404 / 409)
    'GET /setup',
    'POST /setup',
    'GET /api/setup',
    'POST /api/setup',
  ];

  // The platform administrator's own routes (issue 15): no council role reaches them.
  const PLATFORM_ROUTES = [
    'GET /api/platform/councils',
    'POST /api/platform/councils',
    'PATCH /api/platform/councils/:id',
    'POST /api/platform/councils/:id/suspend',
    'POST /api/platform/councils/:id/resume',
    'GET /api/platform/admins',
    'POST /api/platform/admins/:id/disable',
    'POST /api/platform/admins/:id/enable',
    'GET /platform/councils',
    'POST /platform/councils',
    'GET /platform/councils/:id',
    'POST /platform/councils/:id',
    'POST /platform/councils/:id/:action',
    'POST /platform/admins/:id/:action',
  ];

  it("every route is either explicitly public, names its roles, or is the platform administrator's", () => {
    const routes = allRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const open = routes.filter((r) => r.isPublic).map((r) => `${r.method} ${r.path}`);
    expect(open.sort()).toEqual([...PUBLIC_ROUTES].sort());
    const platform = routes.filter((r) => r.platform === 'only');
    expect(platform.map((r) => `${r.method} ${r.path}`).sort()).toEqual([...PLATFORM_ROUTES].sort());
    expect(platform.filter((r) => r.roles?.length || r.isPublic)).toEqual([]);
    const unguarded = routes.filter(
      (r) => !r.isPublic && r.platform !== 'only' && (!r.roles || r.roles.length === 0),
    );
    expect(unguarded).toEqual([]);
  });

  it('every non-public API route refuses an anonymous request', async () => {
    for (const r of allRoutes().filter((x) => !x.isPublic && x.path.startsWith('/api'))) {
      const path = r.path.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const res = await request(t.http)[r.method.toLowerCase() as 'get'](path).send({});
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({
        route: `${r.method} ${r.path}`,
        status: 401,
      });
    }
  });

  it('every non-public UI route sends an anonymous browser to the login page', async () => {
    // An installation that has been set up (before that, screens lead to /setup: test/integration/council).
    await t.ds.query(
      `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, '架空市', '架空市審議会', '架空市長')`,
    );
    for (const r of allRoutes().filter((x) => !x.isPublic && !x.path.startsWith('/api'))) {
      const path = r.path.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const res = await request(t.http)[r.method.toLowerCase() as 'get'](path);
      expect({
        route: `${r.method} ${r.path}`,
        status: res.status,
        to: res.headers.location?.split('?')[0],
      }).toEqual({
        route: `${r.method} ${r.path}`,
        status: 303,
        to: '/login',
      });
    }
  });

  it('a route of another role is refused', async () => {
    const { auth } = await userWithToken(t.http, t.ds, { role: 'clerk' });
    const res = await request(t.http).get('/api/admin/users').set(auth);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });
});

describe('problem+json', () => {
  it('validation errors name each field in Japanese', async () => {
    const res = await request(t.http)
      .post('/api/auth/login')
      .send({ username: 12, password: '', extra: 'x' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', title: '入力エラー' });
    const fields = Object.fromEntries(
      res.body.errors.map((e: { field: string; messages: string[] }) => [e.field, e.messages]),
    );
    expect(fields.username).toContain('文字列で入力してください');
    expect(fields.password).toContain('入力してください');
    expect(fields.extra).toContain('この項目は指定できません（不明な項目です）');
  });

  it('unknown routes are 404 in the same shape', async () => {
    const res = await request(t.http).get('/api/no/such/route');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('malformed JSON is 400 and a 10 MB body is 413', async () => {
    const bad = await request(t.http)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": ');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('MALFORMED_BODY');
    const big = JSON.stringify({ username: 'a'.repeat(10 * 1024 * 1024), password: 'x' });
    const res = await request(t.http)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(big);
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a malformed id is a 404, not a 500', async () => {
    const { auth } = await userWithToken(t.http, t.ds, { role: 'admin' });
    const res = await request(t.http).get("/api/admin/users/1' OR '1'='1").set(auth);
    expect(res.status).toBe(404);
  });

  it('an unknown page in the browser renders a Japanese HTML error', async () => {
    const { token } = await userWithToken(t.http, t.ds, { role: 'member' });
    const res = await request(t.http).get('/no-such-page').set('Cookie', `shingikai_session=${token}`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('ページが見つかりません');
  });
});

describe('cross-site request forgery', () => {
  it('refuses a cookie-authenticated form post from another site and changes nothing', async () => {
    const { token, user } = await userWithToken(t.http, t.ds, { role: 'admin' });
    const res = await request(t.http)
      .post('/admin/departments')
      .set('Cookie', `shingikai_session=${token}`)
      .set('Origin', 'https://evil.example')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ code: 'evil', name: '攻撃課' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF_REJECTED');
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM department WHERE code = 'evil'`);
    expect(n).toBe(0);
    // The same form from our own origin works.
    const ok = await request(t.http)
      .post('/admin/departments')
      .set('Cookie', `shingikai_session=${token}`)
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({ code: 'good', name: '正規課' });
    expect(ok.status).toBe(303);
    void user;
  });
});

describe('health and docs', () => {
  it('health reports the database', async () => {
    const res = await request(t.http).get('/api/health').expect(200);
    expect(res.body.info.database.status).toBe('up');
  });
  it('serves the OpenAPI document', async () => {
    const res = await request(t.http).get('/api/docs-json').expect(200);
    expect(res.body.paths['/api/auth/login']).toBeDefined();
  });
});

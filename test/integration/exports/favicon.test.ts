import request from 'supertest';
import { makeUser } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('favicon', () => {
  it('GET /favicon.ico answers an image without signing in', async () => {
    const res = await request(t.http).get('/favicon.ico').buffer(true).expect(200);
    expect(res.headers['content-type']).toMatch(/^image\//);
    expect(Number(res.headers['content-length'] ?? res.body.length)).toBeGreaterThan(0);
  });

  it('every page links the icon: the first-run setup page, and the login page once there are users', async () => {
    const setup = await request(t.http).get('/setup').expect(200);
    expect(setup.text).toMatch(/<link rel="icon"[^>]+href="\/favicon\.ico"/);
    await makeUser(t.ds, { role: 'admin' });
    const login = await request(t.http).get('/login').expect(200);
    expect(login.text).toMatch(/<link rel="icon"[^>]+href="\/favicon\.ico"/);
  });
});

import request from 'supertest';
import { seedCaseCatalog, NO_ANSWERS, createCase } from '../../support/case-fixtures';
import { userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedCaseCatalog(t.ds);
});
afterAll(async () => {
  await t?.close();
});

it('carries the connection form chosen in the wizard into the external-connection sheet', async () => {
  const clerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
  const created = await createCase(t.http, clerk.auth, {
    title: 'オンライン予約の導入について',
    answers: { ...NO_ANSWERS, externalConnection: true, connectionForm: 'internet' },
  });
  const res = await request(t.http).get(`/api/cases/${created.id}`).set(clerk.auth);
  expect(res.status).toBe(200);
  const sheet = (res.body.sections as { kind: string; fields: { connectionForm?: string } }[]).find(
    (s) => s.kind === 'externalConnection',
  );
  expect(sheet?.fields.connectionForm).toBe('internet');

  // and the clerk's screen shows it chosen, not a blank select
  const page = await request(t.http).get(`/cases/${created.id}`).set(clerk.auth);
  expect(page.text).toContain('インターネット');
});

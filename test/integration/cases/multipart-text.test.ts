import request from 'supertest';
import { userWithToken } from '../../support/factories';
import { createCase, seedCaseCatalog } from '../../support/case-fixtures';
import { startTestApp, type TestApp } from '../../support/test-app';

/** Text fields of a multipart upload are screened like JSON and form fields (NUL, lone surrogates). */
let t: TestApp;
let clerk: Awaited<ReturnType<typeof userWithToken>>;
let caseId: string;

beforeAll(async () => {
  t = await startTestApp();
  await seedCaseCatalog(t.ds);
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
  caseId = (await createCase(t.http, clerk.auth, { title: '添付資料の文字のテスト' })).id;
});
afterAll(() => t.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const count = async () => Number((await t.ds.query('SELECT count(*) AS n FROM case_attachment'))[0].n);

it('refuses a NUL in an upload field with 400 INVALID_CHARACTER and stores nothing', async () => {
  const text = '説明\u0000資料';
  const before = await count();
  const res = await request(t.http)
    .post(`/api/cases/${caseId}/attachments`)
    .set(clerk.auth)
    .field('title', text)
    .attach('file', PDF, 'shiryo.pdf');
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body.code).toBe('INVALID_CHARACTER');
  expect(await count()).toBe(before);
});

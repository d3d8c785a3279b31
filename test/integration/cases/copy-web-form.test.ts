import request from 'supertest';
import type { TestApp } from '../../support/test-app';
import { SAMPLE_CASE_STEPS, sampleCookie, startSampleApp } from '../../support/sample-app';
import { formPost } from '../../support/http';

/** The wizard's "copy an earlier case" form goes through the API's CopyCaseDto. */
let t: TestApp;
let midori: string;
let sourceId: string;

const form = (path: string) => formPost(t.http, path, midori);
const caseCount = async () => (await t.ds.query(`SELECT count(*)::int AS n FROM case_file`))[0].n as number;

beforeAll(async () => {
  ({ t } = await startSampleApp({}, SAMPLE_CASE_STEPS));
  midori = await sampleCookie(t, 'clerk-midori');
  const list = await request(t.http).get('/api/cases').set('Cookie', midori).expect(200);
  sourceId = list.body.items[0].id;
}, 120_000);
afterAll(() => t.close());

describe('copying a case from the wizard', () => {
  it('refuses a new title longer than the API allows, above the copy form, and copies nothing', async () => {
    const before = await caseCount();
    const res = await form('/cases/copy')
      .send({ sourceId, title: 'あ'.repeat(501) })
      .expect(400);
    expect(res.text).toContain('500 文字以内で入力してください（現在 501 文字）');
    expect(await caseCount()).toBe(before);
  });

  it('copies with a title within the limit and opens the copy in the editor', async () => {
    const res = await form('/cases/copy').send({ sourceId, title: '写しの件名' }).expect(303);
    const id = /^\/cases\/([0-9a-f-]{36})\/edit$/.exec(res.headers.location)![1];
    const copy = (await request(t.http).get(`/api/cases/${id}`).set('Cookie', midori).expect(200)).body;
    expect(copy.title).toBe('写しの件名');
  });
});

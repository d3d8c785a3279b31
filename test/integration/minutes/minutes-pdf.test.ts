import request from 'supertest';
import { squashedText } from '../documents/pdf-inspect';
import { userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { sampleContents } from '../../support/sample-app';
import { downloadBinary } from '../../support/download';

let t: TestApp;
let meetingId: string;
beforeAll(async () => {
  t = await startTestApp({ contents: sampleContents(undefined, { passwordsChanged: false }) });
  [{ meeting_id: meetingId }] = await t.ds.query(
    `SELECT meeting_id FROM minutes WHERE state = 'published' LIMIT 1`,
  );
}, 120_000);
afterAll(() => t.close());

describe('minutes PDF', () => {
  it('the public PDF of published minutes has the record, redacted, without login', async () => {
    const page = await request(t.http).get(`/public/shinjuku/minutes/${meetingId}`).expect(200);
    expect(page.text).toContain(`/public/shinjuku/minutes/${meetingId}/minutes.pdf`);
    const res = await downloadBinary(t.http, `/public/shinjuku/minutes/${meetingId}/minutes.pdf`).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await squashedText(res.body as Buffer);
    expect(text).toContain('会議録');
    expect(text).toContain('諮問事項');
    // Explainers' names appear in the internal record only.
    expect(text).not.toContain('清水課長');
  });

  it('the internal PDF is for the secretariat; unpublished minutes are not public', async () => {
    const { auth } = await userWithToken(t.http, t.ds, { role: 'secretariat' });
    const res = await request(t.http).get(`/api/meetings/${meetingId}/minutes.pdf`).set(auth).expect(200);
    expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''/);
    const clerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
    await request(t.http).get(`/api/meetings/${meetingId}/minutes.pdf`).set(clerk.auth).expect(403);
    // The upcoming meeting has no published minutes.
    const [{ id: upcoming }] = await t.ds.query(
      `SELECT id FROM meeting WHERE id NOT IN (SELECT meeting_id FROM minutes WHERE state = 'published') LIMIT 1`,
    );
    const hidden = await request(t.http).get(`/public/shinjuku/minutes/${upcoming}/minutes.pdf`);
    expect(hidden.status).toBe(404);
    expect(hidden.text).toContain('会議録はまだ作成されていません');
  });
});

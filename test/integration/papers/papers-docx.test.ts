import request from 'supertest';
import { makeDepartment, userWithToken, type Actor } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { sampleContents } from '../../support/sample-app';
import { docxHeaderRows, docxText, pdfBodyText } from '../documents/docx-inspect';
import { downloadBinary } from '../../support/download';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let t: TestApp;
let caseId: string;
let meetingId: string;
let secretariat: Actor;
let clerk: Actor;
let otherClerk: Actor;

const download = (path: string, auth: { Authorization: string }) => downloadBinary(t.http, path, auth);

beforeAll(async () => {
  t = await startTestApp({ contents: sampleContents(undefined, { passwordsChanged: false }) });
  [{ case_id: caseId }] = await t.ds.query(
    `SELECT r.case_id FROM reply r JOIN case_file c ON c.id = r.case_id ORDER BY r.created_at LIMIT 1`,
  );
  [{ meeting_id: meetingId }] = await t.ds.query(
    `SELECT meeting_id FROM minutes WHERE state = 'published' LIMIT 1`,
  );
  const [{ department_id: departmentId }] = await t.ds.query(
    `SELECT department_id FROM case_file WHERE id = $1`,
    [caseId],
  );
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId });
  const elsewhere = (await makeDepartment(t.ds, { name: '税務課' })).id;
  otherClerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: elsewhere });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('Word copies (.docx) of the papers through the API', () => {
  it.each([
    ['諮問事案書', () => `/api/cases/${caseId}/document`],
    ['答申書', () => `/api/cases/${caseId}/reply`],
    ['答申結果通知', () => `/api/cases/${caseId}/notice`],
    ['次第', () => `/api/meetings/${meetingId}/agenda`],
    ['資料一覧', () => `/api/meetings/${meetingId}/materials`],
    ['会議録', () => `/api/meetings/${meetingId}/minutes`],
  ])(
    '%s: a .docx with the text of its PDF, a Japanese file name and a download audit row',
    async (stem, path) => {
      const pdf = await download(`${path()}.pdf`, secretariat.auth).expect(200);
      const res = await download(`${path()}.docx`, secretariat.auth).expect(200);
      expect(res.headers['content-type']).toBe(DOCX);
      expect(res.headers['cache-control']).toBe('no-store');
      const pdfName = /filename\*=UTF-8''(.+)$/.exec(pdf.headers['content-disposition'] as string)![1];
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="[a-z]+\.docx"; filename\*=UTF-8''/,
      );
      expect(res.headers['content-disposition']).toContain(
        `filename*=UTF-8''${pdfName.replace(/\.pdf$/, '.docx')}`,
      );
      expect(decodeURIComponent(pdfName)).toContain(stem);
      expect(await docxText(res.body as Buffer)).toEqual(
        await pdfBodyText(pdf.body as Buffer, await docxHeaderRows(res.body as Buffer)),
      );
      const audit: { n: string }[] = await t.ds.query(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'download' AND actor_id = $1 AND status = 200`,
        [secretariat.user.id],
      );
      expect(Number(audit[0].n)).toBeGreaterThanOrEqual(2);
    },
  );

  it('answers each role exactly as the PDF does (404 for another department, 403 for a role without access)', async () => {
    for (const paper of ['document', 'notice']) {
      const pdf = await request(t.http).get(`/api/cases/${caseId}/${paper}.pdf`).set(otherClerk.auth);
      const docx = await request(t.http).get(`/api/cases/${caseId}/${paper}.docx`).set(otherClerk.auth);
      expect([docx.status, docx.body.code]).toEqual([pdf.status, pdf.body.code]);
      expect(docx.status).toBe(404);
      expect(docx.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    await download(`/api/cases/${caseId}/document.docx`, clerk.auth).expect(200);
    const minutes = await request(t.http).get(`/api/meetings/${meetingId}/minutes.docx`).set(clerk.auth);
    expect(minutes.status).toBe(403);
    await request(t.http).get(`/api/cases/${caseId}/document.docx`).expect(401);
  });

  it('offers a 「Word」 link beside the PDF on the case screen', async () => {
    const page = await request(t.http).get(`/cases/${caseId}`).set(clerk.auth).expect(200);
    expect(page.text).toContain(`href="/api/cases/${caseId}/document.docx"`);
  });
});

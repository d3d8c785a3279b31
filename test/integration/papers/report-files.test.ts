import { PDFDocument } from 'pdf-lib';
import request from 'supertest';
import { userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { planMeeting } from '../../support/meetings';
import { extractPageTexts, squash } from '../documents/pdf-inspect';
import { downloadBinary } from '../../support/download';
import { samplePdf } from '../../support/pdf-fixtures';
import { getBody } from '../../support/http';

/** Files of a report item (報告事項): uploaded on the agenda, printed in the packet under its 資料N. */
let t: TestApp;
let secretariat: Awaited<ReturnType<typeof userWithToken>>;
let meetingId: string;
let itemId: string;

const api = (path: string) => `/api${path}`;

const download = (path: string, auth: { Authorization: string }) => downloadBinary(t.http, path, auth);

beforeAll(async () => {
  t = await startTestApp();
  await t.ds.query(
    `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, '新宿区', '新宿区情報公開・個人情報保護審議会', '新宿区長')`,
  );
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
  meetingId = (
    await planMeeting(t.http, secretariat.auth, {
      number: 214,
      startsAt: '2026-12-18T14:00:00+09:00',
      endsAt: '2026-12-18T16:00:00+09:00',
      place: '本庁舎6階 第3委員会室',
    })
  ).id;
  itemId = (
    await request(t.http)
      .post(api(`/meetings/${meetingId}/agenda/reports`))
      .set(secretariat.auth)
      .send({ title: '個人情報の漏えい事故について' })
      .expect(201)
  ).body.id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

it('a report item takes a PDF: listed, its pages stamped and paged in the packet, named in the 資料一覧; removable', async () => {
  const files = api(`/meetings/${meetingId}/agenda/${itemId}/files`);
  // A file that is not a document is refused with a Japanese problem.
  const bad = await request(t.http)
    .post(files)
    .set(secretariat.auth)
    .attach('file', Buffer.from('MZ\x90\x00not a document'), 'report.pdf');
  expect(bad.status).toBe(415);
  expect(bad.body.code).toMatch(/^CASE_ATTACHMENT_(EXECUTABLE|TYPE)$/);
  expect(bad.body.detail).toMatch(/添付できる/);

  const uploaded = await request(t.http)
    .post(files)
    .set(secretariat.auth)
    .field('title', '事故報告書')
    .attach('file', await samplePdf(2, 'incident report'), '事故報告書.pdf')
    .expect(201);
  expect(uploaded.body).toMatchObject({
    title: '事故報告書',
    fileName: '事故報告書.pdf',
    mediaType: 'application/pdf',
  });
  expect((await request(t.http).get(files).set(secretariat.auth).expect(200)).body).toEqual([
    expect.objectContaining({ id: uploaded.body.id, title: '事故報告書' }),
  ]);

  const [agenda, materials, packet] = await Promise.all([
    download(api(`/meetings/${meetingId}/agenda.pdf`), secretariat.auth).expect(200),
    download(api(`/meetings/${meetingId}/materials.pdf`), secretariat.auth).expect(200),
    download(api(`/meetings/${meetingId}/packet.pdf`), secretariat.auth).expect(200),
  ]);
  const agendaPages = (await PDFDocument.load(agenda.body as Buffer)).getPageCount();
  const materialsPages = await extractPageTexts(materials.body as Buffer);
  expect(squash(materialsPages.join(''))).toContain('資料1事故報告書'); // the list names the file
  const pages = await extractPageTexts(packet.body as Buffer);
  expect(pages).toHaveLength(agendaPages + materialsPages.length + 2);
  const first = agendaPages + materialsPages.length;
  expect(squash(pages[first])).toContain('incidentreport1');
  expect(squash(pages[first + 1])).toContain('incidentreport2');
  expect(squash(pages[first])).toMatch(/資料\d/); // stamped like a case attachment
  pages.forEach((p, i) => expect(squash(p)).toContain(`-${i + 1}-`));

  await request(t.http).delete(`${files}/${uploaded.body.id}`).set(secretariat.auth).expect(204);
  expect((await request(t.http).get(files).set(secretariat.auth).expect(200)).body).toEqual([]);
});

it('the agenda screen uploads a file to a report item, lists it beside the item, and deletes it', async () => {
  const cookie = `shingikai_session=${secretariat.token}`;
  const screen = async () =>
    (await request(t.http).get(`/meetings/${meetingId}`).set('Cookie', cookie).expect(200)).text;
  expect(await screen()).toContain(`action="/meetings/${meetingId}/agenda/${itemId}/files"`);
  const posted = await request(t.http)
    .post(`/meetings/${meetingId}/agenda/${itemId}/files`)
    .set('Cookie', cookie)
    .set('Sec-Fetch-Site', 'same-origin')
    .field('title', '再発防止策')
    .attach('file', await samplePdf(1, 'measures'), '再発防止策.pdf');
  expect(posted.status).toBeGreaterThanOrEqual(300);
  expect(posted.status).toBeLessThan(400);
  const html = await screen();
  const list = html.slice(html.indexOf('data-testid="report-files"'));
  expect(list).toContain('再発防止策（再発防止策.pdf）');
  const [file] = await getBody(
    t.http,
    secretariat.auth,
    api(`/meetings/${meetingId}/agenda/${itemId}/files`),
  );
  await request(t.http)
    .post(`/meetings/${meetingId}/agenda/${itemId}/files/${file.id}/delete`)
    .set('Cookie', cookie)
    .set('Sec-Fetch-Site', 'same-origin')
    .expect((r) => expect(r.status).toBe(posted.status));
  expect(await screen()).not.toContain('data-testid="report-files"');
});

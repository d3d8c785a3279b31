import { createHash } from 'node:crypto';
import http from 'node:http';
import request from 'supertest';
import { userWithToken } from '../../support/factories';
import { createCase, seedCaseCatalog } from '../../support/case-fixtures';
import { startTestApp, type TestApp } from '../../support/test-app';
import { DOCX_CONTENT_TYPES, makeZip, XLSX_CONTENT_TYPES } from '../../support/zip';
import { downloadBinary } from '../../support/download';

let t: TestApp;
let clerk: Awaited<ReturnType<typeof userWithToken>>;
let caseId: string;

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  await seedCaseCatalog(t.ds);
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
  caseId = (await createCase(t.http, clerk.auth, { title: '添付資料のテスト' })).id;
});
afterAll(() => t.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(100)]);

const upload = (file: Buffer, name: string, fields: Record<string, string> = {}) => {
  const r = request(t.http).post(`/api/cases/${caseId}/attachments`).set(clerk.auth);
  for (const [k, v] of Object.entries(fields)) r.field(k, v);
  return r.attach('file', file, name);
};

const count = async () => Number((await t.ds.query('SELECT count(*) AS n FROM case_attachment'))[0].n);

describe('attachments', () => {
  it('stores a PDF with its checksum, lists it, and audits the download', async () => {
    const res = await upload(PDF, '資料2_ネットワーク関連図.pdf', {
      title: '電子申請ネットワーク関連図',
      materialLabel: '資料2',
    }).expect(201);
    expect(res.body).toMatchObject({
      title: '電子申請ネットワーク関連図',
      materialLabel: '資料2',
      fileName: '資料2_ネットワーク関連図.pdf',
      mediaType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
    const c = await request(t.http).get(`/api/cases/${caseId}`).set(clerk.auth).expect(200);
    expect(c.body.attachments.map((a: { id: string }) => a.id)).toEqual([res.body.id]);

    const dl = await downloadBinary(
      t.http,
      `/api/cases/${caseId}/attachments/${res.body.id}`,
      clerk.auth,
    ).expect(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(dl.body as Buffer, PDF)).toBe(0);
    const audit = await t.ds.query(
      `SELECT action, target_type, target_id, actor_id FROM audit_log WHERE action = 'download' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit[0]).toMatchObject({ target_type: 'case', target_id: caseId, actor_id: clerk.user.id });

    const other = await userWithToken(t.http, t.ds, { role: 'clerk' });
    await request(t.http).get(`/api/cases/${caseId}/attachments/${res.body.id}`).set(other.auth).expect(404);
  });

  it('accepts PNG, docx and xlsx by their content', async () => {
    await upload(PNG, 'zu.png').expect(201);
    const docx = await upload(
      makeZip({ '[Content_Types].xml': DOCX_CONTENT_TYPES, 'word/document.xml': '<w/>' }),
      '手順.docx',
    ).expect(201);
    expect(docx.body.mediaType).toContain('wordprocessingml');
    const xlsx = await upload(makeZip({ '[Content_Types].xml': XLSX_CONTENT_TYPES }), '項目一覧.xlsx').expect(
      201,
    );
    expect(xlsx.body.mediaType).toContain('spreadsheetml');
  });

  it('refuses spoofed types and changes nothing', async () => {
    const before = await count();
    const exe = await upload(EXE, '資料.pdf').expect(415);
    expect(exe.body.code).toBe('CASE_ATTACHMENT_EXECUTABLE');
    expect(exe.body.detail).toContain('実行ファイル');
    expect((await upload(ELF, 'report.pdf').expect(415)).body.code).toBe('CASE_ATTACHMENT_EXECUTABLE');
    expect((await upload(PNG, 'image.pdf').expect(415)).body.code).toBe('CASE_ATTACHMENT_NAME_MISMATCH');
    const plainZip = makeZip({ 'word/document.xml': '<w/>' });
    expect((await upload(plainZip, 'fake.docx').expect(415)).body.code).toBe('CASE_ATTACHMENT_TYPE');
    expect(
      (await upload(Buffer.from('<html><script>x</script></html>'), 'a.pdf').expect(415)).body.code,
    ).toBe('CASE_ATTACHMENT_TYPE');
    expect(await count()).toBe(before);
  });

  it('a 200 MB upload is refused with 413 before it is read', async () => {
    const before = await count();
    const size = 200 * 1024 * 1024;
    const boundary = 'xxBOUNDARYxx';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${t.baseUrl}/api/cases/${caseId}/attachments`);
      const req = http.request(
        {
          method: 'POST',
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          headers: {
            ...clerk.auth,
            'Content-Type': `multipart/form-data; boundary=${boundary}`,
            'Content-Length': String(head.length + size + tail.length),
          },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          res.on('error', reject);
        },
      );
      req.on('error', () => undefined); // the server may close the socket while we still write
      req.write(head);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < size) {
          sent += chunk.length;
          if (!req.write(chunk)) return req.once('drain', pump);
        }
        req.end(tail);
      };
      pump();
    });
    expect(status.status).toBe(413);
    expect(JSON.parse(status.body).code).toBe('CASE_ATTACHMENT_TOO_LARGE');
    expect(await count()).toBe(before);
  });

  it('a file over 20 MB without a declared length is cut off at the limit', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(21 * 1024 * 1024, 0x20)]);
    const res = await upload(big, 'big.pdf');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('CASE_ATTACHMENT_TOO_LARGE');
  });

  it('deleting an attachment removes it', async () => {
    const res = await upload(PDF, 'del.pdf').expect(201);
    await request(t.http)
      .delete(`/api/cases/${caseId}/attachments/${res.body.id}`)
      .set(clerk.auth)
      .expect(204);
    await request(t.http).get(`/api/cases/${caseId}/attachments/${res.body.id}`).set(clerk.auth).expect(404);
  });
});

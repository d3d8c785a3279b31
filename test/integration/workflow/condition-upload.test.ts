import request from 'supertest';
import { CaseCondition } from '../../../src/conditions/condition.entity';
import { userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { makeCase } from '../../support/workflow-factories';

let t: TestApp;
let clerk: Awaited<ReturnType<typeof userWithToken>>;
let secretariat: Awaited<ReturnType<typeof userWithToken>>;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
const HTML = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');

beforeAll(async () => {
  t = await startTestApp();
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
});
afterAll(() => t.close());

/** An open condition of a case of the clerk's department. */
async function openCondition(): Promise<string> {
  const c = await makeCase(t.ds, {
    departmentId: clerk.user.departmentId!,
    createdById: clerk.user.id,
    status: 'conditionsOpen',
  });
  const row = await t.ds.getRepository(CaseCondition).save({
    caseId: c.id,
    text: '外部サーバの利用について庁内に周知すること',
    departmentId: c.departmentId,
    dueDate: '2030-03-31',
    state: 'open' as const,
  });
  return row.id;
}

const report = (conditionId: string, file: Buffer, filename: string, contentType: string) =>
  request(t.http)
    .post(`/api/conditions/${conditionId}/reports`)
    .set(clerk.auth)
    .field('body', '周知しました。')
    .attach('files', file, { filename, contentType });

describe('condition report uploads are sniffed like case attachments', () => {
  it.each([
    [
      'a ".pdf" that is really a program',
      EXE,
      '周知文.pdf',
      'application/pdf',
      'CONDITION_ATTACHMENT_EXECUTABLE',
      '実行ファイル',
      '実行ファイルは添付できません',
    ],
    [
      'a ".pdf" that is really HTML',
      HTML,
      '周知文.pdf',
      'application/pdf',
      'CONDITION_ATTACHMENT_TYPE',
      '周知文.pdf',
      '添付できない種類のファイルです',
    ],
    [
      'a PDF named .docx (a name mismatch)',
      PDF,
      '周知文.docx',
      'application/vnd.openxmlformats-officedocument',
      'CONDITION_ATTACHMENT_NAME_MISMATCH',
      '「.docx」',
      'ファイル名と内容の種類が一致しません',
    ],
  ])(
    '%s is refused with a Japanese problem, and nothing is reported',
    async (_what, file, name, type, code, inDetail, message) => {
      const id = await openCondition();
      const res = await report(id, file, name, type);
      expect(res.status).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe(code);
      expect(res.body.detail).toContain(inDetail);
      expect(res.body.errors).toEqual([{ field: 'files', messages: [message] }]);
      const detail = (await request(t.http).get(`/api/conditions/${id}`).set(clerk.auth).expect(200)).body;
      expect(detail).toMatchObject({ state: 'open', reports: [] });
    },
  );

  it('a real PDF is accepted and served with the sniffed type, not the browser’s', async () => {
    const id = await openCondition();
    await report(id, PDF, '周知文.pdf', 'text/html').expect(200);
    const detail = (await request(t.http).get(`/api/conditions/${id}`).set(clerk.auth).expect(200)).body;
    const file = await request(t.http)
      .get(`/api/conditions/attachments/${detail.reports[0].attachments[0].id}`)
      .set(secretariat.auth)
      .expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
  });
});

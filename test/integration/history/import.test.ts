import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { seedCaseCatalog } from '../../support/case-fixtures';
import { makeDepartment, userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { makeCase } from '../../support/workflow-factories';
import { downloadBinary } from '../../support/download';

const SAMPLE = readFileSync(join(process.cwd(), 'seeds', 'history', 'sample-import.json'), 'utf8');
type Auth = { Authorization: string };

/** Rows an import writes, table by table: what "nothing written" and "nothing changed" compare. */
async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'meeting',
    'case_file',
    'case_search',
    'case_section',
    'case_transition',
    'case_attachment',
    'agenda_item',
    'reply',
    'reply_revision',
    'minutes',
  ]) {
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM ${table}`);
    out[table] = n;
  }
  return out;
}

describe('history import (過去の記録の取り込み)', () => {
  let t: TestApp;
  let secretariat: Auth;
  let secretariatCookie: string;
  let clerk: Auth;
  let clerkDeptId: string;
  let pdf: Buffer;

  const upload = (
    doc: string,
    name = 'sample-import.json',
    files: [string, Buffer][] = [['h28-reply-5.pdf', pdf]],
  ) => {
    const req = request(t.http).post('/api/history/import').set(secretariat);
    req.attach('document', Buffer.from(doc, 'utf8'), name);
    for (const [fileName, buf] of files) req.attach('files', buf, fileName);
    return req;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedCaseCatalog(t.ds);
    // The council whose public portal shows the imported minutes (/public/council-1).
    await t.ds.query(
      `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, '小田原市', '小田原市個人情報保護運営審議会', '小田原市長')`,
    );
    await makeDepartment(t.ds, { code: 'somu', name: '総務課' });
    const s = await userWithToken(t.http, t.ds, { role: 'secretariat' });
    secretariat = s.auth;
    secretariatCookie = `shingikai_session=${s.token}`;
    const c = await userWithToken(t.http, t.ds, { role: 'clerk' });
    clerk = c.auth;
    clerkDeptId = c.user.departmentId!;
    pdf = readFileSync(join(process.cwd(), 'seeds', 'history', 'h28-reply-5.pdf'));
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('checks the whole file first: every error by its JSON pointer, and nothing is written', async () => {
    const bad = JSON.parse(SAMPLE);
    bad.meetings[0].startsAt = '2017-02-17 14:00';
    bad.cases[0].receivedOn = '2017-02-30';
    bad.cases[0].content.sections[0].legalBasis = 'no-such-article';
    bad.cases[1].department = 'no-such-dept';
    bad.cases[1].reply.number = 'five';
    const before = await rowCounts(t);
    const res = await upload(JSON.stringify(bad), 'bad.json', []).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('HISTORY_IMPORT_INVALID');
    const fields = (res.body.errors as { field: string; messages: string[] }[]).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        '/meetings/0/startsAt',
        '/cases/0/receivedOn',
        '/cases/0/content/sections/0/legalBasis',
        '/cases/0/files/0/file',
        '/cases/1/department',
        '/cases/1/reply/number',
      ]),
    );
    const byField = Object.fromEntries(
      (res.body.errors as { field: string; messages: string[] }[]).map((e) => [
        e.field,
        e.messages.join(' '),
      ]),
    );
    expect(byField['/cases/0/files/0/file']).toContain('h28-reply-5.pdf');
    expect(byField['/cases/1/department']).toContain('no-such-dept');
    expect(await rowCounts(t)).toEqual(before);
  });

  it('reports a CSV list of past cases by line and column', async () => {
    const csv = [
      '受付番号,受付日,担当課コード,件名,会議回,審議結果,答申番号,答申日',
      'H28-030,2017-01-10,somu,ごみ収集の委託,65,承認,7,2017-02-24',
      'H28-031,2017年1月11日,somu,保育の申請,65,承認,8,2017-02-24',
      'H28-032,2017-01-12,somu,,99,却下,,',
    ].join('\r\n');
    const before = await rowCounts(t);
    const res = await upload(csv, 'cases.csv', []).query({ source: 'csv-h28' }).expect(400);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['line 3: 受付日', 'line 4: 件名', 'line 4: 審議結果']));
    expect(await rowCounts(t)).toEqual(before);
  });

  it('a dry run validates the sample and writes nothing', async () => {
    const before = await rowCounts(t);
    const res = await upload(SAMPLE).query({ dryRun: 'true' }).expect(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      source: 'sample-h29',
      created: { meetings: 1, cases: 2, replies: 2, minutes: 1, files: 1 },
    });
    expect(await rowCounts(t)).toEqual(before);
  });

  it('imports the sample with its real dates and numbers, and a second import changes nothing', async () => {
    const first = await upload(SAMPLE).expect(200);
    expect(first.body).toMatchObject({
      dryRun: false,
      created: { meetings: 1, cases: 2, replies: 2, minutes: 1, files: 1 },
      unchanged: { meetings: 0, cases: 0, replies: 0, minutes: 0, files: 0 },
    });
    const after = await rowCounts(t);
    const second = await upload(SAMPLE).expect(200);
    expect(second.body).toMatchObject({
      created: { meetings: 0, cases: 0, replies: 0, minutes: 0, files: 0 },
      unchanged: { meetings: 1, cases: 2, replies: 2, minutes: 1, files: 1 },
    });
    expect(await rowCounts(t)).toEqual(after);

    // The same source with a changed record is refused: imported history is not edited by a re-import.
    const changed = JSON.parse(SAMPLE);
    changed.cases[1].title = '図書館利用者情報の提供（訂正）';
    const refused = await upload(JSON.stringify(changed)).expect(400);
    expect(refused.body.errors).toEqual([
      { field: '/cases/1', messages: [expect.stringContaining('取り込み済みで、内容が異なります')] },
    ]);
  });

  it('keeps 第N回, 受付番号 and 答申第N号 as they were and prints the dates in 和暦', async () => {
    const meetings = await request(t.http).get('/api/meetings').set(secretariat).expect(200);
    const m65 = meetings.body.find((m: { number: number }) => m.number === 65);
    expect(m65).toMatchObject({ state: 'closed', startsAt: '2017-02-17T05:00:00.000Z' });

    const cases = await request(t.http)
      .get('/api/cases')
      .query({ q: 'コンビニ交付' })
      .set(secretariat)
      .expect(200);
    expect(
      cases.body.items.map((c: { receiptNumber: string; status: string }) => [c.receiptNumber, c.status]),
    ).toEqual([['H28-021', 'closed']]);

    // Its PDF is the case's attachment, byte for byte.
    const caseId = cases.body.items[0].id as string;
    const detail0 = await request(t.http).get(`/api/cases/${caseId}`).set(secretariat).expect(200);
    expect(detail0.body.attachments).toEqual([
      expect.objectContaining({ title: '答申書（答申第5号）', fileName: 'h28-reply-5.pdf' }),
    ]);
    const file = await downloadBinary(
      t.http,
      `/api/cases/${caseId}/attachments/${detail0.body.attachments[0].id}`,
      secretariat,
    ).expect(200);
    expect(Buffer.compare(file.body as Buffer, pdf)).toBe(0);

    const replies = await request(t.http).get('/api/replies').set(secretariat).expect(200);
    const r5 = replies.body.find((r: { caseTitle: string }) => r.caseTitle.startsWith('住民票の写し'));
    const detail = await request(t.http).get(`/api/replies/${r5.id}`).set(secretariat).expect(200);
    expect(detail.body.document).toMatchObject({
      numberLabel: '答申第5号',
      dateLabel: '平成29年2月24日',
      receiptNumber: 'H28-021',
      conclusion: '承認する。',
    });

    // The published minutes are on the public portal, found by a line's words, dated in 和暦.
    const portal = await request(t.http).get('/public/council-1/search').query({ q: '専用回線' }).expect(200);
    expect(portal.text).toContain('第65回 会議録</a>');
    expect(portal.text).toContain('平成29年2月17日');
  });

  it('finds "every 答申 that approved an external connection handling 氏名 and 住所" in one search', async () => {
    const res = await request(t.http)
      .get('/api/replies')
      .query({ q: '外部結合 氏名 住所', outcome: 'approved,approvedWithOpinion' })
      .set(secretariat)
      .expect(200);
    expect(
      res.body.map((r: { caseTitle: string; numberLabel: string }) => [r.numberLabel, r.caseTitle]),
    ).toEqual([['答申第5号', '住民票の写し等のコンビニ交付における外部結合']]);
    // Without the outcome, the rejected one (also 外部結合, 氏名, 住所) is found too; an unrelated term finds none.
    const all = await request(t.http).get('/api/replies').query({ q: '外部結合 氏名 住所' }).set(secretariat);
    expect(all.body).toHaveLength(2);
    const none = await request(t.http)
      .get('/api/replies')
      .query({ q: '外部結合 マイナンバー' })
      .set(secretariat);
    expect(none.body).toEqual([]);
  });

  it('a CSV list of past cases joins the imported meeting, once', async () => {
    const csv =
      '\uFEFF受付番号,受付日,担当課コード,件名,会議回,審議結果,答申番号,答申日\r\n' +
      'H28-030,2017-01-10,somu,ごみ収集運搬業務の委託,65,承認,7,2017-02-24\r\n';
    const first = await upload(csv, 'cases.csv', []).query({ source: 'csv-h28' }).expect(200);
    expect(first.body.created).toMatchObject({ cases: 1, replies: 1 });
    const again = await upload(csv, 'cases.csv', []).query({ source: 'csv-h28' }).expect(200);
    expect(again.body).toMatchObject({ created: { cases: 0 }, unchanged: { cases: 1, replies: 1 } });
    const found = await request(t.http)
      .get('/api/cases')
      .query({ q: 'ごみ収集運搬' })
      .set(secretariat)
      .expect(200);
    expect(found.body.items.map((c: { receiptNumber: string }) => c.receiptNumber)).toEqual(['H28-030']);
  });

  it('the secretariat records a past meeting and a past receipt through the normal API', async () => {
    const meeting = await request(t.http)
      .post('/api/meetings')
      .set(secretariat)
      .send({ number: 66, startsAt: '2017-05-19T14:00:00+09:00', place: '市役所 4階 議会会議室' })
      .expect(201);
    // A past case is imported only into a meeting that took place.
    const planned = await upload(
      '受付番号,受付日,担当課コード,件名,会議回,審議結果\nH29-900,2017-05-01,somu,報告の事案,66,報告了承\n',
      'cases.csv',
      [],
    )
      .query({ source: 'csv-h29' })
      .expect(400);
    expect(planned.body.errors).toEqual([
      { field: 'line 2: 会議回', messages: [expect.stringContaining('まだ開催されていません')] },
    ]);
    for (const action of ['convene', 'hold'])
      await request(t.http)
        .post(`/api/meetings/${meeting.body.id}/state/${action}`)
        .set(secretariat)
        .send({})
        .expect(200);
    const [{ held_at: heldAt }] = await t.ds.query(`SELECT held_at FROM meeting WHERE id = $1`, [
      meeting.body.id,
    ]);
    expect(new Date(heldAt).toISOString()).toBe('2017-05-19T05:00:00.000Z');

    const c = await makeCase(t.ds, { departmentId: clerkDeptId, createdById: await clerkUserId() });
    await request(t.http).post(`/api/workflow/cases/${c.id}/submit`).set(clerk).send({}).expect(200);
    const future = await request(t.http)
      .post(`/api/workflow/cases/${c.id}/accept`)
      .set(secretariat)
      .send({ receivedOn: '2099-04-01' })
      .expect(400);
    expect(future.body.code).toBe('WORKFLOW_RECEIVED_ON_IN_FUTURE');
    // The intake screen's form: the receipt date entered from the records.
    const intake = await request(t.http).get('/intake').set('Cookie', secretariatCookie).expect(200);
    expect(intake.text).toContain(`id="received-${c.id}"`);
    const [{ version }] = await t.ds.query('SELECT version FROM case_file WHERE id = $1', [c.id]);
    const form = await request(t.http)
      .post(`/intake/${c.id}`)
      .set('Cookie', secretariatCookie)
      .type('form')
      .send({ action: 'accept', version: String(version), receivedOn: '2017-04-20' });
    expect(form.status).toBe(303);
    expect(decodeURIComponent(form.headers.location)).toContain('受け付けました');
    const accepted = await request(t.http).get(`/api/workflow/cases/${c.id}`).set(secretariat).expect(200);
    // FY2017 (平成29年度): numbered after nothing else of that year.
    expect(accepted.body.receiptNumber).toBe('H29-001');
    const history = await request(t.http)
      .get(`/api/workflow/cases/${c.id}/history`)
      .set(secretariat)
      .expect(200);
    const accept = history.body.find((h: { action: string }) => h.action === 'accept');
    expect(accept.occurredAt).toBe('2017-04-20T00:00:00.000Z');
  });

  it('a live confirmation round still needs a deadline from today on', async () => {
    const meetings = await request(t.http).get('/api/meetings').set(secretariat).expect(200);
    const m66 = meetings.body.find((m: { number: number }) => m.number === 66);
    const generated = await request(t.http).post(`/api/minutes/${m66.id}/generate`).set(secretariat).send({});
    expect(generated.status).toBeLessThan(300);
    const res = await request(t.http)
      .post(`/api/minutes/${m66.id}/actions/circulate`)
      .set(secretariat)
      .send({ deadline: '2017-06-01', version: generated.body.version })
      .expect(400);
    expect(res.body.code).toBe('MINUTES_DEADLINE_IN_PAST');
  });

  async function clerkUserId(): Promise<string> {
    const me = await request(t.http).get('/api/auth/me').set(clerk).expect(200);
    return me.body.id as string;
  }
});

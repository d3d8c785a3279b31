import { parse, type HTMLElement } from 'node-html-parser';
import request from 'supertest';
import { basisIdOf } from '../../support/case-fixtures';
import { makeDepartment, userWithToken, type Actor } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { holdMeeting, makeCase, makeCouncilMember, submitAndAccept } from '../../support/workflow-factories';
import { planMeeting, postOutcome, scheduleCase } from '../../support/meetings';
import { docxText } from '../documents/docx-inspect';
import { downloadBinary } from '../../support/download';
import { expectPdfWording } from '../documents/pdf-inspect';

const download = (path: string, auth: { Authorization: string }) => downloadBinary(t.http, path, auth);

/**
 * The statistics page and its JSON, over cases, replies and conditions made through the API and then
 * dated (the API stamps "now"; the history has to lie in known fiscal years).
 */
let t: TestApp;
let clerk: Actor;
let secretariat: Actor;
let admin: Actor;
let member: Actor;
const ids: Record<string, string> = {};
const conditions: Record<string, string> = {};

const api = (path: string) => `/api${path}`;
const sql = (text: string, params: unknown[] = []) => t.ds.query(text, params);
/** Moves the first submission of a case to a moment in Japan time. */
const submittedAt = (caseId: string, jst: string) =>
  sql(`UPDATE case_transition SET occurred_at = $2::timestamptz WHERE case_id = $1 AND action = 'submit'`, [
    caseId,
    `${jst}+09:00`,
  ]);
const conditionTransitionAt = (conditionId: string, action: string, jst: string) =>
  sql(
    `UPDATE condition_transition SET occurred_at = $3::timestamptz WHERE condition_id = $1 AND action = $2`,
    [conditionId, action, `${jst}+09:00`],
  );

function rowsOf(html: string, testId: string): string[][] {
  const table = parse(html).querySelector(`[data-testid="${testId}"]`) as HTMLElement;
  return table
    .querySelectorAll('tbody tr')
    .map((tr) => tr.querySelectorAll('th, td').map((c) => c.text.trim()));
}

beforeAll(async () => {
  t = await startTestApp();
  await sql(
    `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, '新宿区', '新宿区情報公開・個人情報保護審議会', '新宿区長')`,
  );
  const departmentId = (await makeDepartment(t.ds, { name: '道とみどりの課' })).id;
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId });
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
  admin = await userWithToken(t.http, t.ds, { role: 'admin' });
  member = await userWithToken(t.http, t.ds, { role: 'member' });
  const make = async (key: string, procedure: 'consultation' | 'report') =>
    (ids[key] = (
      await makeCase(t.ds, { departmentId, createdById: clerk.user.id, title: `事案${key}`, procedure })
    ).id);
  // The sample case cites 第17条第1項第4号 (諮問) and 第14条第1項 (事前報告).
  for (const key of ['A', 'B', 'F']) await make(key, 'consultation');
  await make('C', 'report');
  await make('D', 'report');
  await make('G', 'consultation');
  await make('E', 'consultation'); // stays a draft: never counted

  // A 報告 basis (the sample catalog has none), created by the admin; D cites only it, C only 第14条第1項.
  const reportBasis = await request(t.http).post(api('/legal-bases')).set(admin.auth).send({
    code: 'test-report-1',
    ordinance: '新宿区個人情報保護条例',
    article: '第20条第2項',
    shortName: '報告で足りる処理',
    procedure: 'report',
    sectionKind: 'processing',
  });
  expect(reportBasis.status).toBeLessThan(300);
  for (const key of ['A', 'B', 'F']) await submitAndAccept(t.http, ids[key], clerk.auth, secretariat.auth);
  for (const key of ['C', 'D', 'G'])
    await request(t.http)
      .post(api(`/workflow/cases/${ids[key]}/submit`))
      .set(clerk.auth)
      .send({})
      .expect(200);
  await sql(`DELETE FROM case_legal_basis WHERE case_id = $1 AND legal_basis_id = $2`, [
    ids.C,
    await basisIdOf(t.ds, 'shinjuku-17-1-4'),
  ]);
  await sql(`DELETE FROM case_legal_basis WHERE case_id = $1`, [ids.D]);
  await sql(`INSERT INTO case_legal_basis (case_id, legal_basis_id, position) VALUES ($1, $2, 1)`, [
    ids.D,
    reportBasis.body.id,
  ]);
  await submittedAt(ids.F, '2024-04-02T09:00:00');
  await submittedAt(ids.A, '2024-05-10T10:00:00');
  await submittedAt(ids.C, '2024-11-01T10:00:00');
  // 31 March 15:30 UTC is already 1 April in Japan: fiscal 2025.
  await submittedAt(ids.B, '2025-04-01T00:30:00');
  await submittedAt(ids.D, '2025-09-01T10:00:00');
  await submittedAt(ids.G, '2023-06-01T10:00:00');

  // One meeting decides A (two supplementary opinions), B (one) and F (none); the replies are issued.
  const chair = await makeCouncilMember(t.ds, { name: '小室 充孝', title: 'chair' });
  await sql(`INSERT INTO standard_condition (position, text) VALUES (1, '目的外に利用しないこと。')`);
  const meeting = await planMeeting(t.http, secretariat.auth, {
    number: 60,
    startsAt: '2025-06-05T14:00:00+09:00',
    place: '第3委員会室',
  });
  const meetingId = meeting.id as string;
  const items: Record<string, string> = {};
  for (const key of ['A', 'B', 'F'])
    items[key] = (await scheduleCase(t.http, secretariat.auth, meetingId, ids[key])).id;
  await holdMeeting(t.http, meetingId, chair.id, secretariat.auth);
  const outcomes: Record<string, Record<string, unknown>> = {
    A: {
      outcome: 'approvedWithOpinion',
      voteMethod: 'noObjection',
      supplementaryOpinions: ['ログを確認すること。', '委託先を監督すること。'],
    },
    B: {
      outcome: 'approvedWithOpinion',
      voteMethod: 'noObjection',
      supplementaryOpinions: ['職員に周知すること。'],
    },
    F: { outcome: 'approved', voteMethod: 'unanimous' },
  };
  const replyDates: Record<string, string> = { A: '2024-07-20', B: '2025-06-10', F: '2024-04-12' };
  for (const key of ['A', 'B', 'F']) {
    await postOutcome(t.http, secretariat.auth, meetingId, items[key], outcomes[key]).expect(200);
    const [reply] = await sql(`SELECT id FROM reply WHERE agenda_item_id = $1`, [items[key]]);
    await request(t.http)
      .post(api(`/replies/${reply.id}/issue`))
      .set(secretariat.auth)
      .send({})
      .expect(200);
    await sql(`UPDATE reply SET reply_date = $2 WHERE id = $1`, [reply.id, replyDates[key]]);
  }

  // Conditions: A's two from 20 July 2024, B's one from 10 June 2025.
  const condRows: { id: string; case_id: string; position: number }[] = await sql(
    `SELECT id, case_id, position FROM case_condition ORDER BY case_id, position`,
  );
  const condOf = (caseId: string, position: number) =>
    condRows.find((c) => c.case_id === caseId && c.position === position)!.id;
  conditions.a1 = condOf(ids.A, 1);
  conditions.a2 = condOf(ids.A, 2);
  conditions.b1 = condOf(ids.B, 1);
  const dated = async (id: string, created: string, due: string) =>
    sql(`UPDATE case_condition SET created_at = $2::timestamptz, due_date = $3 WHERE id = $1`, [
      id,
      `${created}+09:00`,
      due,
    ]);
  await dated(conditions.a1, '2024-07-20T10:00:00', '2024-09-30');
  await dated(conditions.a2, '2024-07-20T10:00:00', '2024-12-31');
  // B's row keeps today's creation time (as an imported or re-entered condition would): it counts from
  // its reply's 答申日, 10 June 2025.
  await sql(`UPDATE case_condition SET due_date = '2025-08-31' WHERE id = $1`, [conditions.b1]);
  // a1: reported before its due date, then closed; b1: reported a month late; a2: never answered.
  const report = (id: string) =>
    request(t.http)
      .post(api(`/conditions/${id}/reports`))
      .set(clerk.auth)
      .send({ body: '対応しました。' })
      .expect(200);
  await report(conditions.a1);
  await request(t.http)
    .post(api(`/conditions/${conditions.a1}/close`))
    .set(secretariat.auth)
    .send({ comment: '確認しました' })
    .expect(200);
  await report(conditions.b1);
  await conditionTransitionAt(conditions.a1, 'report', '2024-09-15T10:00:00');
  await conditionTransitionAt(conditions.a1, 'close', '2024-10-10T10:00:00');
  await conditionTransitionAt(conditions.b1, 'report', '2025-10-05T10:00:00');
}, 120_000);
afterAll(() => t.close());

/** Open / overdue at each month end of fiscal 2024–2025, as worked out by hand from the dates above. */
function expectedConditionMonths(): [string, number, number][] {
  const out: [string, number, number][] = [];
  for (let i = 0; i < 24; i++) {
    const y = 2024 + Math.floor((i + 3) / 12);
    const m = ((i + 3) % 12) + 1;
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const before = (x: string) => month < x;
    let open = 0;
    let overdue = 0;
    if (!before('2024-07')) {
      // a1: open until its report (Sep) and closed from October; never overdue (reported before 30 Sep).
      if (before('2024-10')) open++;
      // a2: open from July; overdue from January (due 31 Dec is not past at the end of December).
      open++;
      if (!before('2025-01')) overdue++;
    }
    if (!before('2025-06')) {
      // b1: open from June, due 31 Aug; past due and unanswered at the end of September; reported in October.
      open++;
      if (month === '2025-09') overdue++;
    }
    out.push([month, open, overdue]);
  }
  return out;
}

describe('GET /api/statistics', () => {
  it('counts cases per fiscal year (Japan time, first submission) by procedure', async () => {
    const res = await request(t.http)
      .get(api('/statistics?from=2024&to=2025'))
      .set(secretariat.auth)
      .expect(200);
    expect(res.body.range).toEqual({ from: 2024, to: 2025, fromLabel: '令和6年度', toLabel: '令和7年度' });
    expect(res.body.casesByFiscalYear).toEqual([
      { fiscalYear: 2024, label: '令和6年度', consultation: 2, priorReport: 1, report: 0, total: 3 },
      { fiscalYear: 2025, label: '令和7年度', consultation: 1, priorReport: 0, report: 1, total: 2 },
    ]);
    const earlier = await request(t.http)
      .get(api('/statistics?from=2023&to=2023'))
      .set(secretariat.auth)
      .expect(200);
    expect(earlier.body.casesByFiscalYear).toEqual([
      { fiscalYear: 2023, label: '令和5年度', consultation: 1, priorReport: 0, report: 0, total: 1 },
    ]);
  });

  it('counts cases per legal basis they cite, per fiscal year', async () => {
    const res = await request(t.http)
      .get(api('/statistics?from=2024&to=2025'))
      .set(secretariat.auth)
      .expect(200);
    const byBasis = Object.fromEntries(
      res.body.casesByLegalBasis.map(
        (b: { code: string; byFiscalYear: { count: number }[]; total: number }) => [
          b.code,
          [...b.byFiscalYear.map((y) => y.count), b.total],
        ],
      ),
    );
    expect(byBasis).toEqual({
      'shinjuku-17-1-4': [2, 1, 3],
      'shinjuku-14-1': [3, 1, 4],
      'test-report-1': [0, 1, 1],
    });
    expect(
      res.body.casesByLegalBasis.find((b: { code: string }) => b.code === 'test-report-1'),
    ).toMatchObject({
      article: '第20条第2項',
      procedureLabel: '報告',
    });
  });

  it('processing days from submission to the reply date: distribution, median and max', async () => {
    const res = await request(t.http)
      .get(api('/statistics?from=2024&to=2025'))
      .set(secretariat.auth)
      .expect(200);
    // F: 2 Apr → 12 Apr 2024 = 10; A: 10 May → 20 Jul 2024 = 71; B: 1 Apr → 10 Jun 2025 = 70.
    const { bins, ...summary } = res.body.processingDays;
    expect(summary).toEqual({ count: 3, medianDays: 70, maxDays: 71 });
    expect(bins).toHaveLength(11);
    expect(bins.filter((b: { count: number }) => b.count > 0)).toEqual([
      { fromDays: 7, toDays: 13, label: '7〜13日', count: 1 },
      { fromDays: 70, toDays: 76, label: '70〜76日', count: 2 },
    ]);
    const only2025 = await request(t.http)
      .get(api('/statistics?from=2025&to=2025'))
      .set(secretariat.auth)
      .expect(200);
    expect(only2025.body.processingDays).toMatchObject({ count: 1, medianDays: 70, maxDays: 70 });
  });

  it('open and overdue conditions at each month end', async () => {
    const res = await request(t.http)
      .get(api('/statistics?from=2024&to=2025'))
      .set(secretariat.auth)
      .expect(200);
    expect(
      res.body.conditionsByMonth.map((m: { month: string; open: number; overdue: number }) => [
        m.month,
        m.open,
        m.overdue,
      ]),
    ).toEqual(expectedConditionMonths());
    expect(res.body.conditionsByMonth[0]).toMatchObject({ label: '令和6年4月', asOf: '2024-04-30' });
  });

  it('the admin may read them; a clerk and a member are refused', async () => {
    await request(t.http).get(api('/statistics')).set(admin.auth).expect(200);
    for (const who of [clerk, member]) {
      const res = await request(t.http).get(api('/statistics')).set(who.auth);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('a bad range is a problem with a Japanese detail, not a 500', async () => {
    const reversed = await request(t.http).get(api('/statistics?from=2025&to=2024')).set(secretariat.auth);
    expect([reversed.status, reversed.body.code]).toEqual([400, 'STATISTICS_RANGE_REVERSED']);
    expect(reversed.body.detail).toContain('開始年度');
    const notYear = await request(t.http).get(api('/statistics?from=abc')).set(secretariat.auth);
    expect([notYear.status, notYear.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    for (const q of [
      'from=12',
      'from=1e309',
      'from=1.5',
      'to=-1',
      `to=${2 ** 64}`,
      'from=2024&from=2025',
      'to=',
    ]) {
      const res = await request(t.http)
        .get(api(`/statistics?${q}`))
        .set(secretariat.auth);
      expect({ q, status: res.status, type: res.headers['content-type'] }).toEqual({
        q,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
    }
    const tooLong = await request(t.http).get(api('/statistics?from=1990&to=2025')).set(secretariat.auth);
    expect([tooLong.status, tooLong.body.code]).toEqual([400, 'STATISTICS_RANGE_TOO_LONG']);
  });

  it('each view is on the audit log', async () => {
    const reader = await userWithToken(t.http, t.ds, { role: 'secretariat' });
    await request(t.http).get(api('/statistics?from=2024&to=2025')).set(reader.auth).expect(200);
    await request(t.http).get('/statistics').set('Cookie', `shingikai_session=${reader.token}`).expect(200);
    const audit = await request(t.http)
      .get(api(`/admin/audit?targetType=statistics&actor=${reader.user.username}`))
      .set(admin.auth)
      .expect(200);
    expect(
      audit.body.items.map((a: { action: string; status: number; detail: { path: string } }) => [
        a.action,
        a.status,
        a.detail.path,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['view', 200, '/api/statistics'],
        ['view', 200, '/statistics'],
      ]),
    );
  });
});

describe('the statistics page', () => {
  const page = (path: string, who: Actor = secretariat) =>
    request(t.http).get(path).set('Cookie', `shingikai_session=${who.token}`);

  it('shows the same figures in its tables, each chart an SVG with role img, title and desc', async () => {
    const res = await page('/statistics?from=2024&to=2025').expect(200);
    expect(rowsOf(res.text, 'table-fiscal-year')).toEqual([
      ['令和6年度', '2', '1', '0', '3'],
      ['令和7年度', '1', '0', '1', '2'],
    ]);
    expect(rowsOf(res.text, 'table-legal-basis')).toEqual(
      expect.arrayContaining([['第20条第2項 報告で足りる処理', '報告', '0', '1', '1']]),
    );
    expect(rowsOf(res.text, 'table-processing-days').filter((r) => r[1] !== '0')).toEqual([
      ['7〜13日', '1'],
      ['70〜76日', '2'],
    ]);
    // A fiscal year × month table: open and overdue rows per year, April to March.
    const months = expectedConditionMonths();
    const year = (i: number, pick: 1 | 2) => months.slice(i * 12, i * 12 + 12).map((m) => String(m[pick]));
    expect(rowsOf(res.text, 'table-conditions')).toEqual([
      ['令和6年度', '未完了', ...year(0, 1)],
      ['令和6年度', 'うち期限超過', ...year(0, 2)],
      ['令和7年度', '未完了', ...year(1, 1)],
      ['令和7年度', 'うち期限超過', ...year(1, 2)],
    ]);
    const doc = parse(res.text);
    const svgs = doc.querySelectorAll('svg.chart');
    expect(svgs).toHaveLength(4);
    for (const svg of svgs) {
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.querySelector('title')?.text).toBeTruthy();
      expect(svg.querySelector('desc')?.text).toBeTruthy();
    }
    expect(doc.querySelectorAll('table caption')).toHaveLength(4);
    expect(doc.querySelector('#chart-processing-days desc')?.text).toContain('中央値 70 日、最大 71 日');
    expect(doc.querySelector('link[href="/assets/statistics.css"]')).not.toBeNull();
    expect(res.text).not.toMatch(/<script/);
  });

  it('a range without data says so instead of drawing empty charts', async () => {
    const res = await page('/statistics?from=2010&to=2010').expect(200);
    const doc = parse(res.text);
    expect(
      doc.querySelectorAll('svg.chart').filter((s) => s.text.includes('データがありません')),
    ).toHaveLength(3);
  });

  it('a reversed range keeps the form and says what is wrong', async () => {
    const res = await page('/statistics?from=2025&to=2024').expect(400);
    expect(parse(res.text).querySelector('[data-testid="statistics-errors"]')?.text).toContain(
      '終了年度より後',
    );
  });

  it('is in the secretariat’s and the admin’s menu; a clerk and a member are refused', async () => {
    for (const who of [secretariat, admin])
      expect(
        parse((await page('/', who).expect(200)).text).querySelector('nav a[href="/statistics"]'),
      ).not.toBeNull();
    for (const who of [clerk, member]) {
      await page('/statistics', who).expect(403);
      expect(
        parse((await page('/', who).expect(200)).text).querySelector('nav a[href="/statistics"]'),
      ).toBeNull();
    }
  });
});

/**
 * Standing reports (報告事項) over the same records: the 運用状況報告書 for a fiscal year or for the
 * months since the last meeting, as JSON, PDF and .docx, and put on a meeting's agenda in one step.
 */
describe('standing reports', () => {
  type Table = { caption: string; rows: (string | number)[][]; total?: (string | number)[] };
  type Section = { heading: string; tables: Table[]; notes: string[] };
  const section = (body: { sections: Section[] }, heading: string) =>
    body.sections.find((s) => s.heading === heading) as Section;

  it('the 運用状況 of a fiscal year counts cases, bases, 答申 and conditions of that year', async () => {
    const kinds = await request(t.http).get(api('/standing-reports')).set(secretariat.auth).expect(200);
    expect(kinds.body).toEqual(
      expect.arrayContaining([{ kind: 'operations', title: '個人情報の運用状況について' }]),
    );
    const res = await request(t.http)
      .get(api('/standing-reports/operations?period=fiscalYear&fiscalYear=2024'))
      .set(secretariat.auth)
      .expect(200);
    expect(res.body.period).toEqual({ from: '2024-04-01', to: '2025-03-31', label: '令和6年度' });
    const cases = section(res.body, '審議会への諮問・報告の件数').tables[0];
    expect([cases.rows, cases.total]).toEqual([
      [
        ['諮問', 2],
        ['事前報告', 1],
        ['報告', 0],
      ],
      ['計', 3],
    ]);
    const bases = section(res.body, '根拠規定別の件数').tables[0].rows;
    expect(bases.map((r) => [r[0], r[3]])).toEqual([
      [expect.stringContaining('第17条第1項第4号'), 2],
      [expect.stringContaining('第14条第1項'), 3],
    ]);
    const replies = section(res.body, '答申');
    expect(replies.tables[0].rows.map((r) => [r[1], r[2], r[3]])).toEqual([
      ['令和6年4月12日', '事案F', '承認する'],
      ['令和6年7月20日', '事案A', '付帯意見を付して承認する'],
    ]);
    expect(replies.notes[0]).toBe('答申は2件（「承認する」1件、「付帯意見を付して承認する」1件）です。');
    // a1 and a2 from 20 July 2024; a1 closed on 10 October; a2 (due 31 December) still open on 31 March.
    expect(section(res.body, '付帯意見・条件への対応').tables[0].rows).toEqual([
      ['期間中に付されたもの', 2],
      ['期間中に対応が完了したもの', 1],
      ['期間末日に対応中のもの', 1],
      ['うち対応期限を過ぎているもの', 1],
    ]);
    // Fiscal 2025: B (00:30 on 1 April, Japan time) and D; b1 reported but not closed, a2 still open.
    const next = await request(t.http)
      .get(api('/standing-reports/operations?period=range&from=2025-04-01&to=2026-03-31'))
      .set(secretariat.auth)
      .expect(200);
    expect(next.body.period.label).toBe('令和7年度');
    expect(section(next.body, '審議会への諮問・報告の件数').tables[0].total).toEqual(['計', 2]);
    expect(section(next.body, '付帯意見・条件への対応').tables[0].rows.map((r) => r[1])).toEqual([
      1, 0, 2, 1,
    ]);
  });

  it('prints as PDF and .docx with the council name and the period in 和暦', async () => {
    const pdf = await download(
      api('/standing-reports/operations/report.pdf?period=fiscalYear&fiscalYear=2024'),
      secretariat.auth,
    ).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(
      encodeURIComponent('個人情報の運用状況_令和6年度.pdf'),
    );
    await expectPdfWording(pdf.body as Buffer, [
      '個人情報の運用状況について',
      '対象期間令和6年度',
      '新宿区情報公開・個人情報保護審議会事務局',
      '事案F',
    ]);
    const docx = await download(
      api('/standing-reports/operations/report.docx?period=fiscalYear&fiscalYear=2024'),
      secretariat.auth,
    ).expect(200);
    const words = await docxText(docx.body as Buffer);
    expect(words).toContain('期間中に対応が完了したもの');
    expect(words).toContain('令和6年度');
  });

  it('bad periods and kinds are problems in Japanese; a clerk and a member are refused', async () => {
    for (const [q, code] of [
      ['period=range&from=2025-05-01&to=2025-04-01', 'STANDING_REPORT_PERIOD_INVALID'],
      ['period=range&from=2025-02-30&to=2025-04-01', 'STANDING_REPORT_PERIOD_INVALID'],
      ['period=range&from=2025/04/01&to=2025-04-30', 'VALIDATION_FAILED'],
      ['period=fiscalYear', 'VALIDATION_FAILED'],
      ['period=month', 'VALIDATION_FAILED'],
    ]) {
      const res = await request(t.http)
        .get(api(`/standing-reports/operations?${q}`))
        .set(secretariat.auth);
      expect({
        q,
        status: res.status,
        code: res.body.code,
        ja: /[ぁ-んァ-ン一-龥]/.test(res.body.detail),
      }).toEqual({
        q,
        status: 400,
        code,
        ja: true,
      });
    }
    const unknown = await request(t.http)
      .get(api('/standing-reports/nothing?period=fiscalYear&fiscalYear=2024'))
      .set(secretariat.auth);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'STANDING_REPORT_UNKNOWN']);
    for (const who of [clerk, member])
      await request(t.http)
        .get(api('/standing-reports/operations?period=fiscalYear&fiscalYear=2024'))
        .set(who.auth)
        .expect(403);
  });

  it('goes on the next meeting’s agenda in one step, covering the months since the last meeting', async () => {
    const meeting = await planMeeting(t.http, secretariat.auth, {
      number: 61,
      startsAt: '2025-12-01T14:00:00+09:00',
      place: '第3委員会室',
    });
    const id = meeting.id as string;
    // An unknown kind among them: nothing is added.
    const refused = await request(t.http)
      .post(api(`/meetings/${id}/agenda/standing-reports`))
      .set(secretariat.auth)
      .send({ kinds: ['operations', 'nothing'], period: 'sinceLastMeeting' });
    expect([refused.status, refused.body.code]).toEqual([400, 'STANDING_REPORT_UNKNOWN']);
    const added = await request(t.http)
      .post(api(`/meetings/${id}/agenda/standing-reports`))
      .set(secretariat.auth)
      .send({ kinds: ['operations'], period: 'sinceLastMeeting' })
      .expect(201);
    // The 60th meeting was on 5 June 2025: from 6 June to the day before this one.
    expect(added.body).toEqual([
      {
        id: expect.any(String),
        title: '個人情報の運用状況について（令和7年6月6日から令和7年11月30日まで）',
        fileId: expect.any(String),
      },
    ]);
    const detail = await request(t.http)
      .get(api(`/meetings/${id}`))
      .set(secretariat.auth)
      .expect(200);
    expect(detail.body.reports.map((r: { title: string }) => r.title)).toEqual([added.body[0].title]);
    const files = await sql(`SELECT media_type, title FROM agenda_item_file WHERE agenda_item_id = $1`, [
      added.body[0].id,
    ]);
    expect(files).toEqual([{ media_type: 'application/pdf', title: added.body[0].title }]);
    // The web form does the same through the same DTO; a form without a kind says so.
    const cookie = `shingikai_session=${secretariat.token}`;
    const empty = await request(t.http)
      .post(`/meetings/${id}/agenda/standing-reports`)
      .set('Cookie', cookie)
      .type('form')
      .send('period=sinceLastMeeting')
      .expect(303);
    const page = await request(t.http).get(empty.headers.location).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('定例報告の種類を一つ以上選んでください');
    expect(page.text).toContain('data-testid="standing-reports-form"');
    const audit = await sql(
      `SELECT detail FROM audit_log WHERE target_type = 'meeting' AND target_id = $1 AND detail ? 'standingReports'`,
      [id],
    );
    expect(audit).toHaveLength(1);
  });
});

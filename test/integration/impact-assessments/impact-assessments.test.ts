import request from 'supertest';
import { todayInJapan } from '../../../src/common/format/today';
import { addMonths } from '../../../src/impact-assessments/reassessment';
import { THRESHOLD_LEVEL_LABELS } from '../../../src/impact-assessments/threshold';
import { makeDepartment, userWithToken, type Actor } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { docxText } from '../documents/docx-inspect';
import { expectPdfWording, squash } from '../documents/pdf-inspect';
import { downloadBinary } from '../../support/download';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const COUNCIL = 'みどり市個人情報保護審議会';

let t: TestApp;
let clerk: Actor;
let otherClerk: Actor;
let secretariat: Actor;
let reviewId: string;

const FACTS = {
  affairName: '住民基本台帳に関する事務',
  fileName: '住民基本台帳ファイル',
  targetCount: '300000',
  handlerCount: '120',
  seriousIncident: 'false',
  sectionName: '住民記録係',
  contactName: '番号 太郎',
  extension: '2101',
};

const download = (path: string, auth: { Authorization: string }) => downloadBinary(t.http, path, auth);

/** The department's request with its 評価書, through the multipart API. */
function createReview(facts: Record<string, string>, file = PDF, name = '評価書.pdf') {
  const req = request(t.http).post('/api/impact-assessments').set(clerk.auth);
  for (const [k, v] of Object.entries(facts)) req.field(k, v);
  return req.attach('file', file, name);
}

async function submitAndAccept(id: string) {
  await request(t.http).post(`/api/workflow/cases/${id}/submit`).set(clerk.auth).send({}).expect(200);
  await request(t.http).post(`/api/workflow/cases/${id}/accept`).set(secretariat.auth).send({}).expect(200);
}

beforeAll(async () => {
  t = await startTestApp();
  await t.ds.query(
    `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, 'みどり市', $1, 'みどり市長')`,
    [COUNCIL],
  );
  const departmentId = (await makeDepartment(t.ds, { name: '市民課' })).id;
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId });
  const elsewhere = (await makeDepartment(t.ds, { name: '税務課' })).id;
  otherClerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: elsewhere });
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('特定個人情報保護評価の第三者点検', () => {
  it('the department creates the request with its 評価書; the しきい値判断 is shown; an image is no 評価書', async () => {
    const png = await createReview({ ...FACTS, evaluatedOn: '2026-10-01' }, PNG, '評価書.png').expect(415);
    expect(png.body.code).toBe('IMPACT_ASSESSMENT_DOCUMENT_TYPE');

    const res = await createReview({ ...FACTS, evaluatedOn: '2026-10-01' }).expect(201);
    reviewId = res.body.id;
    expect(res.body.threshold).toMatchObject({
      level: 'basicAndFull',
      label: '基礎項目評価及び全項目評価',
      councilReviewRequired: true,
      publicCommentRequired: true,
    });
    expect(res.body.documents).toEqual([
      expect.objectContaining({ fileName: '評価書.pdf', mediaType: 'application/pdf' }),
    ]);
    expect(res.body.title).toBe(
      '住民基本台帳に関する事務に係る特定個人情報保護評価書（全項目評価書）の第三者点検について',
    );

    const page = await request(t.http).get(`/impact-assessments/${reviewId}`).set(clerk.auth).expect(200);
    expect(page.text).toContain('基礎項目評価及び全項目評価');
    expect(page.text).toContain('必要（全項目評価）');

    const bad = await request(t.http)
      .post('/api/impact-assessments')
      .set(clerk.auth)
      .send({ ...FACTS, targetCount: -1, evaluatedOn: '2026-10-01' })
      .expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'targetCount' })]),
    );
    // Without its 評価書 the request is not submitted (the review's own rules, not a case file's 別紙).
    const bare = await request(t.http)
      .post('/api/impact-assessments')
      .set(clerk.auth)
      .send({
        ...FACTS,
        targetCount: 5000,
        handlerCount: 3,
        seriousIncident: false,
        evaluatedOn: '2026-10-01',
      })
      .expect(201);
    expect(bare.body.threshold.level).toBe('basic');
    const refused = await request(t.http)
      .post(`/api/workflow/cases/${bare.body.id}/submit`)
      .set(clerk.auth)
      .send({})
      .expect(400);
    expect(refused.body).toMatchObject({
      code: 'WORKFLOW_CASE_NOT_READY',
      errors: [{ field: 'file', messages: ['評価書（PDF・Word・Excel）を添付してください'] }],
    });
    // The screen shows each message beside its field, the text as typed kept.
    const form = await request(t.http)
      .post('/impact-assessments')
      .set(clerk.auth)
      .type('form')
      .send({ ...FACTS, affairName: ' ', targetCount: '多い', evaluatedOn: '2026-10-01' })
      .expect(400);
    expect(form.text).toMatch(/id="affairName-error"[^>]*>\s*<li>事務の名称を入力してください/);
    expect(form.text).toMatch(
      /id="targetCount-error"[^>]*>\s*<li>対象人数は 0 以上 200,000,000 以下の整数で入力してください<\/li><\/ul>/,
    );
    expect(form.text).toContain('value="住民基本台帳ファイル"');
    // The department corrects a fact on the edit screen while the case is a draft.
    const edit = await request(t.http)
      .get(`/impact-assessments/${reviewId}/edit`)
      .set(clerk.auth)
      .expect(200);
    expect(edit.text).toContain('value="120"');
    await request(t.http)
      .post(`/impact-assessments/${reviewId}/edit`)
      .set(clerk.auth)
      .type('form')
      .send({ ...FACTS, handlerCount: '130', evaluatedOn: '2026-10-01', version: String(res.body.version) })
      .expect(303);
    const edited = await request(t.http)
      .get(`/api/impact-assessments/${reviewId}`)
      .set(clerk.auth)
      .expect(200);
    expect([edited.body.handlerCount, edited.body.version]).toEqual([130, res.body.version + 1]);
  });

  it('the ordinary case editor sends a review case to the assessment editor, never the 諮問事案書 form', async () => {
    const draft = await createReview({ ...FACTS, evaluatedOn: '2026-10-01' }).expect(201);
    const res = await request(t.http).get(`/cases/${draft.body.id}/edit`).set(clerk.auth).expect(302);
    expect(res.headers.location).toBe(`/impact-assessments/${draft.body.id}/edit`);
    expect(res.text).not.toContain('諮問事案書');
    // Another department's clerk learns nothing from the redirect: the case is absent for them.
    await request(t.http).get(`/cases/${draft.body.id}/edit`).set(otherClerk.auth).expect(404);
  });

  it('a clerk of another department is refused with 404, on the API and the screen', async () => {
    const res = await request(t.http)
      .get(`/api/impact-assessments/${reviewId}`)
      .set(otherClerk.auth)
      .expect(404);
    expect(res.body.code).toBe('IMPACT_ASSESSMENT_NOT_FOUND');
    await request(t.http).get(`/impact-assessments/${reviewId}`).set(otherClerk.auth).expect(404);
    await request(t.http)
      .get(`/api/impact-assessments/${reviewId}/result.pdf`)
      .set(otherClerk.auth)
      .expect(404);
    const list = await request(t.http).get('/api/impact-assessments').set(otherClerk.auth).expect(200);
    expect(list.body).toEqual([]);
  });

  it('goes through intake and onto a meeting agenda like any case, as a 諮問事項', async () => {
    // Before intake the council cannot review yet.
    const early = await request(t.http)
      .post(`/api/impact-assessments/${reviewId}/checklist`)
      .set(secretariat.auth)
      .expect(404);
    expect(early.body.code).toBe('IMPACT_ASSESSMENT_NOT_FOUND'); // a draft is the department's alone
    await submitAndAccept(reviewId);
    const meeting = await request(t.http)
      .post('/api/meetings')
      .set(secretariat.auth)
      .send({ number: 71, startsAt: '2027-01-20T14:00:00+09:00', place: '本庁舎 会議室' })
      .expect(201);
    await request(t.http)
      .post(`/api/meetings/${meeting.body.id}/agenda/cases`)
      .set(secretariat.auth)
      .send({ caseId: reviewId })
      .expect(201);
    const [item] = await t.ds.query(`SELECT section, title FROM agenda_item WHERE case_id = $1`, [reviewId]);
    expect(item).toEqual({
      section: 'consultation',
      title: '住民基本台帳に関する事務に係る特定個人情報保護評価書（全項目評価書）の第三者点検について',
    });
  });

  it('checklist and findings: open until the department answers and the secretariat accepts', async () => {
    const started = await request(t.http)
      .post(`/api/impact-assessments/${reviewId}/checklist`)
      .set(secretariat.auth)
      .expect(201);
    const items = started.body.checklist as { id: string; section: string }[];
    expect(items.map((i) => i.section)).toEqual(
      expect.arrayContaining([
        '基本情報',
        'リスク対策（委託）',
        '監査',
        '従業者に対する教育・啓発',
        'その他',
      ]),
    );
    await request(t.http)
      .post(`/api/impact-assessments/${reviewId}/checklist`)
      .set(secretariat.auth)
      .expect(409);
    await request(t.http)
      .put(`/api/impact-assessments/${reviewId}/checklist`)
      .set(secretariat.auth)
      .send({
        version: started.body.version,
        items: items.map((i, n) => ({
          id: i.id,
          result: n === 6 ? 'finding' : n === 7 ? 'notApplicable' : 'confirmed',
          comment: n === 6 ? '委託先の監督方法の記載が不足' : '',
        })),
      })
      .expect(200);
    const f1 = await request(t.http)
      .post(`/api/impact-assessments/${reviewId}/findings`)
      .set(secretariat.auth)
      .send({ text: '再委託先に対する監督の方法を評価書に明記すること。', checkItemId: items[6].id })
      .expect(201);
    const f2 = await request(t.http)
      .post(`/api/impact-assessments/${reviewId}/findings`)
      .set(secretariat.auth)
      .send({ text: '操作記録の確認頻度を具体的に記載すること。' })
      .expect(201);
    expect([f1.body.state, f2.body.position]).toEqual(['open', 2]);
    // Only the department answers; the secretariat cannot accept an unanswered finding.
    await request(t.http)
      .post(`/api/impact-assessments/${reviewId}/findings/${f1.body.id}/accept`)
      .set(secretariat.auth)
      .send({ version: f1.body.version })
      .expect(409);
    await request(t.http)
      .post(`/api/impact-assessments/${reviewId}/findings/${f1.body.id}/answer`)
      .set(otherClerk.auth)
      .send({ answer: 'x', version: f1.body.version })
      .expect(404);
    const answered = await request(t.http)
      .post(`/api/impact-assessments/${reviewId}/findings/${f1.body.id}/answer`)
      .set(clerk.auth)
      .send({ answer: '評価書III-4に再委託先の監督方法を追記しました。', version: f1.body.version })
      .expect(200);
    expect(answered.body.state).toBe('answered');
    const noReason = await request(t.http)
      .post(`/api/impact-assessments/${reviewId}/findings/${f1.body.id}/return`)
      .set(secretariat.auth)
      .send({ version: answered.body.version })
      .expect(400);
    expect(noReason.body.code).toBe('WORKFLOW_COMMENT_REQUIRED');
    const accepted = await request(t.http)
      .post(`/api/impact-assessments/${reviewId}/findings/${f1.body.id}/accept`)
      .set(secretariat.auth)
      .send({ comment: '追記内容を確認しました。', version: answered.body.version })
      .expect(200);
    expect(accepted.body).toMatchObject({ state: 'accepted', stateLabel: '完了', allowedActions: [] });
    const detail = await request(t.http)
      .get(`/api/impact-assessments/${reviewId}`)
      .set(clerk.auth)
      .expect(200);
    expect(detail.body.openFindings).toBe(1);
    // The review page: the secretariat edits the checklist; the department answers the open finding.
    const secPage = await request(t.http)
      .get(`/impact-assessments/${reviewId}`)
      .set(secretariat.auth)
      .expect(200);
    expect(secPage.text).toContain(`name="result_${items[6].id}"`);
    expect(secPage.text).toMatch(/<option value="finding" selected>指摘あり<\/option>/);
    const clerkPage = await request(t.http)
      .get(`/impact-assessments/${reviewId}`)
      .set(clerk.auth)
      .expect(200);
    expect(clerkPage.text).toContain(`id="answer_${f2.body.id}"`);
    expect(clerkPage.text).not.toContain(`id="answer_${f1.body.id}"`);
    const audit = await t.ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE target_type = 'impactAssessment' AND target_id = $1 AND action = 'state.change'`,
      [reviewId],
    );
    expect(audit[0].n).toBe(2);
  });

  it('点検結果: a PDF with the council’s name, 和暦 date, threshold and findings; the .docx opens with the same text', async () => {
    const pdf = await download(`/api/impact-assessments/${reviewId}/result.pdf`, secretariat.auth).expect(
      200,
    );
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await expectPdfWording(pdf.body as Buffer, [
      COUNCIL,
      '特定個人情報保護評価書の第三者点検の結果について',
      '市民課長',
      '基礎項目評価及び全項目評価',
      '再委託先に対する監督の方法を評価書に明記すること。',
      '【対応状況】完了',
      '【対応状況】回答待ち',
      '委託先の監督方法の記載が不足',
    ]);
    expect(text).toMatch(/令和\d+年\d+月\d+日/);
    expect(text).not.toContain('情報公開・個人情報保護審議会');

    const docx = await download(`/api/impact-assessments/${reviewId}/result.docx`, clerk.auth).expect(200);
    expect(docx.headers['content-disposition']).toContain('.docx');
    const word = await docxText(docx.body as Buffer);
    expect(word).toContain(squash(COUNCIL));
    expect(word).toContain(squash('操作記録の確認頻度を具体的に記載すること。'));
    const downloads = await t.ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'download' AND target_id = $1 AND status = 200`,
      [reviewId],
    );
    expect(downloads[0].n).toBe(2);
  }, 30_000);

  it('reminds the department and the secretariat 5 years after the evaluation, and on a significant change', async () => {
    const d = new Date(`${addMonths(todayInJapan(), -60)}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    const old = await createReview({
      ...FACTS,
      affairName: '児童手当に関する事務',
      fileName: '児童手当ファイル',
      targetCount: '20000',
      evaluatedOn: d.toISOString().slice(0, 10),
    }).expect(201);
    expect(old.body.reassessment.state).toBe('overdue');
    await submitAndAccept(old.body.id);

    const clerkHome = await request(t.http).get('/').set(clerk.auth).expect(200);
    expect(clerkHome.text).toContain('児童手当に関する事務');
    expect(clerkHome.text).toContain('再評価の期限を過ぎています');
    expect(clerkHome.text).not.toContain('重要な変更があったため再評価が必要です');

    await request(t.http)
      .post(`/api/impact-assessments/${reviewId}/significant-change`)
      .set(clerk.auth)
      .send({ changedOn: todayInJapan(), note: '宛名システムの更改' })
      .expect(200);
    const home = await request(t.http).get('/').set(secretariat.auth).expect(200);
    const section = home.text.slice(home.text.indexOf('data-testid="reassessments"'));
    expect(section).toContain('児童手当に関する事務');
    expect(section).toContain('再評価の期限を過ぎています');
    expect(section).toContain('重要な変更があったため再評価が必要です');
    const other = await request(t.http).get('/').set(otherClerk.auth).expect(200);
    expect(other.text).not.toContain('児童手当に関する事務');
  });
  it('the 運用状況 counts the reviews submitted in the period by level, and their findings', async () => {
    // Yesterday and today (Japan): a run across midnight keeps its submissions inside the period.
    const today = todayInJapan();
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const res = await request(t.http)
      .get(`/api/standing-reports/operations?period=range&from=${yesterday}&to=${today}`)
      .set(secretariat.auth)
      .expect(200);
    const section = res.body.sections.find(
      (s: { heading: string }) => s.heading === '特定個人情報保護評価の第三者点検',
    );
    const [reviews, findings] = section.tables as {
      rows: (string | number)[][];
      total?: (string | number)[];
    }[];
    const [{ n }] = await t.ds.query(
      `SELECT count(DISTINCT a.case_id)::int AS n FROM impact_assessment a
         JOIN case_transition tr ON tr.case_id = a.case_id AND tr.action = 'submit'`,
    );
    expect(n).toBeGreaterThanOrEqual(2);
    expect(reviews.total).toEqual(['計', n]);
    expect(reviews.rows).toEqual(expect.arrayContaining([[THRESHOLD_LEVEL_LABELS.basicAndFull, 1]]));
    const states = await t.ds.query(
      `SELECT state, count(*)::int AS n FROM assessment_finding GROUP BY state`,
    );
    const of = (s: string) => states.find((r: { state: string }) => r.state === s)?.n ?? 0;
    expect(findings.rows.map((r) => r[1])).toEqual([of('open'), of('answered'), of('accepted')]);
    expect(of('open') + of('answered') + of('accepted')).toBeGreaterThan(0);
  });
});

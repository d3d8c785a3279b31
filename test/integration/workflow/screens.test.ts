import request from 'supertest';
import { makeDepartment, userWithToken } from '../../support/factories';
import type { TestApp } from '../../support/test-app';
import { makeCase } from '../../support/workflow-factories';
import { sampleCookie, startSampleApp } from '../../support/sample-app';

let t: TestApp;
const cookie: Record<string, string> = {};

beforeAll(async () => {
  ({ t } = await startSampleApp());
  cookie.secretariat = await sampleCookie(t, 'secretariat');
  cookie.clerk = await sampleCookie(t, 'clerk-eigyo');
  cookie.chair = await sampleCookie(t, 'chair');
}, 120_000);
afterAll(() => t.close());

const page = (path: string, who: string) => request(t.http).get(path).set('Cookie', cookie[who]);
const meetingId = async (n: number) =>
  (await t.ds.query('SELECT id FROM meeting WHERE number = $1', [n]))[0].id as string;

describe('council screens', () => {
  it('sign in through the HTML login form (form bodies are not run through the DTO pipe)', async () => {
    const res = await request(t.http)
      .post('/login')
      .type('form')
      .send({ username: 'secretariat', password: 'Jimukyoku-2026-init' });
    expect([res.status, res.headers.location]).toEqual([303, '/']);
  });

  it('show the 70th meeting: agenda numbers, shared material, quorum', async () => {
    const res = await page(`/meetings/${await meetingId(70)}`, 'secretariat').expect(200);
    expect(res.text).toContain('第70回 会議');
    expect(res.text).toContain('資料2・3');
    expect(res.text).toContain('付帯意見を付して承認');
    expect(res.text).toContain('定足数を満たしています');
  });

  it('show one item at a time on the deliberation screen, with its Q&A and outcome', async () => {
    const id = await meetingId(70);
    const first = await page(`/meetings/${id}/deliberation`, 'secretariat').expect(200);
    expect(first.text).toContain('諮問事項ア「下水道使用料管理事務」');
    expect(first.text).toContain('接続を勧める巡回');
    const items = await t.ds.query(
      `SELECT id FROM agenda_item WHERE meeting_id = $1 AND section = 'consultation' ORDER BY position`,
      [id],
    );
    const third = await page(`/meetings/${id}/deliberation?item=${items[2].id}`, 'secretariat').expect(200);
    // ウ shares イ's Q&A (joint deliberation) but shows its own outcome.
    expect(third.text).toContain('併せて審議');
    expect(third.text).toContain('インターネットで水道の受付');
    expect(third.text).toMatch(/data-testid="outcome"><strong>承認<\/strong>/);
  });

  it('render every list and detail page for the roles that use them', async () => {
    const reply = (
      await t.ds.query(
        `SELECT r.id FROM reply r JOIN case_file f ON f.id = r.case_id WHERE f.receipt_number = 'H29-002'`,
      )
    )[0].id;
    const condition = (await t.ds.query(`SELECT id FROM case_condition LIMIT 1`))[0].id;
    const caseId = (await t.ds.query(`SELECT id FROM case_file WHERE receipt_number = 'H29-002'`))[0].id;
    for (const [path, who, text] of [
      ['/', 'secretariat', '次回の会議'],
      ['/', 'clerk', '所属課の事案'],
      ['/', 'chair', '審議会の決定'],
      ['/intake', 'secretariat', '受付'],
      ['/meetings', 'chair', '第71回'],
      [`/meetings/${await meetingId(71)}`, 'chair', '屋上等緑化'],
      [`/meetings/${await meetingId(70)}/questions`, 'secretariat', '事前質問'],
      ['/replies', 'secretariat', '答申第2号'],
      [`/replies/${reply}`, 'clerk', '承認する。'],
      ['/conditions', 'clerk', '周知を徹底'],
      [`/conditions/${condition}`, 'chair', '全庁に通知'],
      [`/cases/${caseId}/workflow`, 'clerk', 'H29-002'],
      ['/notifications', 'clerk', '通知'],
    ] as const) {
      const res = await page(path, who);
      expect({ path, who, status: res.status }).toEqual({ path, who, status: 200 });
      expect(res.text).toContain(text);
    }
  });

  it('accept and send back from the intake queue by form', async () => {
    const dept = await makeDepartment(t.ds);
    const clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: dept.id });
    const a = await makeCase(t.ds, {
      departmentId: dept.id,
      createdById: clerk.user.id,
      title: '受付する事案',
    });
    const b = await makeCase(t.ds, {
      departmentId: dept.id,
      createdById: clerk.user.id,
      title: '差し戻す事案',
    });
    for (const c of [a, b])
      await request(t.http).post(`/api/workflow/cases/${c.id}/submit`).set(clerk.auth).send({}).expect(200);
    const queue = await page('/intake', 'secretariat').expect(200);
    expect(queue.text).toContain('受付する事案');
    const [{ version }] = await t.ds.query('SELECT version FROM case_file WHERE id = $1', [a.id]);
    const ok = await request(t.http)
      .post(`/intake/${a.id}`)
      .set('Cookie', cookie.secretariat)
      .type('form')
      .send({ action: 'accept', version: String(version) });
    expect(ok.status).toBe(303);
    expect(decodeURIComponent(ok.headers.location)).toContain('受け付けました');
    const empty = await request(t.http)
      .post(`/intake/${b.id}`)
      .set('Cookie', cookie.secretariat)
      .type('form')
      .send({ action: 'sendBack', comment: '' });
    expect(decodeURIComponent(empty.headers.location)).toContain('理由');
    await request(t.http)
      .post(`/intake/${b.id}`)
      .set('Cookie', cookie.secretariat)
      .type('form')
      .send({ action: 'sendBack', comment: '添付資料が不足しています' })
      .expect(303);
    const rows = await t.ds.query(
      `SELECT title, status, receipt_number FROM case_file WHERE id IN ($1, $2) ORDER BY title`,
      [a.id, b.id],
    );
    expect(rows).toEqual([
      { title: '受付する事案', status: 'accepted', receipt_number: 'R8-003' },
      { title: '差し戻す事案', status: 'sentBack', receipt_number: null },
    ]);
  });

  it('record a Q&A line and a decision through the meeting and deliberation forms', async () => {
    const id = await meetingId(71);
    const post = (path: string, form: Record<string, string>) =>
      request(t.http).post(path).set('Cookie', cookie.secretariat).type('form').send(form);
    const version = async () =>
      String((await t.ds.query('SELECT version FROM meeting WHERE id = $1', [id]))[0].version);
    for (const action of ['convene', 'hold']) {
      const res = await post(`/meetings/${id}/state`, { action, version: await version() });
      expect(decodeURIComponent(res.headers.location)).toContain('会議の状態を更新しました');
    }
    const [item] = await t.ds.query(
      `SELECT id, version FROM agenda_item WHERE meeting_id = $1 ORDER BY section, position LIMIT 1`,
      [id],
    );
    await post(`/meetings/${id}/deliberation/${item.id}/entries`, {
      speakerRole: 'member',
      phase: 'qa',
      text: '見学申込の受付期間はいつまでか。',
      viewItem: item.id,
    }).expect(303);
    const bad = await post(`/meetings/${id}/deliberation/${item.id}/outcome`, {
      outcome: 'noted',
      version: String(item.version),
    });
    expect(decodeURIComponent(bad.headers.location)).toContain('諮問事項の結果に「報告了承」は選べません');
    const ok = await post(`/meetings/${id}/deliberation/${item.id}/outcome`, {
      outcome: 'approvedWithOpinion',
      voteMethod: 'showOfHands',
      votesFor: '5',
      supplementaryOpinions: '申込者の個人情報は見学終了後速やかに消去すること。\n',
      version: String(item.version),
    });
    expect(decodeURIComponent(ok.headers.location)).toContain('審議結果を記録しました');
    const screen = await page(`/meetings/${id}/deliberation?item=${item.id}`, 'secretariat').expect(200);
    expect(screen.text).toContain('見学申込の受付期間はいつまでか。');
    expect(screen.text).toContain('付帯意見を付して承認');
    expect(screen.text).toContain('申込者の個人情報は見学終了後速やかに消去すること。');
    const [row] = await t.ds.query(
      `SELECT status FROM case_file f JOIN agenda_item i ON i.case_id = f.id WHERE i.id = $1`,
      [item.id],
    );
    expect(row.status).toBe('decided');
  });
});

import request from 'supertest';
import { makeDepartment, userWithToken, type Actor } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { holdMeeting, makeCase, makeCouncilMember, submitAndAccept } from '../../support/workflow-factories';
import { planMeeting, postOutcome, scheduleCase } from '../../support/meetings';
import { getBody } from '../../support/http';

/** Correcting a recorded outcome before the reply is issued, and the refusal after. */
let t: TestApp;
let clerk: Actor;
let secretariat: Actor;
let departmentId: string;
let meetingId: string;
const items: Record<string, { id: string; caseId: string }> = {};

const api = (path: string) => `/api${path}`;
const caseStatus = async (id: string) =>
  (await t.ds.query('SELECT status FROM case_file WHERE id = $1', [id]))[0].status;
async function itemOf(key: string) {
  const d = await getBody(t.http, secretariat.auth, api(`/meetings/${meetingId}`));
  return [...d.consultations, ...d.reports].find((i: { id: string }) => i.id === items[key].id);
}
async function draftReply(key: string) {
  const rows = await t.ds.query(
    `SELECT id, state, outcome, supplementary_opinions AS opinions FROM reply WHERE agenda_item_id = $1`,
    [items[key].id],
  );
  return rows[0] ?? null;
}
function correct(key: string, body: Record<string, unknown>, auth = secretariat.auth) {
  return request(t.http)
    .post(api(`/meetings/${meetingId}/agenda/${items[key].id}/outcome/correction`))
    .set(auth)
    .send(body);
}
/** `correct` at the item's current version, expecting 200. */
async function correctCurrent(key: string, body: Record<string, unknown>) {
  return correct(key, { version: (await itemOf(key)).version, ...body }).expect(200);
}

beforeAll(async () => {
  t = await startTestApp();
  await t.ds.query(
    `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, '新宿区', '新宿区情報公開・個人情報保護審議会', '新宿区長')`,
  );
  await t.ds.query(`INSERT INTO standard_condition (position, text) VALUES (1, '目的外に利用しないこと。')`);
  departmentId = (await makeDepartment(t.ds, { name: '道とみどりの課' })).id;
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId });
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
  const member = await makeCouncilMember(t.ds, { name: '小室 充孝', title: 'chair' });
  const m = await planMeeting(t.http, secretariat.auth, {
    number: 71,
    startsAt: '2026-11-20T14:00:00+09:00',
    place: '第3委員会室',
  });
  meetingId = m.id;
  for (const [key, procedure] of [
    ['a', 'consultation'],
    ['b', 'consultation'],
    ['c', 'consultation'],
    ['r', 'report'],
  ] as const) {
    const c = await makeCase(t.ds, {
      departmentId,
      createdById: clerk.user.id,
      title: `事案${key}`,
      procedure,
    });
    await submitAndAccept(t.http, c.id, clerk.auth, secretariat.auth);
    const it = await scheduleCase(t.http, secretariat.auth, meetingId, c.id);
    items[key] = { id: it.id, caseId: c.id };
  }
  await holdMeeting(t.http, meetingId, member.id, secretariat.auth);
  const record = (key: string, body: Record<string, unknown>) =>
    postOutcome(t.http, secretariat.auth, meetingId, items[key].id, body).expect(200);
  await record('a', {
    outcome: 'approvedWithOpinion',
    voteMethod: 'noObjection',
    supplementaryOpinions: ['ログを定期的に確認すること。', '委託先を監督すること。'],
  });
  await record('b', { outcome: 'approved', voteMethod: 'showOfHands', votesFor: 6, votesAgainst: 1 });
  await record('c', { outcome: 'continued' });
  await record('r', { outcome: 'noted' });
});
afterAll(() => t.close());

describe('correcting a recorded outcome before the reply is issued', () => {
  it('approvedWithOpinion → approved drops the opinions from the item and the draft reply, keeps one reply', async () => {
    const res = await correctCurrent('a', {
      outcome: 'approved',
      voteMethod: 'noObjection',
      reason: '付帯意見は委員の意見であり、付帯意見とはしないことを確認したため',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'approved', outcomeLabel: '承認', supplementaryOpinions: [] });
    expect(await caseStatus(items.a.caseId)).toBe('decided');
    expect(await draftReply('a')).toMatchObject({ state: 'draft', outcome: 'approved', opinions: [] });
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM supplementary_opinion WHERE agenda_item_id = $1`,
      [items.a.id],
    );
    expect(n).toBe(0);
    const [transition] = await t.ds.query(
      `SELECT action, from_state, to_state, comment FROM case_transition WHERE case_id = $1 ORDER BY occurred_at DESC LIMIT 1`,
      [items.a.caseId],
    );
    expect(transition).toMatchObject({
      action: 'correctOutcome',
      from_state: 'decided',
      to_state: 'decided',
    });
    expect(transition.comment).toContain('付帯意見を付して承認」から「承認」');
    const history = await request(t.http)
      .get(api(`/meetings/${meetingId}/agenda/${items.a.id}/record`))
      .set(secretariat.auth)
      .expect(200);
    expect(history.body.corrections).toHaveLength(1);
    expect(history.body.corrections[0]).toMatchObject({
      fromOutcomeLabel: '付帯意見を付して承認',
      toOutcomeLabel: '承認',
      fromOpinions: ['ログを定期的に確認すること。', '委託先を監督すること。'],
      toOpinions: [],
      reason: '付帯意見は委員の意見であり、付帯意見とはしないことを確認したため',
    });
    const audit = await t.ds.query(
      `SELECT action, detail FROM audit_log WHERE target_type = 'agenda_item' AND target_id = $1 ORDER BY id DESC LIMIT 1`,
      [items.a.id],
    );
    expect(audit[0]).toMatchObject({
      action: 'update',
      detail: { from: 'approvedWithOpinion', to: 'approved' },
    });
  });

  it('approved → rejected updates the draft reply; the department is told', async () => {
    await correctCurrent('b', {
      outcome: 'rejected',
      voteMethod: 'showOfHands',
      votesFor: 1,
      votesAgainst: 6,
      reason: '賛否の集計を取り違えた',
    });
    expect(await draftReply('b')).toMatchObject({ state: 'draft', outcome: 'rejected' });
    const revisions = await t.ds.query(
      `SELECT content->>'outcome' AS outcome FROM reply_revision r JOIN reply p ON p.id = r.reply_id
        WHERE p.agenda_item_id = $1 ORDER BY revision`,
      [items.b.id],
    );
    expect(revisions.map((r: { outcome: string }) => r.outcome)).toEqual(['approved', 'rejected']);
    const notes = await request(t.http).get(api('/notifications')).set(clerk.auth).expect(200);
    expect(JSON.stringify(notes.body)).toContain('審議結果が訂正されました: 事案b');
  });

  it('continued → approvedWithOpinion moves the case to decided and drafts the reply with the opinion', async () => {
    expect(await caseStatus(items.c.caseId)).toBe('accepted');
    expect(await draftReply('c')).toBeNull();
    await correctCurrent('c', {
      outcome: 'approvedWithOpinion',
      voteMethod: 'noObjection',
      supplementaryOpinions: ['運用状況を報告すること。'],
      reason: '継続ではなく承認された',
    });
    expect(await caseStatus(items.c.caseId)).toBe('decided');
    expect(await draftReply('c')).toMatchObject({
      outcome: 'approvedWithOpinion',
      opinions: ['運用状況を報告すること。'],
    });
  });

  it('approvedWithOpinion → continued discards the draft reply and returns the case to accepted', async () => {
    await correctCurrent('c', { outcome: 'continued', reason: '再び継続に戻す' });
    expect(await caseStatus(items.c.caseId)).toBe('accepted');
    expect(await draftReply('c')).toBeNull();
    expect((await itemOf('c')).supplementaryOpinions).toEqual([]);
  });

  it('a report can be corrected from noted to continued', async () => {
    await correctCurrent('r', { outcome: 'continued', reason: '次回に継続' });
    expect(await caseStatus(items.r.caseId)).toBe('accepted');
  });
});

describe('refused corrections', () => {
  it('needs a reason, a current version, the secretariat role, and an outcome valid for the section', async () => {
    const a = await itemOf('a');
    /** One correction of item a (to rejected, at its version), varied one field at a time. */
    const rejectA = (fields: Record<string, unknown>, auth = secretariat.auth) =>
      correct('a', { version: a.version, outcome: 'rejected', voteMethod: 'noObjection', ...fields }, auth);
    const noReason = await rejectA({});
    expect([noReason.status, noReason.headers['content-type']]).toEqual([
      400,
      expect.stringContaining('application/problem+json'),
    ]);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    const blank = await rejectA({ reason: '  ' });
    expect(blank.status).toBe(400);
    const stale = await rejectA({ version: a.version - 1, reason: '古い画面から' });
    expect([stale.status, stale.body.code]).toEqual([409, 'STALE_VERSION']);
    const asClerk = await rejectA({ reason: 'x' }, clerk.auth);
    expect(asClerk.status).toBe(403);
    const noted = await correct('a', { version: a.version, outcome: 'noted', reason: '誤り' });
    expect([noted.status, noted.body.code]).toEqual([400, 'DELIBERATION_OUTCOME_INVALID']);
    const withdrawn = await correct('a', {
      version: a.version,
      outcome: 'withdrawn',
      withdrawalReason: 'x',
      reason: '誤り',
    });
    expect([withdrawn.status, withdrawn.body.code]).toEqual([409, 'DELIBERATION_WITHDRAWAL_NOT_CORRECTABLE']);
    expect((await itemOf('a')).outcome).toBe('approved');
  });

  it('once the reply is issued the outcome is frozen (409 in Japanese), nothing changes', async () => {
    const reply = await draftReply('b');
    const issued = await request(t.http)
      .post(api(`/replies/${reply.id}/issue`))
      .set(secretariat.auth)
      .send({})
      .expect(200);
    const b = await itemOf('b');
    expect(b.replyIssued).toBe(true);
    const res = await correct('b', {
      version: b.version,
      outcome: 'approved',
      voteMethod: 'noObjection',
      reason: 'やはり承認',
    });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('DELIBERATION_OUTCOME_FROZEN');
    expect(res.body.detail).toBe(
      `${issued.body.numberLabel}が既に発出されているため、審議結果は訂正できません。発出済みの答申は変更できません。`,
    );
    expect((await itemOf('b')).outcome).toBe('rejected');
    expect(await draftReply('b')).toMatchObject({ state: 'issued', outcome: 'rejected' });
  });

  it('an outcome not yet recorded cannot be corrected', async () => {
    const c = await makeCase(t.ds, { departmentId, createdById: clerk.user.id, title: '未決定の事案' });
    await submitAndAccept(t.http, c.id, clerk.auth, secretariat.auth);
    const m = await planMeeting(t.http, secretariat.auth, {
      number: 72,
      startsAt: '2026-12-18T14:00:00+09:00',
      place: '第3委員会室',
    });
    const it = await scheduleCase(t.http, secretariat.auth, m.id, c.id);
    const res = await request(t.http)
      .post(api(`/meetings/${m.id}/agenda/${it.id}/outcome/correction`))
      .set(secretariat.auth)
      .send({ outcome: 'approved', voteMethod: 'noObjection', reason: '誤り' });
    expect([res.status, res.body.code]).toEqual([409, 'DELIBERATION_MEETING_NOT_HELD']);
  });
});

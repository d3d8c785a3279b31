import request from 'supertest';
import { fiscalYearOf, fiscalYearPrefix } from '../../../src/workflow/numbering';
import { makeDepartment, userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { makeCase, submitAndAccept } from '../../support/workflow-factories';

let t: TestApp;
let clerk: Awaited<ReturnType<typeof userWithToken>>;
let secretariat: Awaited<ReturnType<typeof userWithToken>>;
let departmentId: string;
const prefix = fiscalYearPrefix(fiscalYearOf(new Date()));

beforeAll(async () => {
  t = await startTestApp();
  departmentId = (await makeDepartment(t.ds)).id;
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId });
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
});
afterAll(() => t.close());

const newCase = (overrides: Parameters<typeof makeCase>[1] extends infer O ? Partial<O> : never = {}) =>
  makeCase(t.ds, { departmentId, createdById: clerk.user.id, ...overrides });
const status = async (id: string) =>
  (await t.ds.query('SELECT status, receipt_number FROM case_file WHERE id = $1', [id]))[0] as {
    status: string;
    receipt_number: string | null;
  };

describe('intake: submit, send back, resubmit, accept', () => {
  it('walks a case to accepted with a 受付番号 and records every move', async () => {
    const c = await newCase({ title: '屋上緑化助成の電子申請' });
    await request(t.http).post(`/api/workflow/cases/${c.id}/submit`).set(clerk.auth).send({}).expect(200);
    const queue = await request(t.http).get('/api/workflow/intake').set(secretariat.auth).expect(200);
    expect(queue.body.map((r: { id: string }) => r.id)).toContain(c.id);

    const noReason = await request(t.http)
      .post(`/api/workflow/cases/${c.id}/sendBack`)
      .set(secretariat.auth)
      .send({});
    expect([noReason.status, noReason.body.code]).toEqual([400, 'WORKFLOW_COMMENT_REQUIRED']);
    expect((await status(c.id)).status).toBe('submitted');

    await request(t.http)
      .post(`/api/workflow/cases/${c.id}/sendBack`)
      .set(secretariat.auth)
      .send({ comment: '委託先の認証取得状況を記載してください' })
      .expect(200);
    const notes = await request(t.http).get('/api/notifications').set(clerk.auth).expect(200);
    expect(notes.body[0]).toMatchObject({
      kind: 'sentBack',
      body: '差戻しの理由: 委託先の認証取得状況を記載してください',
    });

    await request(t.http).post(`/api/workflow/cases/${c.id}/resubmit`).set(clerk.auth).send({}).expect(200);
    const accepted = await request(t.http)
      .post(`/api/workflow/cases/${c.id}/accept`)
      .set(secretariat.auth)
      .send({})
      .expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', statusLabel: '受付済み' });
    expect(accepted.body.receiptNumber).toMatch(new RegExp(`^${prefix}-\\d{3}$`));

    const history = await request(t.http)
      .get(`/api/workflow/cases/${c.id}/history`)
      .set(clerk.auth)
      .expect(200);
    expect(history.body.map((h: { action: string }) => h.action)).toEqual([
      'submit',
      'sendBack',
      'resubmit',
      'accept',
    ]);
    expect(history.body[1]).toMatchObject({
      actorName: secretariat.user.displayName,
      comment: '委託先の認証取得状況を記載してください',
      toStateLabel: '差戻し',
    });
    const audit = await t.ds.query(
      `SELECT detail->>'transition' AS tr FROM audit_log WHERE target_type = 'case' AND target_id = $1 AND action = 'state.change' ORDER BY id`,
      [c.id],
    );
    expect(audit.map((a: { tr: string }) => a.tr)).toEqual(['submit', 'sendBack', 'resubmit', 'accept']);
  });

  it('refuses a case without a title at submission, naming the field', async () => {
    // Creation refuses a blank title now; a case stored before that rule (or cleared since) can still lack one.
    const c = await newCase({ title: '屋上緑化' });
    await t.ds.query(`UPDATE case_file SET title = '  ' WHERE id = $1`, [c.id]);
    const res = await request(t.http).post(`/api/workflow/cases/${c.id}/submit`).set(clerk.auth).send({});
    expect([res.status, res.body.code, res.body.errors[0].field]).toEqual([
      400,
      'WORKFLOW_CASE_NOT_READY',
      'title',
    ]);
    expect((await status(c.id)).status).toBe('draft');
  });
});

describe('bad input changes nothing', () => {
  it('a clerk cannot accept', async () => {
    const c = await newCase();
    await request(t.http).post(`/api/workflow/cases/${c.id}/submit`).set(clerk.auth).send({}).expect(200);
    const res = await request(t.http).post(`/api/workflow/cases/${c.id}/accept`).set(clerk.auth).send({});
    expect([res.status, res.body.code]).toEqual([403, 'WORKFLOW_ROLE_FORBIDDEN']);
    expect(await status(c.id)).toEqual({ status: 'submitted', receipt_number: null });
  });

  it('the submitter cannot accept the case (segregation of duties)', async () => {
    // A clerk who submitted and later moved to the secretariat.
    const mover = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId });
    const c = await makeCase(t.ds, { departmentId, createdById: clerk.user.id });
    await request(t.http).post(`/api/workflow/cases/${c.id}/submit`).set(mover.auth).send({}).expect(200);
    await t.ds.query(`UPDATE app_user SET role = 'secretariat', department_id = NULL WHERE id = $1`, [
      mover.user.id,
    ]);
    // The session cache learns of a change made behind the app's back through NOTIFY, which
    // arrives asynchronously: wait until the app sees the new role, as a real user would.
    for (let i = 0; i < 100; i++) {
      const me = await request(t.http).get('/api/auth/me').set(mover.auth);
      if (me.body.role === 'secretariat') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const res = await request(t.http).post(`/api/workflow/cases/${c.id}/accept`).set(mover.auth).send({});
    expect([res.status, res.body.code]).toEqual([403, 'WORKFLOW_SEGREGATION_OF_DUTIES']);
    expect(await status(c.id)).toEqual({ status: 'submitted', receipt_number: null });
  });

  it('a double click on accept gives one number, not two', async () => {
    const c = await newCase();
    await request(t.http).post(`/api/workflow/cases/${c.id}/submit`).set(clerk.auth).send({}).expect(200);
    const before = await t.ds.query(
      `SELECT coalesce(sum(last_value), 0)::int AS n FROM number_sequence WHERE kind = 'receipt'`,
    );
    const [a, b] = await Promise.all([
      request(t.http).post(`/api/workflow/cases/${c.id}/accept`).set(secretariat.auth).send({}),
      request(t.http).post(`/api/workflow/cases/${c.id}/accept`).set(secretariat.auth).send({}),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)?.body.code).toBe('WORKFLOW_TRANSITION_NOT_ALLOWED');
    const after = await t.ds.query(
      `SELECT coalesce(sum(last_value), 0)::int AS n FROM number_sequence WHERE kind = 'receipt'`,
    );
    expect(after[0].n - before[0].n).toBe(1);
    const accepts = await t.ds.query(
      `SELECT count(*)::int AS n FROM case_transition WHERE case_id = $1 AND action = 'accept'`,
      [c.id],
    );
    expect(accepts[0].n).toBe(1);
  });

  it('a clerk of another department sees nothing and moves nothing', async () => {
    const other = await userWithToken(t.http, t.ds, { role: 'clerk' });
    const c = await newCase();
    const res = await request(t.http).post(`/api/workflow/cases/${c.id}/submit`).set(other.auth).send({});
    expect([res.status, res.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    expect((await status(c.id)).status).toBe('draft');
  });

  it('an unknown action and a meeting-only action are refused', async () => {
    const c = await newCase();
    const unknown = await request(t.http)
      .post(`/api/workflow/cases/${c.id}/approve`)
      .set(secretariat.auth)
      .send({});
    expect(unknown.body.code).toBe('WORKFLOW_UNKNOWN_ACTION');
    const manual = await request(t.http)
      .post(`/api/workflow/cases/${c.id}/decide`)
      .set(secretariat.auth)
      .send({});
    expect(manual.body.code).toBe('WORKFLOW_ACTION_NOT_MANUAL');
  });
});

describe('受付番号 under concurrency', () => {
  it('20 parallel accepts get 20 distinct, consecutive numbers', async () => {
    const cases = [];
    for (let i = 0; i < 20; i++) {
      const c = await newCase();
      await request(t.http).post(`/api/workflow/cases/${c.id}/submit`).set(clerk.auth).send({}).expect(200);
      cases.push(c);
    }
    const [{ n: start }] = await t.ds.query(
      `SELECT coalesce(max(last_value), 0)::int AS n FROM number_sequence WHERE kind = 'receipt'`,
    );
    const results = await Promise.all(
      cases.map((c) =>
        request(t.http).post(`/api/workflow/cases/${c.id}/accept`).set(secretariat.auth).send({}),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const numbers = results.map((r) => r.body.receiptNumber as string);
    expect(new Set(numbers).size).toBe(20);
    const seqs = numbers.map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => start + i + 1));
  });

  it('numbers continue after the concurrent batch', async () => {
    const c = await newCase();
    const n = await submitAndAccept(t.http, c.id, clerk.auth, secretariat.auth);
    const [{ max }] = await t.ds.query(
      `SELECT max(last_value)::int AS max FROM number_sequence WHERE kind = 'receipt'`,
    );
    expect(n).toBe(`${prefix}-${String(max).padStart(3, '0')}`);
  });
});

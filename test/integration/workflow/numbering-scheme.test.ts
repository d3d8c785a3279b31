import request from 'supertest';
import { drawNumber, receiptLabel } from '../../../src/workflow/sequence';
import { makeDepartment, userWithToken, type Actor } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { makeCase, submitAndAccept } from '../../support/workflow-factories';

/** 受付番号 / 答申番号 per fiscal year or continuous, against the real counter table. */
let t: TestApp;
let clerk: Actor;
let secretariat: Actor;
let departmentId: string;

const draw = (kind: 'receipt' | 'reply', at: string) =>
  t.ds.transaction((m) => drawNumber(m, kind, new Date(at)));
const setScheme = (scheme: string) =>
  t.ds.query(`UPDATE municipality SET numbering = $1 WHERE id = 1`, [scheme]);

beforeAll(async () => {
  t = await startTestApp();
  await t.ds.query(
    `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, '新宿区', '新宿区情報公開・個人情報保護審議会', '新宿区長')`,
  );
  departmentId = (await makeDepartment(t.ds, { name: '道とみどりの課' })).id;
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId });
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.ds.query(`DELETE FROM number_sequence WHERE kind = 'reply'`);
});

describe('per fiscal year (default)', () => {
  it('counts within a fiscal year and starts again at 1 on 1 April (Japan time)', async () => {
    await setScheme('fiscalYear');
    const a = await draw('reply', '2027-03-31T14:59:00Z'); // 23:59 on 31 March in Japan: FY2026
    const b = await draw('reply', '2027-03-31T14:59:30Z');
    const c = await draw('reply', '2027-03-31T15:00:00Z'); // 00:00 on 1 April: FY2027
    expect([a, b, c].map((n) => [n.fiscalYear, n.value])).toEqual([
      [2026, 1],
      [2026, 2],
      [2027, 1],
    ]);
    expect(receiptLabel(b)).toBe('R8-002');
    expect(receiptLabel(c)).toBe('R9-001');
  });
});

describe('continuous', () => {
  it('never resets at April and labels receipts 第N号', async () => {
    await setScheme('continuous');
    const seen = [];
    for (const at of [
      '2027-02-01T00:00:00Z',
      '2027-03-31T14:59:00Z',
      '2027-03-31T15:00:00Z',
      '2028-04-02T00:00:00Z',
    ])
      seen.push(await draw('reply', at));
    expect(seen.map((n) => [n.scheme, n.fiscalYear, n.value])).toEqual([
      ['continuous', 2026, 1],
      ['continuous', 2026, 2],
      ['continuous', 2027, 3],
      ['continuous', 2028, 4],
    ]);
    expect(receiptLabel(seen[3])).toBe('第4号');
    // Back to per fiscal year: that counter starts on its own again, the continuous one keeps its place.
    await setScheme('fiscalYear');
    expect((await draw('reply', '2028-04-03T00:00:00Z')).value).toBe(1);
    await setScheme('continuous');
    expect((await draw('reply', '2028-04-03T00:00:00Z')).value).toBe(5);
  });

  it('is gap-free and unique under concurrency, and a rolled-back draw gives its number back', async () => {
    await setScheme('continuous');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        t.ds.transaction(async (m) => {
          const n = await drawNumber(
            m,
            'reply',
            new Date(i % 2 ? '2027-03-31T10:00:00Z' : '2027-04-01T10:00:00Z'),
          );
          if (i % 5 === 0) throw new Error('rolled back');
          return n.value;
        }),
      ),
    );
    const values = results
      .filter((r): r is PromiseFulfilledResult<number> => r.status === 'fulfilled')
      .map((r) => r.value)
      .sort((x, y) => x - y);
    expect(values).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });
});

describe('the setting (API)', () => {
  it('is read and changed by the secretariat with optimistic locking; receipts follow it', async () => {
    const get = await request(t.http).get('/api/settings/numbering').set(secretariat.auth).expect(200);
    expect(get.body).toMatchObject({ numbering: 'continuous', receiptExample: '第123号' });
    await setScheme('fiscalYear');
    const current = (await request(t.http).get('/api/settings/numbering').set(secretariat.auth).expect(200))
      .body;
    expect(current.numbering).toBe('fiscalYear');
    expect(current.receiptExample).toMatch(/^R\d+-017$/);

    const bad = await request(t.http)
      .put('/api/settings/numbering')
      .set(secretariat.auth)
      .send({ numbering: 'yearly', version: current.version });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors[0]).toEqual({
      field: 'numbering',
      messages: [expect.stringContaining('選択肢の中から選んでください')],
    });
    const forbidden = await request(t.http)
      .put('/api/settings/numbering')
      .set(clerk.auth)
      .send({ numbering: 'continuous', version: current.version });
    expect(forbidden.status).toBe(403);

    const saved = await request(t.http)
      .put('/api/settings/numbering')
      .set(secretariat.auth)
      .send({ numbering: 'continuous', version: current.version })
      .expect(200);
    expect(saved.body).toMatchObject({
      numbering: 'continuous',
      numberingLabel: '通し番号（年度で戻らない）',
    });
    const stale = await request(t.http)
      .put('/api/settings/numbering')
      .set(secretariat.auth)
      .send({ numbering: 'fiscalYear', version: current.version });
    expect([stale.status, stale.body.code]).toEqual([409, 'STALE_VERSION']);

    await t.ds.query(`DELETE FROM number_sequence WHERE kind = 'receipt'`);
    const receipts = [];
    for (const title of ['通し番号の事案1', '通し番号の事案2']) {
      const c = await makeCase(t.ds, { departmentId, createdById: clerk.user.id, title });
      receipts.push(await submitAndAccept(t.http, c.id, clerk.auth, secretariat.auth));
    }
    expect(receipts).toEqual(['第1号', '第2号']);
    const audit = await t.ds.query(
      `SELECT detail FROM audit_log WHERE target_type = 'municipality' AND action = 'update' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit[0].detail).toEqual({ numbering: { from: 'fiscalYear', to: 'continuous' } });
  });
});

describe('the setting (screen)', () => {
  it('shows the current scheme and saves a change from the form; a stale form is sent back', async () => {
    const cookie = `shingikai_session=${secretariat.token}`;
    const page = await request(t.http).get('/settings/numbering').set('Cookie', cookie).expect(200);
    expect(page.text).toContain('通し番号（年度で戻らない）');
    expect(page.text).toContain('第123号');
    const [{ version }] = await t.ds.query(`SELECT version FROM municipality WHERE id = 1`);
    const saved = await request(t.http)
      .post('/settings/numbering')
      .set('Cookie', cookie)
      .type('form')
      .send({ numbering: 'fiscalYear', version: String(version) });
    expect(saved.status).toBe(303);
    expect(decodeURIComponent(saved.headers.location)).toContain('番号の付け方を保存しました');
    expect((await t.ds.query(`SELECT numbering FROM municipality WHERE id = 1`))[0].numbering).toBe(
      'fiscalYear',
    );
    const stale = await request(t.http)
      .post('/settings/numbering')
      .set('Cookie', cookie)
      .type('form')
      .send({ numbering: 'continuous', version: String(version) });
    expect(decodeURIComponent(stale.headers.location)).toContain('他の利用者');
    expect((await t.ds.query(`SELECT numbering FROM municipality WHERE id = 1`))[0].numbering).toBe(
      'fiscalYear',
    );
    const clerkPage = await request(t.http)
      .get('/settings/numbering')
      .set('Cookie', `shingikai_session=${clerk.token}`);
    expect(clerkPage.status).toBe(403);
  });
});

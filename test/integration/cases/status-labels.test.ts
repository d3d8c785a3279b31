import request from 'supertest';
import { CASE_STATE_LABELS, CASE_STATES } from '../../../src/workflow/case-state-machine';
import { userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { makeCase } from '../../support/workflow-factories';

let t: TestApp;
let clerk: Awaited<ReturnType<typeof userWithToken>>;
let secretariat: Awaited<ReturnType<typeof userWithToken>>;
let conditionsOpenId: string;
let closedId: string;

beforeAll(async () => {
  t = await startTestApp();
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
  const dept = { departmentId: clerk.user.departmentId!, createdById: clerk.user.id };
  conditionsOpenId = (
    await makeCase(t.ds, { ...dept, title: '付帯意見対応中の事案', status: 'conditionsOpen' })
  ).id;
  closedId = (await makeCase(t.ds, { ...dept, title: '完了した事案', status: 'closed' })).id;
});
afterAll(() => t.close());

describe('case states speak one vocabulary', () => {
  it('a case after its decision shows its Japanese state in the API, not the English name', async () => {
    const one = await request(t.http).get(`/api/cases/${conditionsOpenId}`).set(secretariat.auth).expect(200);
    expect(one.body.statusLabel).toBe('付帯意見対応中');
    const closed = await request(t.http).get(`/api/cases/${closedId}`).set(clerk.auth).expect(200);
    expect(closed.body.statusLabel).toBe('完了');

    const list = await request(t.http).get('/api/cases?sort=title').set(secretariat.auth).expect(200);
    const labels = Object.fromEntries(
      (list.body.items as { id: string; statusLabel: string }[]).map((i) => [i.id, i.statusLabel]),
    );
    expect(labels[conditionsOpenId]).toBe('付帯意見対応中');
    expect(labels[closedId]).toBe('完了');
  });

  it('the list filter of the API accepts every state and refuses an unknown one', async () => {
    for (const status of CASE_STATES) {
      const res = await request(t.http).get(`/api/cases?status=${status}`).set(clerk.auth).expect(200);
      const ids = (res.body.items as { id: string }[]).map((i) => i.id);
      expect(ids.includes(conditionsOpenId)).toBe(status === 'conditionsOpen');
      expect(ids.includes(closedId)).toBe(status === 'closed');
    }
    const bad = await request(t.http).get('/api/cases?status=finished').set(clerk.auth).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('the case list screen shows the Japanese state and offers all nine states in its filter', async () => {
    const cookie = `shingikai_session=${secretariat.token}`;
    const page = await request(t.http).get('/cases').set('Cookie', cookie).expect(200);
    expect(page.text).toContain('<span class="badge">付帯意見対応中</span>');
    expect(page.text).toContain('<span class="badge">完了</span>');
    expect(page.text).not.toMatch(/class="badge">(conditionsOpen|closed)</);
    const select = /<select id="status"[^>]*>([\s\S]*?)<\/select>/.exec(page.text)?.[1] ?? '';
    for (const state of CASE_STATES)
      expect(select).toContain(`<option value="${state}">${CASE_STATE_LABELS[state]}</option>`);

    const filtered = await request(t.http).get('/cases?status=closed').set('Cookie', cookie).expect(200);
    expect(filtered.text).toContain('完了した事案');
    expect(filtered.text).not.toContain('付帯意見対応中の事案');
    expect(filtered.text).toContain('<option value="closed" selected>完了</option>');
  });
});

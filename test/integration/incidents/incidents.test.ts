import { parse } from 'node-html-parser';
import request from 'supertest';
import { todayInJapan } from '../../../src/common/format/today';
import { formatWareki } from '../../../src/common/format/wareki';
import { addDays } from '../../../src/incidents/reporting-duty';
import { fiscalYearLabel, fiscalYearOf } from '../../../src/workflow/numbering';
import { expectPdfWording } from '../documents/pdf-inspect';
import { makeDepartment, userWithToken, type Actor } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { getBody } from '../../support/http';

/**
 * The incident register through the API and the screens, on one app: the reporting duty and its
 * deadlines, recording the 速報, the overdue 確報 on the list and the dashboard, who sees what,
 * Japanese validation messages and the fiscal-year paper.
 */
let t: TestApp;
let clerk: Actor;
let otherClerk: Actor;
let secretariat: Actor;
let member: Actor;
let departmentId: string;

const today = todayInJapan();
/** Found 40 days ago: the 確報 (30 days) is past due today. */
const discoveredOn = addDays(today, -40);
const cookie = (a: Actor) => `shingikai_session=${a.token}`;
const api = (path: string) => `/api${path}`;

const leak = {
  title: '健診結果通知の誤送付',
  discoveredOn,
  occurredOn: addDays(discoveredOn, -2),
  kind: 'leak',
  personsAffected: 2,
  dataItems: '氏名、住所、健診結果',
  includesSensitive: true,
  cause: '封入時の確認漏れ',
  measures: '誤送付先から回収',
  prevention: '二人による封入確認',
};

beforeAll(async () => {
  t = await startTestApp();
  await t.ds.query(
    `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, '新宿区', '新宿区情報公開・個人情報保護審議会', '新宿区長')`,
  );
  departmentId = (await makeDepartment(t.ds, { name: '健康づくり課' })).id;
  const otherDepartmentId = (await makeDepartment(t.ds, { name: '道とみどりの課' })).id;
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId });
  otherClerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: otherDepartmentId });
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
  member = await userWithToken(t.http, t.ds, { role: 'member' });
});

afterAll(async () => {
  await t?.close();
});

describe('incident register', () => {
  let id: string;
  let smallId: string;

  it('a clerk records an incident; the duty, its reasons and both deadlines are computed', async () => {
    const res = await request(t.http).post(api('/incidents')).set(clerk.auth).send(leak).expect(201);
    id = res.body.id;
    expect(res.body.departmentName).toBe('健康づくり課');
    expect(res.body.stateLabel).toBe('報告受付');
    expect(res.body.duty.required).toBe(true);
    expect(res.body.duty.reasons).toEqual([
      '要配慮個人情報が含まれる保有個人情報の漏えい等（規則第43条第1号）',
    ]);
    expect(res.body.duty.preliminaryLabel).toBe('速やかに（目安：発覚から3〜5日）');
    expect(res.body.duty.finalDue).toEqual({
      date: addDays(discoveredOn, 30),
      label: formatWareki(addDays(discoveredOn, 30)),
    });
    expect(res.body.duty.finalDays).toBe(30);
    // Nothing reported 40 days on: both are late.
    expect(res.body.duty.preliminaryOverdue).toBe(true);
    expect(res.body.overdue).toBe(true);
  });

  it('100 persons carry no duty; corrected to 101 they do', async () => {
    const res = await request(t.http)
      .post(api('/incidents'))
      .set(clerk.auth)
      .send({ title: '名簿の紛失', discoveredOn, kind: 'loss', personsAffected: 100 })
      .expect(201);
    smallId = res.body.id;
    expect(res.body.duty.required).toBe(false);
    expect(res.body.duty.finalDue).toBeNull();
    expect(res.body.overdue).toBe(false);
    const edited = await request(t.http)
      .patch(api(`/incidents/${smallId}`))
      .set(clerk.auth)
      .send({ personsAffected: 101, version: res.body.version })
      .expect(200);
    expect(edited.body.duty.reasons).toEqual(['本人の数が100人を超える漏えい等（規則第43条第4号）']);
    // A stale version is refused, not written over.
    const stale = await request(t.http)
      .patch(api(`/incidents/${smallId}`))
      .set(clerk.auth)
      .send({ personsAffected: 100, version: res.body.version })
      .expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    await request(t.http)
      .patch(api(`/incidents/${smallId}`))
      .set(clerk.auth)
      .send({ personsAffected: 100, version: edited.body.version })
      .expect(200);
  });

  it('after the 速報 is recorded, the 確報 past its due day keeps it overdue: list, incident and dashboard', async () => {
    const current = await getBody(t.http, clerk.auth, api(`/incidents/${id}`));
    const early = await request(t.http)
      .post(api(`/incidents/${id}/reports`))
      .set(clerk.auth)
      .send({ stage: 'final', reportedOn: today, version: current.version })
      .expect(400);
    expect(early.body.code).toBe('VALIDATION_FAILED');
    expect(early.body.errors).toEqual([
      { field: 'stage', messages: ['確報の前に速報の報告日を記録してください'] },
    ]);
    const after = await request(t.http)
      .post(api(`/incidents/${id}/reports`))
      .set(clerk.auth)
      .send({ stage: 'preliminary', reportedOn: addDays(discoveredOn, 2), version: current.version })
      .expect(200);
    expect(after.body.duty.preliminaryReportedOn).toBe(addDays(discoveredOn, 2));
    expect(after.body.duty.preliminaryOverdue).toBe(false);
    expect(after.body.duty.finalOverdue).toBe(true);
    expect(after.body.overdue).toBe(true);

    const overdue = await request(t.http)
      .get(api('/incidents?overdue=true'))
      .set(secretariat.auth)
      .expect(200);
    expect(overdue.body.map((i: { id: string }) => i.id)).toEqual([id]);
    const withDuty = await request(t.http)
      .get(api('/incidents?duty=false'))
      .set(secretariat.auth)
      .expect(200);
    expect(withDuty.body.map((i: { id: string }) => i.id)).toEqual([smallId]);

    const detail = await request(t.http).get(`/incidents/${id}`).set('Cookie', cookie(clerk)).expect(200);
    expect(parse(detail.text).querySelector('[data-testid="incident-overdue"]')?.text).toBe('報告期限超過');
    const list = await request(t.http)
      .get('/incidents?overdue=true')
      .set('Cookie', cookie(secretariat))
      .expect(200);
    const rows = parse(list.text).querySelectorAll('[data-testid="incidents"] tbody tr');
    expect(rows).toHaveLength(1);
    expect(rows[0].text).toContain('健診結果通知の誤送付');
    expect(rows[0].text).toContain('期限超過');

    const dashboard = await request(t.http).get('/').set('Cookie', cookie(secretariat)).expect(200);
    const box = parse(dashboard.text).querySelector('[data-testid="overdue-incidents"]');
    expect(box?.text).toContain('健診結果通知の誤送付');
    expect(box?.text).toContain(`確報期限 ${formatWareki(addDays(discoveredOn, 30))}`);
    // The other department's clerk is not told about it.
    const elsewhere = await request(t.http).get('/').set('Cookie', cookie(otherClerk)).expect(200);
    expect(parse(elsewhere.text).querySelector('[data-testid="overdue-incidents"]')?.text).not.toContain(
      '健診結果通知',
    );
  });

  it('moves 報告受付 → 調査中 → 対応完了, never skipping 調査中', async () => {
    let v = await getBody(t.http, clerk.auth, api(`/incidents/${id}`));
    const skip = await request(t.http)
      .post(api(`/incidents/${id}/transitions`))
      .set(clerk.auth)
      .send({ action: 'resolve', version: v.version })
      .expect(409);
    expect(skip.body.detail).toContain('「報告受付」の状態のため、「対応完了」はできません');
    for (const [action, label] of [
      ['investigate', '調査中'],
      ['resolve', '対応完了'],
    ]) {
      v = (
        await request(t.http)
          .post(api(`/incidents/${id}/transitions`))
          .set(clerk.auth)
          .send({ action, version: v.version })
          .expect(200)
      ).body;
      expect(v.stateLabel).toBe(label);
    }
  });

  it('a clerk of another department gets 404; members get 403; every view is audited', async () => {
    const res = await request(t.http)
      .get(api(`/incidents/${id}`))
      .set(otherClerk.auth)
      .expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('INCIDENT_NOT_FOUND');
    await request(t.http)
      .patch(api(`/incidents/${id}`))
      .set(otherClerk.auth)
      .send({ title: '書き換え', version: 1 })
      .expect(404);
    expect((await request(t.http).get(api('/incidents')).set(otherClerk.auth).expect(200)).body).toEqual([]);
    await request(t.http).get(`/incidents/${id}`).set('Cookie', cookie(otherClerk)).expect(404);
    await request(t.http).get(api('/incidents')).set(member.auth).expect(403);
    await request(t.http)
      .get(api(`/incidents/${id}`))
      .set(member.auth)
      .expect(403);
    // A clerk cannot file one for another department.
    const forOther = await request(t.http)
      .post(api('/incidents'))
      .set(otherClerk.auth)
      .send({ ...leak, departmentId })
      .expect(400);
    expect(forOther.body.errors[0]).toEqual({
      field: 'departmentId',
      messages: ['自課の事故等だけを登録できます'],
    });
    const audit: { action: string; n: number }[] = await t.ds.query(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE target_type = 'incident' AND target_id = $1 GROUP BY action`,
      [id],
    );
    const byAction = Object.fromEntries(audit.map((a) => [a.action, a.n]));
    expect(byAction.view).toBeGreaterThan(0);
    expect(byAction.create).toBe(1);
    expect(byAction['state.change']).toBe(2);
  });

  it('bad input: 400 problem+json with Japanese messages, beside each field on the form', async () => {
    const res = await request(t.http)
      .post(api('/incidents'))
      .set(clerk.auth)
      .send({ title: '　', discoveredOn: '2026-02-30', kind: 'fire', personsAffected: -1 })
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const messages = Object.fromEntries(
      (res.body.errors as { field: string; messages: string[] }[]).map((e) => [e.field, e.messages]),
    );
    expect(messages.title).toContain('件名を入力してください');
    expect(messages.discoveredOn).toEqual(['日付を年-月-日（例：2026-10-01）で入力してください']);
    expect(messages.kind?.[0]).toContain('選択肢の中から選んでください');
    expect(messages.personsAffected).toEqual(['0 以上で入力してください']);
    const future = await request(t.http)
      .post(api('/incidents'))
      .set(clerk.auth)
      .send({ ...leak, discoveredOn: addDays(today, 1) })
      .expect(400);
    expect(future.body.errors).toEqual([
      { field: 'discoveredOn', messages: ['発覚日に未来の日付は入力できません'] },
    ]);

    const form = await request(t.http)
      .post('/incidents')
      .set('Cookie', cookie(clerk))
      .type('form')
      .send({ title: '', discoveredOn: today, kind: 'leak', personsAffected: 'たくさん' })
      .expect(400);
    const page = parse(form.text);
    expect(page.querySelector('#title-error')?.text).toContain('件名を入力してください');
    expect(page.querySelector('#personsAffected-error')?.text).toContain('整数で入力してください');
    expect(page.querySelector('#personsAffected')?.getAttribute('value')).toBe('たくさん');
  });

  it('the screens: the new form, and the edit form saving the facts and clearing the unknown number', async () => {
    const form = await request(t.http).get('/incidents/new').set('Cookie', cookie(clerk)).expect(200);
    expect(parse(form.text).querySelector('[data-testid="incident-form"]')).not.toBeNull();
    const before = await getBody(t.http, clerk.auth, api(`/incidents/${smallId}`));
    const edit = await request(t.http)
      .get(`/incidents/${smallId}/edit`)
      .set('Cookie', cookie(clerk))
      .expect(200);
    expect(parse(edit.text).querySelector('#personsAffected')?.getAttribute('value')).toBe('100');
    const saved = await request(t.http)
      .post(`/incidents/${smallId}`)
      .set('Cookie', cookie(clerk))
      .type('form')
      .send({
        version: String(before.version),
        title: '名簿の紛失',
        discoveredOn,
        kind: 'loss',
        personsAffected: '',
        notifiedOn: today,
        unlawfulPurpose: 'on',
      })
      .expect(303);
    expect(saved.headers.location).toMatch(new RegExp(`^/incidents/${smallId}`));
    const after = await getBody(t.http, clerk.auth, api(`/incidents/${smallId}`));
    expect(after).toMatchObject({
      personsAffected: null,
      personsLabel: '不明',
      notifiedOn: today,
      unlawfulPurpose: true,
    });
    expect(after.duty.finalDays).toBe(60);
    expect(after.duty.caveats[0]).toContain('本人の数が不明');
  });

  it("prints the fiscal year's 「個人情報事故等の状況」 with the incidents, 和暦 and the council name", async () => {
    const fy = fiscalYearOf(discoveredOn);
    const figures = await request(t.http)
      .get(api(`/incidents/figures?fiscalYear=${fy}`))
      .set(secretariat.auth)
      .expect(200);
    expect(figures.body).toMatchObject({
      total: 2,
      reportable: 2,
      reportedToCommission: 1,
      personsAffected: 2,
      personsUnknown: 1,
    });
    expect(figures.body.byKind.filter((k: { count: number }) => k.count > 0)).toEqual([
      { key: 'leak', label: '漏えい', count: 1 },
      { key: 'loss', label: '滅失', count: 1 },
    ]);
    await request(t.http)
      .get(api(`/incidents/report.pdf?fiscalYear=${fy}`))
      .set(clerk.auth)
      .expect(403);
    const res = await request(t.http)
      .get(api(`/incidents/report.pdf?fiscalYear=${fy}`))
      .set(secretariat.auth)
      .responseType('blob')
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    await expectPdfWording(res.body as Buffer, [
      `新宿区情報公開・個人情報保護審議会`,
      `${fiscalYearLabel(fy)}　個人情報事故等の状況`,
      '健診結果通知の誤送付（漏えい）',
      '名簿の紛失（滅失）',
      formatWareki(discoveredOn),
      `速報 ${formatWareki(addDays(discoveredOn, 2))}`,
      '本人の数が不明のもの 1件',
    ]);
  }, 60_000);
  it('are a standing report of their own and a section of the 運用状況 for the same period', async () => {
    const q = `period=range&from=${discoveredOn}&to=${today}`;
    const own = await request(t.http)
      .get(api(`/standing-reports/incidents?${q}`))
      .set(secretariat.auth)
      .expect(200);
    expect(own.body).toMatchObject({ title: '個人情報事故等の状況について', confidentialityLevel: 2 });
    const [counts, , list] = own.body.sections as { tables: { rows: (string | number)[][] }[] }[];
    expect(counts.tables[0].rows).toEqual(
      expect.arrayContaining([
        ['事故等の件数', 2],
        ['個人情報保護委員会への報告義務があるもの', 2],
        ['個人情報保護委員会に報告したもの', 1],
      ]),
    );
    expect(list.tables[0].rows.map((r) => r[3])).toEqual(
      expect.arrayContaining(['健診結果通知の誤送付（漏えい）', '名簿の紛失（滅失）']),
    );
    // A period before the first one found: nothing.
    const before = await request(t.http)
      .get(
        api(
          `/standing-reports/incidents?period=range&from=${addDays(discoveredOn, -30)}&to=${addDays(discoveredOn, -1)}`,
        ),
      )
      .set(secretariat.auth)
      .expect(200);
    expect(before.body.sections[0].tables[0].rows[0]).toEqual(['事故等の件数', 0]);
    const operations = await request(t.http)
      .get(api(`/standing-reports/operations?${q}`))
      .set(secretariat.auth)
      .expect(200);
    const section = operations.body.sections.find((s: { heading: string }) => s.heading === '個人情報事故等');
    expect(section.tables[0].rows.map((r: (string | number)[]) => r[1])).toEqual([2, 2, 1]);
  });
});

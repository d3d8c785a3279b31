import request from 'supertest';
import { makeDepartment, userWithToken, type Actor } from '../../support/factories';
import { todayInJapan } from '../../../src/common/format/today';
import { startTestApp, type TestApp } from '../../support/test-app';
import { holdMeeting, makeCase, makeCouncilMember, submitAndAccept } from '../../support/workflow-factories';
import { getBody } from '../../support/http';

/**
 * The personal-information file register: an issued approving reply proposes the register change
 * its case implies, the department confirms or rejects it, and the portal publishes what is 公表中.
 */
let t: TestApp;
let clerk: Actor;
let otherClerk: Actor;
let secretariat: Actor;
type Key = 'a' | 'b' | 'c';
const caseIds: Record<Key, string> = { a: '', b: '', c: '' };
const replyIds: Record<Key, string> = { a: '', b: '', c: '' };

const api = (path: string) => `/api/file-register${path}`;

async function pendingProposalOf(caseId: string) {
  const res = await request(t.http).get(api('/proposals?state=pending')).set(clerk.auth).expect(200);
  return res.body.find((p: { caseId: string }) => p.caseId === caseId);
}
const entryCount = async () => Number((await t.ds.query('SELECT count(*) AS n FROM register_entry'))[0].n);

const VALID_FIELDS = {
  name: '',
  purpose: '',
  recordItems: ['氏名'],
  recordScope: '区民',
  collectionMethod: '',
  sensitive: false,
  regularRecipients: '',
  requestOffice: '道とみどりの課',
  specialProcedures: '',
  fileType: 'computer',
  exclusion: null,
  exclusionNote: '',
};

beforeAll(async () => {
  t = await startTestApp();
  await t.ds.query(
    `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, '新宿区', '新宿区情報公開・個人情報保護審議会', '新宿区長')`,
  );
  const departmentId = (await makeDepartment(t.ds, { name: '道とみどりの課' })).id;
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId, displayName: '緑川 葉子' });
  otherClerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
  const member = await makeCouncilMember(t.ds, { name: '小室 充孝', title: 'chair' });
  const meeting = await request(t.http)
    .post('/api/meetings')
    .set(secretariat.auth)
    .send({ number: 71, startsAt: '2026-11-20T14:00:00+09:00', place: '第3委員会室' })
    .expect(201);
  const items: Record<string, string> = {};
  for (const key of ['a', 'b', 'c'] as const) {
    const c = await makeCase(t.ds, {
      departmentId,
      createdById: clerk.user.id,
      title: `屋上緑化の電子申請${key}`,
    });
    caseIds[key] = c.id;
    await submitAndAccept(t.http, c.id, clerk.auth, secretariat.auth);
    const it = await request(t.http)
      .post(`/api/meetings/${meeting.body.id}/agenda/cases`)
      .set(secretariat.auth)
      .send({ caseId: c.id })
      .expect(201);
    items[key] = it.body.id;
  }
  await holdMeeting(t.http, meeting.body.id, member.id, secretariat.auth);
  for (const key of ['a', 'b', 'c'] as const) {
    await request(t.http)
      .post(`/api/meetings/${meeting.body.id}/agenda/${items[key]}/outcome`)
      .set(secretariat.auth)
      .send({ outcome: 'approved', voteMethod: 'noObjection' })
      .expect(200);
    replyIds[key] = (await t.ds.query('SELECT id FROM reply WHERE agenda_item_id = $1', [items[key]]))[0].id;
  }
}, 60_000);
afterAll(() => t.close());

describe('an approved case proposes its register change', () => {
  it('no proposal before the reply is issued; issuing it proposes the case item list, purpose and persons', async () => {
    expect(await pendingProposalOf(caseIds.a)).toBeUndefined();
    await request(t.http).post(`/api/replies/${replyIds.a}/issue`).set(secretariat.auth).send({}).expect(200);
    const p = await pendingProposalOf(caseIds.a);
    expect(p).toMatchObject({
      state: 'pending',
      stateLabel: '確認待ち',
      caseTitle: '屋上緑化の電子申請a',
      targetEntryId: null,
      fields: {
        name: '屋上等緑化の推進に関する個人情報ファイル',
        purpose: '建物の屋上などの緑化を広め、後押しする。',
        recordItems: ['ID', 'パスワード', '電子メールアドレス', '住所', '氏名', '電話番号', '申請者区分'],
        recordScope: '区民及び事業者',
        collectionMethod: '本人からの申請（屋上緑化見本園見学申込）',
        sensitive: false,
      },
    });
    // Nothing reaches the register before the department confirms.
    expect(await entryCount()).toBe(0);
  });

  it('the department confirms (edited): the entry exists and its history names the case', async () => {
    const p = await pendingProposalOf(caseIds.a);
    const confirmed = await request(t.http)
      .post(api(`/proposals/${p.id}/confirm`))
      .set(clerk.auth)
      .send({
        version: p.version,
        fields: { ...p.fields, requestOffice: '新宿区役所 区政情報課（本庁舎3階）' },
      })
      .expect(200);
    expect(confirmed.body).toMatchObject({ state: 'confirmed', stateLabel: '確定' });
    const entry = await request(t.http)
      .get(api(`/entries/${confirmed.body.entryId}`))
      .set(clerk.auth)
      .expect(200);
    expect(entry.body).toMatchObject({
      name: '屋上等緑化の推進に関する個人情報ファイル',
      status: 'draft',
      statusLabel: '作成中',
      requestOffice: '新宿区役所 区政情報課（本庁舎3階）',
      departmentName: '道とみどりの課',
    });
    expect(entry.body.history).toHaveLength(1);
    expect(entry.body.history[0]).toMatchObject({
      changeLabel: '新規登録',
      caseId: caseIds.a,
      caseTitle: '屋上緑化の電子申請a',
      changedByName: '緑川 葉子',
    });
    // The screen shows the same history with a link to the case.
    const page = await request(t.http)
      .get(`/file-register/${confirmed.body.entryId}`)
      .set('Cookie', `shingikai_session=${clerk.token}`)
      .expect(200);
    expect(page.text).toContain(`href="/cases/${caseIds.a}"`);
    expect(page.text).toContain('屋上緑化の電子申請a');
    // An edit from a stale read is refused, never a silent overwrite.
    const stale = await request(t.http)
      .patch(api(`/entries/${confirmed.body.entryId}`))
      .set(clerk.auth)
      .send({
        ...VALID_FIELDS,
        name: '古い版からの変更',
        purpose: 'x',
        reason: '修正',
        version: entry.body.version + 1,
      });
    expect([stale.status, stale.body.code]).toEqual([409, 'STALE_VERSION']);
    // A decided proposal cannot be decided again.
    const again = await request(t.http)
      .post(api(`/proposals/${p.id}/reject`))
      .set(clerk.auth)
      .send({ version: confirmed.body.version, reason: '二重' });
    expect([again.status, again.body.code]).toEqual([409, 'REGISTER_PROPOSAL_DECIDED']);
  });

  it('a rejected proposal leaves the register unchanged and keeps its reason', async () => {
    await request(t.http).post(`/api/replies/${replyIds.b}/issue`).set(secretariat.auth).send({}).expect(200);
    const p = await pendingProposalOf(caseIds.b);
    // Same name as the confirmed entry: proposed as a change to it.
    expect(p.targetEntryName).toBe('屋上等緑化の推進に関する個人情報ファイル');
    const before = await t.ds.query('SELECT id, revision, request_office FROM register_entry ORDER BY id');
    const rejected = await request(t.http)
      .post(api(`/proposals/${p.id}/reject`))
      .set(clerk.auth)
      .send({ version: p.version, reason: '既存のファイルの範囲内のため変更不要' })
      .expect(200);
    expect(rejected.body).toMatchObject({
      state: 'rejected',
      decisionReason: '既存のファイルの範囲内のため変更不要',
    });
    expect(await t.ds.query('SELECT id, revision, request_office FROM register_entry ORDER BY id')).toEqual(
      before,
    );
    const [{ n }] = await t.ds.query(
      'SELECT count(*)::int AS n FROM register_entry_version WHERE case_id = $1',
      [caseIds.b],
    );
    expect(n).toBe(0);
  });

  it('a clerk of another department neither sees nor decides the proposal or the entry', async () => {
    const [p] = (await request(t.http).get(api('/proposals')).set(clerk.auth).expect(200)).body;
    const entryId = p.entryId ?? (await t.ds.query('SELECT id FROM register_entry LIMIT 1'))[0].id;
    expect((await request(t.http).get(api('/proposals')).set(otherClerk.auth).expect(200)).body).toEqual([]);
    expect((await request(t.http).get(api('/entries')).set(otherClerk.auth).expect(200)).body).toEqual([]);
    const seen = await request(t.http)
      .get(api(`/entries/${entryId}`))
      .set(otherClerk.auth);
    expect([seen.status, seen.body.code]).toEqual([404, 'REGISTER_ENTRY_NOT_FOUND']);
    const edit = await request(t.http)
      .patch(api(`/entries/${entryId}`))
      .set(otherClerk.auth)
      .send({ ...VALID_FIELDS, name: '乗っ取り', purpose: 'x', reason: 'x', version: 1 });
    expect([edit.status, edit.body.code]).toEqual([404, 'REGISTER_ENTRY_NOT_FOUND']);
    const decide = await request(t.http)
      .post(api(`/proposals/${p.id}/confirm`))
      .set(otherClerk.auth)
      .send({ version: p.version });
    expect([decide.status, decide.body.code]).toEqual([404, 'REGISTER_PROPOSAL_NOT_FOUND']);
    // The secretariat reads every department's register but does not keep it.
    expect(
      (
        await request(t.http)
          .get(api(`/entries/${entryId}`))
          .set(secretariat.auth)
      ).status,
    ).toBe(200);
    const byOffice = await request(t.http)
      .post(api(`/entries/${entryId}/publish`))
      .set(secretariat.auth)
      .send({ reason: '公表', version: 1 });
    expect(byOffice.status).toBe(403);
  });
});

describe('publication on the public portal', () => {
  it('lists published entries only: neither a draft nor an excluded (fewer than 1,000 persons) entry', async () => {
    const entryId = (await t.ds.query(`SELECT id FROM register_entry WHERE name LIKE '屋上等緑化%'`))[0].id;
    const current = await getBody(t.http, clerk.auth, api(`/entries/${entryId}`));
    await request(t.http)
      .post(api(`/entries/${entryId}/publish`))
      .set(clerk.auth)
      .send({ reason: '答申を受けて公表', version: current.version })
      .expect(200);
    await request(t.http)
      .post(api('/entries'))
      .set(clerk.auth)
      .send({ ...VALID_FIELDS, name: '緑化助成申請者ファイル（作成中）', purpose: '緑化助成の審査' })
      .expect(201);
    const small = await request(t.http)
      .post(api('/entries'))
      .set(clerk.auth)
      .send({
        ...VALID_FIELDS,
        name: '見本園ボランティア名簿',
        purpose: '活動の連絡',
        exclusion: 'under1000',
      })
      .expect(201);
    await request(t.http)
      .post(api(`/entries/${small.body.id}/publish`))
      .set(clerk.auth)
      .send({ reason: '登録', version: small.body.version })
      .expect(200);

    const [{ slug }] = await t.ds.query(`SELECT slug FROM municipality LIMIT 1`);
    const page = await request(t.http).get(`/public/${slug}/file-register`).expect(200);
    expect(page.text).toContain('屋上等緑化の推進に関する個人情報ファイル');
    expect(page.text).toContain('ID、パスワード、電子メールアドレス、住所、氏名、電話番号、申請者区分');
    expect(page.text).toContain('道とみどりの課');
    expect(page.text).not.toContain('緑化助成申請者ファイル（作成中）');
    expect(page.text).not.toContain('見本園ボランティア名簿');
    const top = await request(t.http).get(`/public/${slug}`).expect(200);
    expect(top.text).toContain(`href="/public/${slug}/file-register"`);
    await request(t.http).get('/public/no-such-council/file-register').expect(404);
  });
});

describe('validation', () => {
  it('refuses a blank entry with Japanese messages per field (API and the form beside the field)', async () => {
    const res = await request(t.http)
      .post(api('/entries'))
      .set(clerk.auth)
      .send({ ...VALID_FIELDS, recordItems: ['  '], fileType: 'cloud' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const byField = Object.fromEntries(
      (res.body.errors as { field: string; messages: string[] }[]).map((e) => [e.field, e.messages]),
    );
    expect(byField.name).toContain('個人情報ファイルの名称を入力してください');
    expect(byField.purpose).toContain('利用目的を入力してください');
    expect(byField.recordItems).toContain('記録項目を1つ以上入力してください');
    expect(byField.fileType?.[0]).toMatch(/^選択肢の中から選んでください/);

    const form = await request(t.http)
      .post('/file-register/new')
      .set('Cookie', `shingikai_session=${clerk.token}`)
      .type('form')
      .send({
        name: '',
        purpose: '窓口での相談記録',
        recordScope: '相談者',
        requestOffice: '道とみどりの課',
        fileType: 'computer',
      })
      .expect(400);
    expect(form.text).toMatch(/id="name-error"[^>]*><li>個人情報ファイルの名称を入力してください/);
    expect(form.text).toContain('窓口での相談記録'); // what was typed is kept
  });
});

describe('screens', () => {
  it('the department confirms a proposal on its screen as a change to the entry it picks, with its edits', async () => {
    const cookie = `shingikai_session=${clerk.token}`;
    await request(t.http).post(`/api/replies/${replyIds.c}/issue`).set(secretariat.auth).send({}).expect(200);
    const p = await pendingProposalOf(caseIds.c);
    const screen = await request(t.http)
      .get(`/file-register/proposals/${p.id}`)
      .set('Cookie', cookie)
      .expect(200);
    expect(screen.text).toContain('屋上緑化の電子申請c');
    expect(screen.text).toContain('建物の屋上などの緑化を広め、後押しする。');
    const [entry] = await t.ds.query(`SELECT id FROM register_entry WHERE name LIKE '屋上等緑化%'`);
    const res = await request(t.http)
      .post(`/file-register/proposals/${p.id}/confirm`)
      .set('Cookie', cookie)
      .type('form')
      .send({
        version: String(p.version),
        targetEntryId: entry.id,
        name: p.fields.name,
        purpose: '屋上等の緑化を広め、見本園の見学を受け付ける。',
        recordItems: p.fields.recordItems.join('\n'),
        recordScope: p.fields.recordScope,
        collectionMethod: p.fields.collectionMethod,
        requestOffice: '新宿区役所 区政情報課（本庁舎3階）',
        fileType: 'computer',
        exclusion: '',
      })
      .expect(303);
    expect(res.headers.location).toContain(`/file-register/${entry.id}`);
    const detail = await getBody(t.http, clerk.auth, api(`/entries/${entry.id}`));
    expect(detail).toMatchObject({
      purpose: '屋上等の緑化を広め、見本園の見学を受け付ける。',
      recordItems: p.fields.recordItems,
      status: 'published',
    });
    expect(detail.history[0]).toMatchObject({
      changeLabel: '変更',
      caseTitle: '屋上緑化の電子申請c',
      changedFields: ['利用目的'],
    });
    // The list filters by state: the draft is not among the published.
    const list = await request(t.http)
      .get('/file-register?status=published')
      .set('Cookie', cookie)
      .expect(200);
    expect(list.text).toContain('屋上等緑化の推進に関する個人情報ファイル');
    expect(list.text).not.toContain('緑化助成申請者ファイル（作成中）');
  });
});

describe('the changes of a period (登録状況)', () => {
  it('lists the changes of the days asked for with the case behind each, and nothing outside them', async () => {
    // A period around today, wide enough that a run across midnight stays inside it.
    const year = Number(todayInJapan().slice(0, 4));
    const period = `from=${year - 1}-04-01&to=${year + 1}-03-31`;
    const res = await request(t.http)
      .get(api(`/changes?${period}`))
      .set(secretariat.auth)
      .expect(200);
    const byCase = res.body.filter(
      (r: { caseTitle: string | null }) => r.caseTitle === '屋上緑化の電子申請a',
    );
    expect(byCase).toEqual([
      expect.objectContaining({
        changeLabel: '新規登録',
        entryName: '屋上等緑化の推進に関する個人情報ファイル',
        departmentName: '道とみどりの課',
      }),
    ]);
    expect(res.body.map((r: { changeLabel: string }) => r.changeLabel)).toEqual(
      expect.arrayContaining(['新規登録', '公表', '変更']),
    );
    const before = await request(t.http)
      .get(api('/changes?from=2020-04-01&to=2021-03-31'))
      .set(secretariat.auth)
      .expect(200);
    expect(before.body).toEqual([]);
    // Another department's clerk sees none of this department's changes.
    const other = await request(t.http)
      .get(api(`/changes?${period}`))
      .set(otherClerk.auth)
      .expect(200);
    expect(other.body).toEqual([]);
    const bad = await request(t.http).get(api('/changes?from=令和8年&to=2026-12-31')).set(secretariat.auth);
    expect([bad.status, bad.body.errors?.[0]]).toEqual([
      400,
      { field: 'from', messages: ['日付（YYYY-MM-DD）で入力してください'] },
    ]);
  });
  it('is the standing report 「登録状況」: the counts at the end of the period and its changes with their cases', async () => {
    const year = Number(todayInJapan().slice(0, 4));
    const res = await request(t.http)
      .get(`/api/standing-reports/registerStatus?period=range&from=${year - 1}-04-01&to=${year + 1}-03-31`)
      .set(secretariat.auth)
      .expect(200);
    expect(res.body.title).toBe('個人情報ファイル簿等の登録状況について');
    const [counts, changes] = res.body.sections as { tables: { rows: (string | number)[][] }[] }[];
    const file = counts.tables[0].rows.find((r) => r[0] === '個人情報ファイル簿') as (string | number)[];
    const direct = await t.ds.query(`SELECT count(*)::int AS n FROM register_entry WHERE kind = 'file'`);
    expect(file[4]).toBe(direct[0].n);
    expect(changes.tables[0].rows).toEqual(
      expect.arrayContaining([
        [
          expect.any(String),
          '道とみどりの課',
          '屋上等緑化の推進に関する個人情報ファイル',
          '新規登録',
          expect.stringContaining('屋上緑化の電子申請a'),
        ],
      ]),
    );
    // Before any entry existed: nothing counted, nothing changed.
    const before = await request(t.http)
      .get('/api/standing-reports/registerStatus?period=fiscalYear&fiscalYear=2020')
      .set(secretariat.auth)
      .expect(200);
    expect(before.body.sections[0].tables[0].rows[0].slice(1)).toEqual([0, 0, 0, 0]);
    expect(before.body.sections[1].tables[0].rows).toEqual([]);
  });
});

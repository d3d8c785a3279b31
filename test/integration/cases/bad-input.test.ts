import request from 'supertest';
import { userWithToken } from '../../support/factories';
import { basisIdOf, createCase, patchCase, raceTwoSaves, seedCaseCatalog } from '../../support/case-fixtures';
import { startTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let clerk: Awaited<ReturnType<typeof userWithToken>>;
let ext: string;
let out: string;
let base: request.Response['body'];

beforeAll(async () => {
  t = await startTestApp();
  await seedCaseCatalog(t.ds);
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
  ext = await basisIdOf(t.ds, 'shinjuku-17-1-4');
  out = await basisIdOf(t.ds, 'shinjuku-14-1');
  base = await createCase(t.http, clerk.auth, {
    title: '不正な入力のテスト',
    legalBasisIds: [ext],
    sections: [{ kind: 'externalConnection', legalBasisId: ext, partner: '共同運営センター' }],
  });
});
afterAll(() => t.close());

const fields = (body: { errors?: { field: string; messages: string[] }[] }) =>
  Object.fromEntries((body.errors ?? []).map((e) => [e.field, e.messages.join(' / ')]));

/** Sends a bad edit and checks it changed nothing. */
async function rejected(patch: Record<string, unknown>, status = 400) {
  const res = await patchCase(t.http, clerk.auth, base.id, { version: base.version, ...patch });
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  const now = await request(t.http).get(`/api/cases/${base.id}`).set(clerk.auth).expect(200);
  expect(now.body.version).toBe(base.version);
  expect(now.body.sections).toEqual(base.sections);
  expect(now.body.legalBases).toEqual(base.legalBases);
  return res.body;
}

describe('bad input gets a clear error and changes nothing', () => {
  it('an unknown legal basis', async () => {
    const body = await rejected({ legalBasisIds: [ext, '00000000-0000-4000-8000-000000000000'] });
    expect(body.code).toBe('CASE_CONTENT_INVALID');
    expect(fields(body)['legalBasisIds[1]']).toBe('存在しない条例の根拠です');
  });

  it('a section of a kind the basis does not need', async () => {
    const body = await rejected({
      sections: [
        { kind: 'externalConnection', legalBasisId: ext },
        { kind: 'outsourcing', legalBasisId: ext, vendor: { name: 'x' } },
      ],
    });
    expect(fields(body)['sections[1].kind']).toContain('必要な別紙は「電子計算機の外部結合」です');
    const notChosen = await rejected({ sections: [{ kind: 'outsourcing', legalBasisId: out }] });
    expect(fields(notChosen)['sections[0].legalBasisId']).toContain('選ばれていません');
    const unknownKind = await rejected({ sections: [{ kind: 'teleport', legalBasisId: ext }] });
    expect(fields(unknownKind)['sections[0].kind']).toContain('選択肢');
  });

  it('a cell value other than ◎ / ○ / blank', async () => {
    const body = await rejected({
      items: {
        columns: [{ key: 'name', label: '氏名' }],
        rows: [{ procedureName: '申込', cells: { name: '△' } }],
      },
    });
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(fields(body)['items.rows[0].cells']).toContain('◎（required）・○（optional）・空欄（null）');
    const unknownColumn = await rejected({
      items: { columns: [{ key: 'name', label: '氏名' }], rows: [{ cells: { phone: 'required' } }] },
    });
    expect(fields(unknownColumn)['items.rows[0].cells']).toContain(
      '「phone」は個人情報項目一覧にない項目です',
    );
  });

  it('100,000-character fields: the limit is stated', async () => {
    const huge = 'あ'.repeat(100_000);
    const body = await rejected({
      overview: { purpose: huge },
      sections: [{ kind: 'externalConnection', legalBasisId: ext, reason: huge, partner: huge }],
    });
    const f = fields(body);
    expect(f['overview.purpose']).toBe('20,000 文字以内で入力してください（現在 100,000 文字）');
    expect(f['sections[0].reason']).toBe('20,000 文字以内で入力してください（現在 100,000 文字）');
    expect(f['sections[0].partner']).toBe('2,000 文字以内で入力してください（現在 100,000 文字）');
  });

  it('nested vendor fields point at their path', async () => {
    const body = await rejected({
      legalBasisIds: [ext, out],
      sections: [
        { kind: 'externalConnection', legalBasisId: ext },
        { kind: 'outsourcing', legalBasisId: out, subtype: 'bribery', vendor: { leadCompany: 42 } },
      ],
    });
    const f = fields(body);
    expect(f['sections[1].vendor.leadCompany']).toContain('文字列');
    expect(f['sections[1].subtype']).toContain('選択肢');
  });

  it('HTML and {{handlebars}} are stored and shown verbatim, never interpreted', async () => {
    const evil = '<script>alert("x")</script>{{constructor.constructor "return 1"}} <b>太字</b>';
    const saved = await patchCase(t.http, clerk.auth, base.id, {
      version: base.version,
      title: evil,
      overview: { businessContent: evil },
      sections: [{ kind: 'externalConnection', legalBasisId: ext, partner: evil }],
      securityMeasures: [evil],
    }).expect(200);
    expect(saved.body.title).toBe(evil);
    expect(saved.body.overview.businessContent).toBe(evil);
    expect(saved.body.sections[0].fields.partner).toBe(evil);
    expect(saved.body.securityMeasures).toEqual([evil]);
    base = saved.body;
  });

  it('an edit by a clerk of another department is 404 and changes nothing', async () => {
    const other = await userWithToken(t.http, t.ds, { role: 'clerk' });
    const res = await patchCase(t.http, other.auth, base.id, {
      version: base.version,
      title: '他課による変更',
    }).expect(404);
    expect(res.body.code).toBe('CASE_NOT_FOUND');
    const now = await request(t.http).get(`/api/cases/${base.id}`).set(clerk.auth).expect(200);
    expect(now.body.title).toBe(base.title);
  });

  it('two tabs saving the same draft: the second gets 409 and nothing is lost silently', async () => {
    const { saved: tab1 } = await raceTwoSaves(t.http, base, [clerk.auth, 'タブ1'], [clerk.auth, 'タブ2']);
    const now = await request(t.http).get(`/api/cases/${base.id}`).set(clerk.auth).expect(200);
    expect(now.body.overview.purpose).toBe('タブ1');
    expect(now.body.version).toBe(tab1.body.version);
  });
});

import request from 'supertest';
import { userWithToken } from '../../support/factories';
import { formPost, getAs } from '../../support/http';
import type { TestApp } from '../../support/test-app';
import { SAMPLE_CASE_STEPS, sampleCookie, startSampleApp } from '../../support/sample-app';

let t: TestApp;
let midori: string;
let chiiki: string;

beforeAll(async () => {
  ({ t } = await startSampleApp({}, SAMPLE_CASE_STEPS));
  midori = await sampleCookie(t, 'clerk-midori');
  chiiki = await sampleCookie(t, 'clerk-chiiki');
});
afterAll(() => t.close());

/** The department's sample case (found by a word of its seeded title). */
const caseIdOf = async (cookie: string) => {
  const res = await getAs(
    t.http,
    `/api/cases?q=${encodeURIComponent('について')}&sort=createdAt&order=asc`,
    cookie,
  ).expect(200);
  return res.body.items[0].id as string;
};

describe('case screens', () => {
  it('the list shows the department’s cases and searches', async () => {
    const res = await getAs(t.http, '/cases?q=%E7%B7%91%E5%8C%96', midori).expect(200);
    expect(res.text).toContain('屋上緑化見本園見学申込');
    expect(res.text).toContain('1 件');
    const other = await getAs(t.http, '/cases', chiiki).expect(200);
    expect(other.text).not.toContain('屋上緑化見本園見学申込');
    expect(other.text).not.toContain('id="departmentId"');
    // the secretariat sees submitted cases only, and may filter by department
    const id = await caseIdOf(midori);
    await t.ds.query(`UPDATE case_file SET status = 'submitted' WHERE id = $1`, [id]);
    const sec = await userWithToken(t.http, t.ds, { role: 'secretariat' });
    const secList = await getAs(t.http, '/cases', `shingikai_session=${sec.token}`).expect(200);
    expect(secList.text).toContain('屋上緑化見本園見学申込');
    expect(secList.text).not.toContain('新宿区民活動支援サイト');
    expect(secList.text).toContain('id="departmentId"');
    await t.ds.query(`UPDATE case_file SET status = 'draft' WHERE id = $1`, [id]);
  });

  it('the wizard assesses the answers and creates a pre-filled draft', async () => {
    const result = await getAs(
      t.http,
      '/cases/new/result?processing=no&externalConnection=yes&connectionForm=lgwan&outsourcing=yes&outsourcingSubtypes=computerProcessing&purposeExtension=no&sensitiveData=no&myNumber=no',
      midori,
    ).expect(200);
    expect(result.text).toContain('【諮問】');
    expect(result.text).toContain('第17条第1項第4号（電子計算機の外部結合）');
    expect(result.text).toContain('【事前報告】');
    const created = await formPost(t.http, '/cases/new', midori)
      .send(
        'title=%E6%96%B0%E3%81%97%E3%81%84%E4%BA%8B%E6%A1%88&externalConnection=yes&connectionForm=lgwan&outsourcing=yes&outsourcingSubtypes=computerProcessing',
      )
      .expect(303);
    expect(created.headers.location).toMatch(/^\/cases\/[0-9a-f-]{36}\/edit$/);
    const editor = await getAs(t.http, created.headers.location, midori).expect(200);
    expect(editor.text).toContain('別紙1 電子計算機の外部結合');
    expect(editor.text).toContain('別紙2 委託');
    expect(editor.text).toContain('data-testid="item-grid"');
    expect(editor.text).toContain('value="電話番号"');
  });

  it('the editor and the read-only view show every part; another department gets 404', async () => {
    const id = await caseIdOf(midori);
    const edit = await getAs(t.http, `/cases/${id}/edit`, midori).expect(200);
    for (const label of [
      '概要',
      '条例の根拠',
      '項目一覧',
      '安全対策',
      '添付資料',
      '特記事項',
      '提出前チェック',
    ])
      expect(edit.text).toContain(`>${label}`);
    expect(edit.text).toContain('東日本電信電話株式会社');
    expect(edit.text).toContain('提出に必要な項目はすべて入力されています');
    const view = await getAs(t.http, `/cases/${id}`, midori).expect(200);
    expect(view.text).toContain('◇第17条第1項第4号（電子計算機の外部結合）');
    expect(view.text).toContain('（秘密の保持）');
    await getAs(t.http, `/cases/${id}`, chiiki).expect(404);
    await getAs(t.http, `/cases/${id}/edit`, chiiki).expect(404);
  });

  it('typed HTML and {{…}} are shown as text', async () => {
    const id = await caseIdOf(chiiki);
    const c = (await getAs(t.http, `/api/cases/${id}`, chiiki).expect(200)).body;
    await request(t.http)
      .patch(`/api/cases/${id}`)
      .set('Cookie', chiiki)
      .send({ version: c.version, overview: { purpose: '<img src=x onerror=alert(1)>{{title}}' } })
      .expect(200);
    const view = await getAs(t.http, `/cases/${id}`, chiiki).expect(200);
    expect(view.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;{{title}}');
    expect(view.text).not.toContain('<img src=x');
    const edit = await getAs(t.http, `/cases/${id}/edit`, chiiki).expect(200);
    expect(edit.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;{{title}}');
  });

  it('versions: a clerk keeps a version and sees the changes since', async () => {
    const id = await caseIdOf(midori);
    await formPost(t.http, `/cases/${id}/versions`, midori).send('reason=test').expect(303);
    const c = (await getAs(t.http, `/api/cases/${id}`, midori).expect(200)).body;
    await request(t.http)
      .patch(`/api/cases/${id}`)
      .set('Cookie', midori)
      .send({ version: c.version, contact: { ...c.contact, extension: '4664' } })
      .expect(200);
    const page = await getAs(t.http, `/cases/${id}/versions`, midori).expect(200);
    expect(page.text).toContain('第1版');
    expect(page.text).toContain('内線');
    expect(page.text).toContain('4664');
  });

  it('admins maintain the catalog and the clause library', async () => {
    const admin = await userWithToken(t.http, t.ds, { role: 'admin' });
    const cookie = `shingikai_session=${admin.token}`;
    const bases = await getAs(t.http, '/admin/legal-bases', cookie).expect(200);
    expect(bases.text).toContain('第14条第1項（個人情報の電子計算機処理の委託等）');
    expect(bases.text).toContain('派遣労働者を受け入れる');
    const bad = await formPost(t.http, '/admin/legal-bases', cookie)
      .send(
        'code=x-1&article=%E7%AC%AC1%E6%9D%A1&shortName=a&procedure=report&sectionKind=processing&appliesWhen=%7Bnot+json',
      )
      .expect(400);
    expect(bad.text).toContain('JSON');
    const sets = await getAs(t.http, '/admin/clause-sets', cookie).expect(200);
    expect(sets.text).toContain('電算処理の業務委託契約の特記事項');
    await getAs(t.http, '/admin/legal-bases', midori).expect(403);
  });
});

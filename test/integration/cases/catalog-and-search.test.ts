import request from 'supertest';
import { userWithToken } from '../../support/factories';
import { postBody } from '../../support/http';
import {
  basisIdOf,
  createCase,
  latestClauseVersionId,
  NO_ANSWERS,
  patchCase,
  seedCaseCatalog,
} from '../../support/case-fixtures';
import { startTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let clerk: Awaited<ReturnType<typeof userWithToken>>;
let admin: Awaited<ReturnType<typeof userWithToken>>;

beforeAll(async () => {
  t = await startTestApp();
  await seedCaseCatalog(t.ds);
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
  admin = await userWithToken(t.http, t.ds, { role: 'admin' });
});
afterAll(() => t.close());

describe('clause library', () => {
  it('a case keeps the clause version it chose when the set is edited', async () => {
    const out = await basisIdOf(t.ds, 'shinjuku-14-1');
    const v1 = await latestClauseVersionId(t.ds, 'personal-info-outsourcing');
    const c = await createCase(t.http, clerk.auth, {
      title: '特記事項の版',
      legalBasisIds: [out],
      sections: [
        {
          kind: 'outsourcing',
          legalBasisId: out,
          subtype: 'computerProcessing',
          clauseSetVersionId: v1,
          reOutsourcing: {
            planned: true,
            vendor: { name: '再委託先株式会社' },
            approval: '区の書面による承認（令和8年4月1日）',
          },
          clauseDeviations: [
            {
              clauseNumber: 6,
              description: '再委託を承認する',
              reason: 'コールセンター業務を専門事業者が行うため',
            },
          ],
        },
      ],
    });
    const choice = c.sections[0].clauseChoice;
    expect(choice).toMatchObject({ versionNumber: 1, newerVersionExists: false });
    expect(choice.clauses[5].heading).toBe('再委託の禁止');

    const sets = await request(t.http).get('/api/clause-sets').set(admin.auth).expect(200);
    const set = sets.body.find((s: { code: string }) => s.code === 'personal-info-outsourcing');
    const revised = set.current.clauses.map((cl: { number: number; heading: string; text: string }) =>
      cl.number === 2
        ? { ...cl, text: '受託者は、業務で知った情報を誰にも漏らしてはならない。（改正）' }
        : cl,
    );
    const r = await request(t.http)
      .put(`/api/clause-sets/${set.id}`)
      .set(admin.auth)
      .send({ baseVersionNumber: 1, clauses: revised, changeNote: '第2項の表現を改めた' })
      .expect(200);
    expect(r.body.versionNumbers).toEqual([1, 2]);
    const stale = await request(t.http)
      .put(`/api/clause-sets/${set.id}`)
      .set(admin.auth)
      .send({ baseVersionNumber: 1, clauses: revised })
      .expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');

    const after = await request(t.http).get(`/api/cases/${c.id}`).set(clerk.auth).expect(200);
    expect(after.body.sections[0].clauseChoice).toMatchObject({ versionNumber: 1, newerVersionExists: true });
    expect(after.body.sections[0].clauseChoice.clauses[1].text).toBe(set.current.clauses[1].text);
    const doc = await request(t.http).get(`/api/cases/${c.id}/document-data`).set(clerk.auth).expect(200);
    expect(doc.body.clauses[0]).toMatchObject({
      version: '第1版',
      deviations: [{ clauseNumber: 6, heading: '再委託の禁止' }],
    });

    const bad = await patchCase(t.http, clerk.auth, c.id, {
      version: after.body.version,
      sections: [
        {
          ...after.body.sections[0].fields,
          kind: 'outsourcing',
          legalBasisId: out,
          clauseDeviations: [{ clauseNumber: 99, reason: 'x' }],
        },
      ],
    }).expect(400);
    expect(bad.body.errors[0]).toEqual({
      field: 'sections[0].clauseDeviations[0].clauseNumber',
      messages: ['特記事項に第99項はありません'],
    });
  });
});

describe('legal-basis catalog', () => {
  it('admins add, edit and retire bases; a basis in use cannot be deleted', async () => {
    const created = await postBody(t.http, admin.auth, '/api/legal-bases', {
      code: 'test-purpose',
      ordinance: '新宿区個人情報保護条例',
      article: '第15条第2項',
      shortName: '目的外利用・外部提供',
      procedure: 'consultation',
      sectionKind: 'purposeExtension',
      appliesWhen: { purposeExtension: true },
      sortOrder: 40,
    });
    const c = await createCase(t.http, clerk.auth, { title: '根拠の使用', legalBasisIds: [created.id] });
    const del = await request(t.http).delete(`/api/legal-bases/${created.id}`).set(admin.auth).expect(409);
    expect(del.body.code).toBe('LEGAL_BASIS_IN_USE');
    const retired = await request(t.http)
      .patch(`/api/legal-bases/${created.id}`)
      .set(admin.auth)
      .send({ version: created.version, retired: true })
      .expect(200);
    expect(retired.body).toMatchObject({ retired: true, usage: 1 });
    // the case keeps it; a new case cannot choose it
    const still = await request(t.http).get(`/api/cases/${c.id}`).set(clerk.auth).expect(200);
    expect(still.body.legalBases[0]).toMatchObject({ article: '第15条第2項', retired: true });
    const refused = await request(t.http)
      .post('/api/cases')
      .set(clerk.auth)
      .send({ title: '廃止済みの根拠', legalBasisIds: [created.id] })
      .expect(400);
    expect(refused.body.errors[0].messages[0]).toContain('廃止');
    await request(t.http).post('/api/legal-bases').set(clerk.auth).send({}).expect(403);

    const unused = await postBody(t.http, admin.auth, '/api/legal-bases', {
      code: 'unused',
      article: '第1条',
      shortName: '試し',
      procedure: 'report',
      sectionKind: 'processing',
    });
    await request(t.http).delete(`/api/legal-bases/${unused.id}`).set(admin.auth).expect(204);
  });
});

describe('assessment (rule engine)', () => {
  /** Posts the answers (the rest "no") to the assessment as the clerk; the result. */
  const assess = (answers: Record<string, unknown>) =>
    postBody(t.http, clerk.auth, '/api/assessment', { ...NO_ANSWERS, ...answers }, 200);

  it('answers give bases with 諮問 / 事前報告 and the sheets to fill', async () => {
    const result = await assess({
      processing: true,
      externalConnection: true,
      connectionForm: 'internet',
      outsourcing: true,
      outsourcingSubtypes: ['computerProcessing', 'importantData'],
      sensitiveData: true,
    });
    expect(result.ordinance).toBe('新宿区個人情報保護条例');
    // The papers' sheet order: processing development first, then external connection, outsourcing.
    expect(result.consultation.map((b: { article: string }) => b.article)).toEqual([
      '第16条第1項本文',
      '第17条第1項第4号',
    ]);
    expect(result.priorReport.map((b: { article: string }) => b.article)).toEqual(['第14条第1項']);
    expect(
      result.sections.map((s: { kind: string; subtype: string | null }) => `${s.kind}:${s.subtype}`),
    ).toEqual([
      'processing:null',
      'externalConnection:null',
      'outsourcing:computerProcessing',
      'outsourcing:importantData',
    ]);
    expect(result.procedure).toBe('consultation');
    expect(result.notes.join()).toContain('要配慮');
    expect(result.categorical).toEqual([]);
  });

  it('cites an approved categorical consultation that covers the answers', async () => {
    const result = await assess({
      externalConnection: true,
      connectionForm: 'lgwan',
      ordinance: '小田原市個人情報保護条例',
    });
    expect(result.bases.map((b: { article: string }) => b.article)).toEqual(['第10条第2項']);
    expect(result.categorical).toHaveLength(1);
    expect(result.categorical[0].title).toContain('LGWAN');
    expect(result.categorical[0].replyReference).toContain('第70回');
  });
});

describe('search and lists', () => {
  let searcher: Awaited<ReturnType<typeof userWithToken>>;
  beforeAll(async () => {
    searcher = await userWithToken(t.http, t.ds, { role: 'clerk' });
    const ext = await basisIdOf(t.ds, 'shinjuku-17-1-4');
    const out = await basisIdOf(t.ds, 'shinjuku-14-1');
    await createCase(t.http, searcher.auth, {
      title: '屋上緑化見本園見学申込の電子申請',
      overview: { purpose: '建物の屋上を緑にする' },
    });
    await createCase(t.http, searcher.auth, {
      title: '区民活動支援サイトの構築',
      legalBasisIds: [ext, out],
      sections: [
        {
          kind: 'externalConnection',
          legalBasisId: ext,
          sheetTitle: 'サイトにおける外部結合について',
          connectionForm: 'internet',
        },
        {
          kind: 'outsourcing',
          legalBasisId: out,
          vendor: { name: '新宿NPOネットワーク協議会', leadCompany: '' },
        },
      ],
      items: {
        columns: [{ key: 'handle', label: 'ハンドルネーム' }],
        rows: [{ procedureName: '登録', cells: { handle: '◎' } }],
      },
    });
    await createCase(t.http, searcher.auth, { title: '緑の基本計画', overview: { purpose: '化学物質の' } });
  });

  const titles = async (qs: string) =>
    (await request(t.http).get(`/api/cases?${qs}`).set(searcher.auth).expect(200)).body.items.map(
      (i: { title: string }) => i.title,
    );

  it('finds Japanese words inside text: 緑化 and 外部結合', async () => {
    expect(await titles(`q=${encodeURIComponent('緑化')}`)).toEqual(['屋上緑化見本園見学申込の電子申請']);
    expect(await titles(`q=${encodeURIComponent('外部結合')}`)).toEqual(['区民活動支援サイトの構築']);
    // scattered characters are not a match (緑 … 化 in 緑の基本計画 / 化学物質)
    expect(await titles(`q=${encodeURIComponent('緑化 計画')}`)).toEqual([]);
    expect(await titles(`q=${encodeURIComponent('ＮＰＯ')}`)).toEqual(['区民活動支援サイトの構築']);
  });

  it('filters by vendor, data item, procedure and basis; paginates and sorts', async () => {
    expect(await titles(`vendor=${encodeURIComponent('NPOネットワーク')}`)).toEqual([
      '区民活動支援サイトの構築',
    ]);
    expect(await titles(`item=${encodeURIComponent('ハンドル')}`)).toEqual(['区民活動支援サイトの構築']);
    const out = await basisIdOf(t.ds, 'shinjuku-14-1');
    expect(await titles(`legalBasisId=${out}`)).toEqual(['区民活動支援サイトの構築']);
    expect(await titles('procedure=consultation')).toEqual(['区民活動支援サイトの構築']);
    // no basis yet: nothing makes it a consultation
    expect(await titles('procedure=report&sort=title&order=asc')).toEqual([
      '屋上緑化見本園見学申込の電子申請',
      '緑の基本計画',
    ]);
    const page = await request(t.http)
      .get('/api/cases?pageSize=2&page=2&sort=createdAt&order=asc')
      .set(searcher.auth)
      .expect(200);
    expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.body.items.map((i: { title: string }) => i.title)).toEqual(['緑の基本計画']);
    await request(t.http).get('/api/cases?pageSize=1000').set(searcher.auth).expect(400);
  });

  it('counts a search that matches very many cases up to 100 and says so; plain lists count exactly', async () => {
    const many = await userWithToken(t.http, t.ds, { role: 'clerk' });
    const template = await createCase(t.http, many.auth, { title: '大量一致の確認 緑化' });
    const cols = (
      (await t.ds.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'case_file'
            AND column_name NOT IN ('id', 'title')`,
      )) as { column_name: string }[]
    ).map((c) => c.column_name);
    await t.ds.query(
      `INSERT INTO case_file (id, title, ${cols.join(', ')})
       SELECT gen_random_uuid(), t.title || g, ${cols.map((c) => `t.${c}`).join(', ')}
         FROM case_file t, generate_series(1, 229) g WHERE t.id = $1`,
      [template.id],
    );
    await t.ds.query(
      `INSERT INTO case_search (case_id, search_text, search_grams)
       SELECT c.id, s.search_text, s.search_grams FROM case_file c, case_search s
        WHERE s.case_id = $1 AND c.id <> $1 AND c.title ~ '^大量一致の確認 緑化[0-9]+$'`,
      [template.id],
    );
    const search = await request(t.http)
      .get(`/api/cases?q=${encodeURIComponent('緑化')}`)
      .set(many.auth)
      .expect(200);
    expect(search.body).toMatchObject({ total: 100, totalIsLowerBound: true, pageSize: 20 });
    const deep = await request(t.http)
      .get(`/api/cases?q=${encodeURIComponent('緑化')}&page=11&pageSize=20`)
      .set(many.auth)
      .expect(200);
    expect(deep.body).toMatchObject({ total: 220, totalIsLowerBound: true });
    expect(deep.body.items).toHaveLength(20);
    const list = await request(t.http).get('/api/cases').set(many.auth).expect(200);
    expect(list.body).toMatchObject({ total: 230, totalIsLowerBound: false });
    // Every case matches: the pages of the search are the pages of the list, in any order asked.
    const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
    for (const query of ['page=3', 'page=5&sort=title&order=asc', 'page=2&pageSize=7&sort=createdAt']) {
      const searched = await request(t.http)
        .get(`/api/cases?q=${encodeURIComponent('緑化')}&${query}`)
        .set(many.auth)
        .expect(200);
      const listed = await request(t.http).get(`/api/cases?${query}`).set(many.auth).expect(200);
      expect(searched.body.totalIsLowerBound).toBe(true);
      expect(ids(searched.body)).toEqual(ids(listed.body));
    }
    // One case in three still matches: counted exactly through the index (77 = 76 copies + template).
    await t.ds.query(
      `UPDATE case_search s SET search_text = '', search_grams = '{}' FROM case_file c
        WHERE c.id = s.case_id AND c.title ~ '^大量一致の確認 緑化[0-9]+$'
          AND substring(c.title from '[0-9]+$')::int % 3 <> 0`,
    );
    const third = await request(t.http)
      .get(`/api/cases?q=${encodeURIComponent('緑化')}&page=2`)
      .set(many.auth)
      .expect(200);
    expect(third.body).toMatchObject({ total: 77, totalIsLowerBound: false });
    expect(third.body.items).toHaveLength(20);
    const few = await request(t.http)
      .get(`/api/cases?q=${encodeURIComponent('外部結合')}`)
      .set(searcher.auth)
      .expect(200);
    expect(few.body).toMatchObject({ total: 1, totalIsLowerBound: false });
  });

  it('a save changes what the case is found by; a save that changes no text leaves its index alone', async () => {
    const c = await createCase(t.http, searcher.auth, {
      title: '検索更新の確認',
      overview: { purpose: '粗大ごみ収集の申込受付' },
    });
    expect(await titles(`q=${encodeURIComponent('粗大ごみ')}`)).toEqual(['検索更新の確認']);
    const edited = await patchCase(t.http, searcher.auth, c.id, {
      version: c.version,
      overview: { purpose: '犬の登録手続の案内' },
    }).expect(200);
    // the answer is the saved case, with its new version
    expect(edited.body).toMatchObject({
      version: c.version + 1,
      overview: { purpose: '犬の登録手続の案内' },
    });
    expect(await titles(`q=${encodeURIComponent('粗大ごみ')}`)).toEqual([]);
    expect(await titles(`q=${encodeURIComponent('犬の登録')}`)).toEqual(['検索更新の確認']);
    const rowVersion = async () =>
      (
        (await t.ds.query(`SELECT xmin::text AS x FROM case_search WHERE case_id = $1`, [c.id])) as {
          x: string;
        }[]
      )[0].x;
    const before = await rowVersion();
    await patchCase(t.http, searcher.auth, c.id, {
      version: edited.body.version,
      confidentialityLevel: 3,
    }).expect(200);
    expect(await rowVersion()).toBe(before);
    expect(await titles(`q=${encodeURIComponent('犬の登録')}`)).toEqual(['検索更新の確認']);
  });
});

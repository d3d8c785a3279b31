import request from 'supertest';
import { userWithToken } from '../../support/factories';
import {
  basisIdOf,
  createCase,
  latestClauseVersionId,
  NO_ANSWERS,
  patchCase,
  raceTwoSaves,
  seedCaseCatalog,
} from '../../support/case-fixtures';
import { startTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let clerk: Awaited<ReturnType<typeof userWithToken>>;
let colleague: Awaited<ReturnType<typeof userWithToken>>;
let outsider: Awaited<ReturnType<typeof userWithToken>>;

beforeAll(async () => {
  t = await startTestApp();
  await seedCaseCatalog(t.ds);
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk', displayName: '緑川 葉子' });
  colleague = await userWithToken(t.http, t.ds, {
    role: 'clerk',
    departmentId: clerk.user.departmentId,
    displayName: '同課 次郎',
  });
  outsider = await userWithToken(t.http, t.ds, { role: 'clerk' });
});
afterAll(() => t.close());

const fieldsOf = (body: { errors: { field: string; messages: string[] }[] }) =>
  Object.fromEntries(body.errors.map((e) => [e.field, e.messages.join(' / ')]));

describe('create → edit → validate → version diff', () => {
  it('the wizard answers pre-fill bases and sheets; validation lists every gap; a diff shows field changes', async () => {
    const created = await createCase(t.http, clerk.auth, {
      title: '屋上緑化見本園見学申込の電子申請',
      answers: {
        ...NO_ANSWERS,
        externalConnection: true,
        connectionForm: 'lgwan',
        outsourcing: true,
        outsourcingSubtypes: ['computerProcessing'],
      },
    });
    expect(created.status).toBe('draft');
    expect(created.procedure).toBe('consultation');
    expect(created.legalBases.map((b: { article: string }) => b.article)).toEqual([
      '第17条第1項第4号',
      '第14条第1項',
    ]);
    expect(created.sections.map((s: { kind: string }) => s.kind)).toEqual([
      'externalConnection',
      'outsourcing',
    ]);
    expect(created.sections[1].fields.subtype).toBe('computerProcessing');
    expect(created.items.columns.map((c: { label: string }) => c.label)).toEqual([
      'ID',
      'パスワード',
      'メールアドレス',
      '住所',
      '氏名',
      '電話番号',
    ]);

    // an incomplete draft saves fine, but validation reports every gap at once
    const v1 = await request(t.http).get(`/api/cases/${created.id}/validation`).set(clerk.auth).expect(200);
    expect(v1.body.ready).toBe(false);
    const gaps = fieldsOf(v1.body);
    expect(gaps['contact.extension']).toContain('内線');
    expect(gaps['overview.purpose']).toContain('目的');
    expect(gaps['sections[0].partner']).toContain('結合の相手方');
    expect(gaps['sections[1].vendor.name']).toContain('委託先');
    expect(gaps['sections[1].clauseSetVersionId']).toContain('特記事項');
    expect(gaps['items.rows']).toContain('個人情報項目一覧');

    const clauseVersion = await latestClauseVersionId(t.ds, 'personal-info-outsourcing');
    const [ext, out] = created.sections;
    const full = {
      version: created.version,
      contact: { sectionName: 'みどりの係', contactName: '緑川 葉子', extension: '4663' },
      overview: {
        businessName: '屋上等緑化の推進',
        businessDepartment: '道とみどりの課',
        purpose: '屋上緑化を広める',
        targetPersons: '区民及び事業者',
        businessContent: '見本園を情報発信の拠点にする',
      },
      sections: [
        {
          ...ext.fields,
          id: ext.id,
          kind: 'externalConnection',
          legalBasisId: ext.legalBasisId,
          businessName: '屋上緑化見本園見学申込',
          itemKeys: ['id', 'password', 'email', 'name'],
          partner: '東京電子自治体共同運営センター',
          reason: '受付窓口が共同運営センターのため',
          connectionForm: 'lgwan',
          start: '平成19年12月',
          period: '以降継続',
          protectionMeasures: '資料3のとおり',
        },
        {
          ...out.fields,
          id: out.id,
          kind: 'outsourcing',
          legalBasisId: out.legalBasisId,
          businessName: '屋上緑化見本園見学申込',
          itemKeys: ['id', 'password', 'email', 'name'],
          vendor: {
            name: '次世代電子自治体推進企業体',
            leadCompany: '東日本電信電話株式会社',
            memberCompanies: ['日本電気株式会社'],
          },
          reason: '当初から委託しているため',
          scope: '共同運営センターの運用',
          start: '平成19年12月',
          term: '以降継続',
          municipalityMeasures: '特記事項を付す',
          vendorMeasures: 'プライバシーマークの基準による',
          clauseSetVersionId: clauseVersion,
        },
      ],
      items: {
        columns: created.items.columns,
        rows: [
          {
            departmentBusiness: '道とみどりの課/屋上等緑化の推進',
            procedureName: '屋上緑化見本園見学申込',
            cells: {
              id: '◎',
              password: 'required',
              email: 'required',
              address: '○',
              name: 'required',
              phone: null,
            },
            otherItems: '申請者区分',
          },
        ],
      },
      securityMeasures: ['通信を暗号化する', 'ログを取得し分析する'],
    };
    const saved = await patchCase(t.http, clerk.auth, created.id, full).expect(200);
    expect(saved.body.version).toBe(created.version + 1);
    expect(saved.body.items.rows[0].cells).toEqual({
      id: 'required',
      password: 'required',
      email: 'required',
      address: 'optional',
      name: 'required',
    });
    const v2 = await request(t.http).get(`/api/cases/${created.id}/validation`).set(clerk.auth).expect(200);
    expect(v2.body).toEqual({ ready: true, errors: [] });

    // keep a version, then change the item list and the vendor
    const snap = await request(t.http)
      .post(`/api/cases/${created.id}/versions`)
      .set(clerk.auth)
      .send({ reason: '提出前' })
      .expect(201);
    expect(snap.body.seq).toBe(1);
    const row = saved.body.items.rows[0];
    const edited = await patchCase(t.http, clerk.auth, created.id, {
      version: saved.body.version,
      items: {
        columns: [...created.items.columns, { key: 'fax', label: 'FAX番号' }],
        rows: [{ ...row, cells: { ...row.cells, address: 'required', fax: 'optional' } }],
      },
      sections: saved.body.sections.map(
        (s: { id: string; kind: string; legalBasisId: string; fields: object }) => ({
          ...s.fields,
          id: s.id,
          kind: s.kind,
          legalBasisId: s.legalBasisId,
          ...(s.kind === 'outsourcing'
            ? {
                vendor: {
                  name: '次世代電子自治体推進企業体',
                  leadCompany: '日本電気株式会社',
                  memberCompanies: ['日本電気株式会社'],
                },
              }
            : {}),
        }),
      ),
    }).expect(200);
    expect(edited.body.sections[1].id).toBe(out.id);

    const diff = await request(t.http)
      .get(`/api/cases/${created.id}/diff?from=1`)
      .set(clerk.auth)
      .expect(200);
    const byLabel = Object.fromEntries(
      diff.body.changes.map((c: { label: string; change: string; before: string; after: string }) => [
        c.label,
        `${c.change}:${c.before ?? ''}→${c.after ?? ''}`,
      ]),
    );
    expect(byLabel['個人情報項目一覧 › 項目']).toBe('added:→FAX番号');
    expect(byLabel['個人情報項目一覧 › 「屋上緑化見本園見学申込」 › 住所']).toBe('changed:○→◎');
    expect(byLabel['個人情報項目一覧 › 「屋上緑化見本園見学申込」 › FAX番号']).toBe('added:→○');
    expect(byLabel['別紙2（委託） › 委託先：代表企業']).toBe(
      'changed:東日本電信電話株式会社→日本電気株式会社',
    );
    expect(diff.body.changes).toHaveLength(4);

    const versions = await request(t.http)
      .get(`/api/cases/${created.id}/versions`)
      .set(clerk.auth)
      .expect(200);
    expect(versions.body).toMatchObject([{ seq: 1, reason: '提出前', createdBy: '緑川 葉子' }]);
  });

  it('after a send-back every save keeps a version', async () => {
    const c = await createCase(t.http, clerk.auth, { title: '差戻し後の編集' });
    await t.ds.query(`UPDATE case_file SET status = 'sentBack' WHERE id = $1`, [c.id]);
    const r = await patchCase(t.http, clerk.auth, c.id, {
      version: c.version,
      title: '差戻し後の編集（修正）',
    }).expect(200);
    const versions = await request(t.http).get(`/api/cases/${c.id}/versions`).set(clerk.auth).expect(200);
    expect(versions.body).toHaveLength(1);
    expect(versions.body[0].caseVersion).toBe(r.body.version);
    await t.ds.query(`UPDATE case_file SET status = 'submitted' WHERE id = $1`, [c.id]);
    const locked = await patchCase(t.http, clerk.auth, c.id, { version: r.body.version, title: 'x' }).expect(
      409,
    );
    expect(locked.body.code).toBe('CASE_NOT_EDITABLE');
  });

  it('copy from an earlier case keeps its content and records the source', async () => {
    const basis = await basisIdOf(t.ds, 'shinjuku-16-1');
    const src = await createCase(t.http, clerk.auth, {
      title: '元の事案',
      legalBasisIds: [basis],
      sections: [{ kind: 'processing', legalBasisId: basis, reason: '元の理由' }],
      overview: { purpose: '元の目的' },
    });
    const copy = await request(t.http)
      .post(`/api/cases/${src.id}/copy`)
      .set(colleague.auth)
      .send({ title: '類似の手続' })
      .expect(201);
    expect(copy.body).toMatchObject({
      title: '類似の手続',
      status: 'draft',
      copiedFrom: { id: src.id, title: '元の事案' },
    });
    expect(copy.body.sections[0].fields.reason).toBe('元の理由');
    expect(copy.body.sections[0].id).not.toBe(src.sections[0].id);
    expect(copy.body.overview.purpose).toBe('元の目的');
    await request(t.http).post(`/api/cases/${src.id}/copy`).set(outsider.auth).send({}).expect(404);
  });
});

describe('optimistic locking', () => {
  it('a stale save is 409, names who changed it, and changes nothing', async () => {
    const c = await createCase(t.http, clerk.auth, { title: '同時編集' });
    const { stale } = await raceTwoSaves(t.http, c, [colleague.auth, '同僚の入力'], [clerk.auth, '私の入力']);
    expect(stale.body.updatedBy).toBe('同課 次郎');
    expect(stale.body.detail).toContain('同課 次郎');
    const now = await request(t.http).get(`/api/cases/${c.id}`).set(clerk.auth).expect(200);
    expect(now.body.overview.purpose).toBe('同僚の入力');
  });
});

describe('department isolation', () => {
  it("another department's clerk gets 404 for every case route; the secretariat does not see drafts", async () => {
    const c = await createCase(t.http, clerk.auth, { title: '他課からは見えない' });
    const paths = ['', '/validation', '/versions', '/diff?from=1', '/document-data'];
    for (const p of paths) await request(t.http).get(`/api/cases/${c.id}${p}`).set(outsider.auth).expect(404);
    await patchCase(t.http, outsider.auth, c.id, { version: c.version, title: '乗っ取り' }).expect(404);
    await request(t.http).post(`/api/cases/${c.id}/versions`).set(outsider.auth).send({}).expect(404);
    await request(t.http)
      .post(`/api/cases/${c.id}/attachments`)
      .set(outsider.auth)
      .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'a.pdf')
      .expect(404);
    const list = await request(t.http).get('/api/cases?q=他課').set(outsider.auth).expect(200);
    expect(list.body.total).toBe(0);
    const sec = await userWithToken(t.http, t.ds, { role: 'secretariat' });
    await request(t.http).get(`/api/cases/${c.id}`).set(sec.auth).expect(404);
    const unchanged = await request(t.http).get(`/api/cases/${c.id}`).set(clerk.auth).expect(200);
    expect(unchanged.body.title).toBe('他課からは見えない');
    expect(unchanged.body.version).toBe(c.version);
  });
});

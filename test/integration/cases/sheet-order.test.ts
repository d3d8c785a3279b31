import request from 'supertest';
import { userWithToken } from '../../support/factories';
import { createCase, NO_ANSWERS, patchCase, seedCaseCatalog } from '../../support/case-fixtures';
import { startTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let clerk: Awaited<ReturnType<typeof userWithToken>>;

beforeAll(async () => {
  t = await startTestApp();
  await seedCaseCatalog(t.ds);
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk', displayName: '鈴木 浩司' });
});
afterAll(() => t.close());

type Section = { id: string; kind: string; legalBasisId: string; fields: Record<string, unknown> };

const kinds = (c: { sections: Section[] }) => c.sections.map((s) => s.kind);
const titles = (c: { sections: Section[] }) => c.sections.map((s) => s.fields.sheetTitle);
const fieldsOf = (body: { errors: { field: string; messages: string[] }[] }) =>
  Object.fromEntries(body.errors.map((e) => [e.field, e.messages.join(' / ')]));

/** The sheet headings of the HTML preview (the PDF's template), in print order, with their 別紙N marks. */
async function printedSheets(id: string): Promise<{ marks: string[]; headings: string[]; cover: string }> {
  const res = await request(t.http).get(`/cases/${id}/document`).set(clerk.auth).expect(200);
  const html = res.text.replace(/&[#\w]+;/g, ' ');
  return {
    marks: [...html.matchAll(/class="sheet-mark">[^<]*?(別紙\d+)/g)].map((m) => m[1]),
    headings: [...html.matchAll(/<h2>◆([^<（]+)（([^<）]+)関係）/g)].map((m) => `${m[1]} ${m[2]}`),
    cover: html.slice(html.indexOf('class="bases"'), html.indexOf('class="owner"')).replace(/<[^>]+>/g, ''),
  };
}

/** The citizen-activity paper: processing, external connection, then two outsourcing sheets. */
async function citizenActivityCase() {
  const created = await createCase(t.http, clerk.auth, {
    title: '「(仮称)新宿区民活動支援サイト」構築及び管理運営委託について',
    answers: {
      ...NO_ANSWERS,
      processing: true,
      externalConnection: true,
      connectionForm: 'internet',
      outsourcing: true,
      outsourcingSubtypes: ['computerProcessing'],
    },
  });
  const sections = [
    ...created.sections.map((s: Section) => ({
      ...s.fields,
      id: s.id,
      kind: s.kind,
      legalBasisId: s.legalBasisId,
      sheetTitle: { processing: '構築', externalConnection: '外部結合', outsourcing: 'サーバー保守管理委託' }[
        s.kind
      ],
    })),
    {
      kind: 'outsourcing',
      legalBasisId: created.sections[2].legalBasisId,
      subtype: 'computerProcessing',
      sheetTitle: '管理運営委託',
    },
  ];
  const res = await patchCase(t.http, clerk.auth, created.id, { version: created.version, sections }).expect(
    200,
  );
  return res.body;
}

describe('sheet order (別紙1, 別紙2…)', () => {
  it('the wizard proposes the sheets in the papers’ order: processing, external connection, outsourcing', async () => {
    const c = await citizenActivityCase();
    expect(kinds(c)).toEqual(['processing', 'externalConnection', 'outsourcing', 'outsourcing']);
    expect(c.legalBases.map((b: { article: string }) => b.article)).toEqual([
      '第16条第1項本文',
      '第17条第1項第4号',
      '第14条第1項',
    ]);
    const printed = await printedSheets(c.id);
    expect(printed.marks).toEqual(['別紙1', '別紙2', '別紙3', '別紙4']);
    expect(printed.headings).toEqual([
      '電子計算機処理の開発・変更 第16条第1項本文',
      '電子計算機の外部結合 第17条第1項第4号',
      '個人情報の電子計算機処理の委託 第14条第1項',
      '個人情報の電子計算機処理の委託 第14条第1項',
    ]);
    // The cover names the article with the kinds its sheets chose, as the papers do.
    expect(printed.cover).toContain('◇第16条第1項本文（電子計算機による個人情報の処理開発、変更）');
    expect(printed.cover).toContain('◇第14条第1項（個人情報の電子計算機処理の委託）');
    expect(printed.cover.indexOf('第16条')).toBeLessThan(printed.cover.indexOf('第17条'));
  });

  it('a reorder (sectionOrder) keeps every sheet and its fields, bumps the version and is shown as a change', async () => {
    const c = await citizenActivityCase();
    const [proc, ext, out1, out2] = c.sections as Section[];
    await request(t.http).post(`/api/cases/${c.id}/versions`).set(clerk.auth).send({}).expect(201);

    const res = await patchCase(t.http, clerk.auth, c.id, {
      version: c.version,
      sectionOrder: [ext.id, proc.id, out2.id, out1.id],
    }).expect(200);
    expect(res.body.version).toBeGreaterThan(c.version);
    expect(res.body.sections.map((s: Section) => s.id)).toEqual([ext.id, proc.id, out2.id, out1.id]);
    expect(titles(res.body)).toEqual(['外部結合', '構築', '管理運営委託', 'サーバー保守管理委託']);
    expect(res.body.sections[0].fields).toEqual(ext.fields);

    // optimistic locking: the old version is refused and nothing moves
    const stale = await patchCase(t.http, clerk.auth, c.id, {
      version: c.version,
      sectionOrder: [proc.id, ext.id, out1.id, out2.id],
    }).expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');

    const diff = await request(t.http).get(`/api/cases/${c.id}/diff`).set(clerk.auth).expect(200);
    expect(diff.body.changes).toEqual([
      {
        path: 'sections.order',
        label: '別紙の並び順',
        change: 'changed',
        before: expect.stringMatching(
          /^別紙1 電子計算機処理の開発・変更「構築」 \/ 別紙2 電子計算機の外部結合/,
        ),
        after: expect.stringMatching(/^別紙1 電子計算機の外部結合「外部結合」 \/ 別紙2 電子計算機処理/),
      },
    ]);

    // the preview (the PDF's template) numbers the sheets in the new order; the cover follows them
    const printed = await printedSheets(c.id);
    expect(printed.headings[0]).toBe('電子計算機の外部結合 第17条第1項第4号');
    expect(printed.headings[1]).toMatch(/第16条第1項本文$/);
    expect(printed.cover.indexOf('第17条')).toBeLessThan(printed.cover.indexOf('第16条'));

    // the read-only view numbers them the same way
    const view = await request(t.http).get(`/cases/${c.id}`).set(clerk.auth).expect(200);
    const viewSheets = [...view.text.matchAll(/class="sheet-mark">(別紙\d+)<\/p>\s*<h2>◆([^（<]+)/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(viewSheets.slice(0, 2)).toEqual([
      '別紙1 電子計算機の外部結合',
      '別紙2 電子計算機処理の開発・変更',
    ]);

    // a copy keeps the order
    const copy = await request(t.http).post(`/api/cases/${c.id}/copy`).set(clerk.auth).send({}).expect(201);
    expect(kinds(copy.body)).toEqual(['externalConnection', 'processing', 'outsourcing', 'outsourcing']);
    expect(titles(copy.body)).toEqual(['外部結合', '構築', '管理運営委託', 'サーバー保守管理委託']);
  });

  it('the editor’s way, the order of the sections array, is kept too', async () => {
    const c = await citizenActivityCase();
    const asInput = (s: Section) => ({ ...s.fields, id: s.id, kind: s.kind, legalBasisId: s.legalBasisId });
    const [proc, ext, out1, out2] = (c.sections as Section[]).map(asInput);
    const res = await patchCase(t.http, clerk.auth, c.id, {
      version: c.version,
      sections: [proc, out2, ext, out1],
    }).expect(200);
    expect(res.body.sections.map((s: Section) => s.id)).toEqual([proc.id, out2.id, ext.id, out1.id]);
    const got = await request(t.http).get(`/api/cases/${c.id}`).set(clerk.auth).expect(200);
    expect(titles(got.body)).toEqual(['構築', '管理運営委託', '外部結合', 'サーバー保守管理委託']);
  });

  it('a reorder with unknown, duplicate or missing sheets is refused in Japanese and changes nothing', async () => {
    const c = await citizenActivityCase();
    const [proc, ext, out1, out2] = (c.sections as Section[]).map((s) => s.id);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const cases: [unknown, Record<string, RegExp>][] = [
      [
        [ext, unknown, out1, out2],
        {
          'sectionOrder[1]': /この事案にない別紙/,
          sectionOrder: /足りない別紙: 別紙1（電子計算機処理の開発・変更）/,
        },
      ],
      [[ext, ext, proc, out1, out2], { 'sectionOrder[1]': /重複/ }],
      [[ext, proc, out1], { sectionOrder: /足りない別紙: 別紙4（委託）/ }],
      [['not-a-uuid'], { sectionOrder: /ID/ }],
    ];
    for (const [order, expected] of cases) {
      const res = await patchCase(t.http, clerk.auth, c.id, {
        version: c.version,
        sectionOrder: order,
      }).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.detail).toMatch(/[ぁ-んァ-ン一-龥]/);
      const fields = fieldsOf(res.body);
      for (const [field, message] of Object.entries(expected)) expect(fields[field]).toMatch(message);
    }
    // sections and sectionOrder together, and a duplicate id inside sections
    const both = await patchCase(t.http, clerk.auth, c.id, {
      version: c.version,
      sectionOrder: [proc, ext, out1, out2],
      sections: [],
    }).expect(400);
    expect(fieldsOf(both.body).sectionOrder).toMatch(/同時に指定できません/);
    const s0 = c.sections[0] as Section;
    const dup = { ...s0.fields, id: s0.id, kind: s0.kind, legalBasisId: s0.legalBasisId };
    const twice = await patchCase(t.http, clerk.auth, c.id, {
      version: c.version,
      sections: [dup, dup],
    }).expect(400);
    expect(fieldsOf(twice.body)['sections[1].id']).toMatch(/重複/);

    const after = await request(t.http).get(`/api/cases/${c.id}`).set(clerk.auth).expect(200);
    expect(after.body.version).toBe(c.version);
    expect(after.body.sections.map((s: Section) => s.id)).toEqual([proc, ext, out1, out2]);
  });

  it('an outsourcing sheet with no kind chosen names every kind of the article on the cover', async () => {
    const c = await createCase(t.http, clerk.auth, {
      title: '委託の種類を選ばない事案',
      answers: { ...NO_ANSWERS, outsourcing: true },
    });
    expect(c.sections[0].fields.subtype ?? null).toBeNull();
    const printed = await printedSheets(c.id);
    expect(printed.cover).toContain(
      '◇第14条第1項（個人情報の電子計算機処理の委託、電磁的媒体の提供を伴う委託、重要な個人情報の提供等を伴う委託、指定管理者に公の施設の管理を行わせる、再委託、派遣労働者を受け入れる）',
    );
  });
});

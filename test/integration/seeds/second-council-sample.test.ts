import request from 'supertest';
import { loadSampleDataIfEmpty, SEED_STEPS } from '../../../src/seeds/sample-data';
import { login } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { downloadBinary } from '../../support/download';
import { extractPageTexts, squash } from '../documents/pdf-inspect';

/*
 * The second sample council (seeds/aoba/): a council on the current framework, loaded with the
 * first one by `npm start`. Its figures are counted here from the rows (the owner's connection,
 * council 2's rows), not taken from the report code.
 */
let t: TestApp;
let aoba: { Authorization: string };
let shinjuku: { Authorization: string };
const COUNCIL = 2;
const FY = { period: 'fiscalYear', fiscalYear: 2025 };
/** 令和7年度 as timestamps, Japan time. */
const IN_FY = `>= '2025-04-01T00:00:00+09:00' AND %s < '2026-04-01T00:00:00+09:00'`;
const inFy = (column: string) => `${column} ${IN_FY.replace('%s', column)}`;

interface Report {
  title: string;
  period: { label: string };
  sections: {
    heading: string;
    tables: { caption: string; rows: (string | number)[][]; total?: (string | number)[] }[];
  }[];
}

const count = async (sql: string, params: unknown[] = []) =>
  Number(((await t.ds.query(sql, params)) as { n: string }[])[0].n);

const report = async (kind: string, auth = aoba): Promise<Report> =>
  (await request(t.http).get(`/api/standing-reports/${kind}`).query(FY).set(auth).expect(200)).body;

function table(r: Report, heading: string, caption?: string) {
  const s = r.sections.find((x) => x.heading === heading);
  const tb = s?.tables.find((x) => caption === undefined || x.caption === caption);
  if (!tb) throw new Error(`no table ${heading} / ${caption} in ${r.title}`);
  return tb;
}
const cell = (rows: (string | number)[][], label: string) => rows.find((r) => r[0] === label)?.[1];

beforeAll(async () => {
  t = await startTestApp();
  expect(await loadSampleDataIfEmpty(t.ds, t.config.seedsDir, SEED_STEPS, t.config.dataDir)).toBe(true);
  await t.ds.query(`UPDATE app_user SET must_change_password = false`);
  aoba = { Authorization: `Bearer ${await login(t.http, 'aoba-secretariat', 'Aoba-Jimukyoku-2026-init')}` };
  shinjuku = { Authorization: `Bearer ${await login(t.http, 'secretariat', 'Jimukyoku-2026-init')}` };
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('the second sample council, on the current framework', () => {
  it('is set up with the current-law catalogue: its bases are the 法第129条 ones', async () => {
    const rows: { code: string }[] = await t.ds.query(
      `SELECT code FROM legal_basis WHERE council_id = $1 ORDER BY code`,
      [COUNCIL],
    );
    expect(rows.map((r) => r.code)).toContain('law129-external-connection');
    expect(rows.every((r) => !r.code.startsWith('shinjuku'))).toBe(true);
  });

  it('has register entries each caused by a case answered at its 第1回, with their history', async () => {
    const entries = (await request(t.http).get('/api/file-register/entries').set(aoba).expect(200)).body as {
      id: string;
      name: string;
    }[];
    expect(entries.map((e) => e.name).sort()).toEqual(['健康診査結果ファイル', '証明書コンビニ交付ファイル']);
    const answered: { id: string; title: string }[] = await t.ds.query(
      `SELECT c.id, c.title FROM case_file c JOIN reply r ON r.case_id = c.id AND r.state = 'issued'
        WHERE c.council_id = $1`,
      [COUNCIL],
    );
    expect(answered).toHaveLength(2);
    const causes = new Set<string>();
    for (const e of entries) {
      const detail = (await request(t.http).get(`/api/file-register/entries/${e.id}`).set(aoba).expect(200))
        .body as { history: { change: string; caseId: string | null; caseTitle: string | null }[] };
      expect(detail.history.map((h) => h.change)).toEqual(expect.arrayContaining(['create', 'publish']));
      const created = detail.history.find((h) => h.change === 'create');
      expect(answered.map((a) => a.id)).toContain(created?.caseId);
      expect(created?.caseTitle).toBe(answered.find((a) => a.id === created?.caseId)?.title);
      causes.add(created!.caseId!);
    }
    expect(causes.size).toBe(2);
    const proposals = (await request(t.http).get('/api/file-register/proposals').set(aoba).expect(200))
      .body as { state: string }[];
    expect(proposals.map((p) => p.state)).toEqual(['confirmed', 'confirmed']);
  });

  it('lists two incidents: one with the 法第68条 reporting duty, its 速報 and 確報 made; one without', async () => {
    const list = (await request(t.http).get('/api/incidents').set(aoba).expect(200)).body as {
      title: string;
      duty: { required: boolean; preliminaryReportedOn: string | null; finalReportedOn: string | null };
      overdue: boolean;
    }[];
    expect(list).toHaveLength(2);
    const duty = list.filter((i) => i.duty.required);
    expect(duty).toHaveLength(1);
    expect(duty[0]).toMatchObject({
      title: '特定健康診査結果通知の誤送付',
      overdue: false,
      duty: { preliminaryReportedOn: '2025-08-20', finalReportedOn: '2025-09-12' },
    });
    const onlyDuty = (
      await request(t.http).get('/api/incidents').query({ duty: 'true' }).set(aoba).expect(200)
    ).body as { title: string }[];
    expect(onlyDuty.map((i) => i.title)).toEqual(['特定健康診査結果通知の誤送付']);
  });

  it('has a 第三者点検 of a 全項目評価 with findings, one answered', async () => {
    const list = (await request(t.http).get('/api/impact-assessments').set(aoba).expect(200)).body as {
      id: string;
    }[];
    expect(list).toHaveLength(1);
    const review = (await request(t.http).get(`/api/impact-assessments/${list[0].id}`).set(aoba).expect(200))
      .body as { threshold: { label: string }; findings: { state: string }[] };
    expect(review.threshold.label).toContain('全項目評価');
    expect(review.findings.map((f) => f.state).sort()).toEqual(['answered', 'open']);
  });

  it('has its 第2回 with 報告事項 ア, イ, ウ: the generated standing reports of 令和7年度, numbered and paged in the packet', async () => {
    const meetings = (await request(t.http).get('/api/meetings').set(aoba).expect(200)).body as {
      id: string;
      number: number;
    }[];
    expect(meetings.map((m) => m.number).sort()).toEqual([1, 2]);
    const second = meetings.find((m) => m.number === 2)!;
    const detail = (await request(t.http).get(`/api/meetings/${second.id}`).set(aoba).expect(200)).body as {
      reports: { id: string; label: string; title: string; kind: string; materialLabel: string | null }[];
    };
    const kinds = (await request(t.http).get('/api/standing-reports').set(aoba).expect(200)).body as {
      kind: string;
      title: string;
    }[];
    expect(detail.reports.map((r) => [r.label, r.kind, r.title])).toEqual(
      ['registerStatus', 'operations', 'incidents'].map((k, i) => [
        ['ア', 'イ', 'ウ'][i],
        'secretariatReport',
        `${kinds.find((x) => x.kind === k)?.title}（令和7年度）`,
      ]),
    );
    // The meeting page, as the secretariat opens it.
    const screen = (await request(t.http).get(`/meetings/${second.id}`).set(aoba).expect(200)).text;
    for (const r of detail.reports) expect(screen).toContain(r.title);
    for (const r of detail.reports) {
      const files = (
        await request(t.http).get(`/api/meetings/${second.id}/agenda/${r.id}/files`).set(aoba).expect(200)
      ).body as { mediaType: string }[];
      expect(files).toEqual([expect.objectContaining({ mediaType: 'application/pdf' })]);
    }
    const packet = (await downloadBinary(t.http, `/api/meetings/${second.id}/packet.pdf`, aoba).expect(200))
      .body as Buffer;
    const pages = (await extractPageTexts(new Uint8Array(packet))).map(squash);
    const first = (title: string) => pages.findIndex((p) => p.includes(squash(title)));
    const order = [
      '個人情報ファイル簿等の登録状況について',
      '個人情報の運用状況について',
      '個人情報事故等の状況について',
    ].map((title) => pages.findIndex((p, i) => i > 1 && p.startsWith(squash(title))));
    expect(order.every((n) => n > 1)).toBe(true); // after the 次第 and the 資料一覧
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Each report's pages carry its 資料N stamp and the packet's running page number.
    order.forEach((page, i) => {
      expect(pages[page]).toContain(`資料${i + 1}`);
      expect(pages[page]).toContain(`-${page + 1}-`);
    });
    expect(pages[0]).toContain(squash('ア個人情報ファイル簿等の登録状況について（令和7年度）【資料1】'));
    expect(first('答申第1号')).toBeGreaterThan(order[1] - 1);
  });

  it("the generated reports' figures equal the counts of the sample data", async () => {
    const register = await report('registerStatus');
    const changes = table(register, '期間中の登録・変更');
    expect(changes.rows).toHaveLength(
      await count(
        `SELECT count(*) AS n FROM register_entry_version WHERE council_id = $1 AND ${inFy('changed_at')}`,
        [COUNCIL],
      ),
    );
    const caseTitles: { title: string }[] = await t.ds.query(
      `SELECT DISTINCT c.title FROM register_entry_version v JOIN case_file c ON c.id = v.case_id
        WHERE v.council_id = $1`,
      [COUNCIL],
    );
    expect(caseTitles).toHaveLength(2);
    for (const { title } of caseTitles)
      expect(changes.rows.filter((r) => String(r[4]).includes(title)).length).toBeGreaterThan(0);

    const incidents = await report('incidents');
    const discovered = await count(
      `SELECT count(*) AS n FROM incident WHERE council_id = $1 AND discovered_on BETWEEN '2025-04-01' AND '2026-03-31'`,
      [COUNCIL],
    );
    expect(discovered).toBe(2);
    expect(table(incidents, '事故等の一覧').rows).toHaveLength(discovered);
    expect(cell(table(incidents, '事故等の件数').rows, '事故等の件数')).toBe(discovered);

    const ops = await report('operations');
    const submitted = await count(
      `SELECT count(DISTINCT t.case_id) AS n FROM case_transition t JOIN case_file c ON c.id = t.case_id
        WHERE c.council_id = $1 AND t.action = 'submit' AND ${inFy('t.occurred_at')}`,
      [COUNCIL],
    );
    expect(submitted).toBe(3); // two 法第129条 consultations and the review
    expect(table(ops, '審議会への諮問・報告の件数').total?.[1]).toBe(submitted);
    const issued = await count(
      `SELECT count(*) AS n FROM reply WHERE council_id = $1 AND state = 'issued' AND reply_date BETWEEN '2025-04-01' AND '2026-03-31'`,
      [COUNCIL],
    );
    expect(table(ops, '答申').rows).toHaveLength(issued);
    const conditions = table(ops, '付帯意見・条件への対応').rows;
    expect(cell(conditions, '期間中に付されたもの')).toBe(
      await count(`SELECT count(*) AS n FROM case_condition WHERE council_id = $1`, [COUNCIL]),
    );
    expect(cell(conditions, '期間中に対応が完了したもの')).toBe(
      await count(`SELECT count(*) AS n FROM case_condition WHERE council_id = $1 AND state = 'closed'`, [
        COUNCIL,
      ]),
    );
    const opsIncidents = table(ops, '個人情報事故等').rows;
    expect(cell(opsIncidents, '事故等の件数')).toBe(discovered);
    expect(cell(opsIncidents, 'うち個人情報保護委員会への報告義務があるもの')).toBe(1);
    expect(cell(opsIncidents, 'うち個人情報保護委員会に報告したもの')).toBe(
      await count(
        `SELECT count(*) AS n FROM incident WHERE council_id = $1 AND preliminary_reported_on IS NOT NULL`,
        [COUNCIL],
      ),
    );
    const reviews = table(ops, '特定個人情報保護評価の第三者点検', '期間中に提出された点検の依頼');
    expect(reviews.total?.[1]).toBe(
      await count(`SELECT count(*) AS n FROM impact_assessment WHERE council_id = $1`, [COUNCIL]),
    );
  });

  it('its portal is its own: /public lists both councils, its answers are under /public/aoba', async () => {
    const list = await request(t.http).get('/public').expect(200);
    expect(list.text).toContain('/public/aoba');
    expect(list.text).toContain('/public/shinjuku');
    const replies = (await request(t.http).get('/public/aoba/api/replies').expect(200)).body as {
      title: string;
    }[];
    expect(replies.map((r) => r.title)).toContain(
      '住民票の写し等のコンビニ交付サービスの導入に伴う電子計算機の外部結合について（答申）',
    );
    const first = (await request(t.http).get('/public/shinjuku/api/replies').expect(200)).body as {
      title: string;
    }[];
    expect(first.map((r) => r.title).join()).not.toContain('コンビニ交付');
  });

  it("as the first council's secretariat, none of it is visible", async () => {
    const entries = (await request(t.http).get('/api/file-register/entries').set(shinjuku).expect(200))
      .body as {
      name: string;
    }[];
    expect(entries.map((e) => e.name)).not.toContain('証明書コンビニ交付ファイル');
    const incidents = (await request(t.http).get('/api/incidents').set(shinjuku).expect(200)).body as {
      title: string;
    }[];
    expect(incidents.map((i) => i.title)).not.toContain('特定健康診査結果通知の誤送付');
    const meetings = (await request(t.http).get('/api/meetings').set(shinjuku).expect(200)).body as {
      number: number;
    }[];
    expect(meetings.map((m) => m.number).sort()).toEqual([70, 71]);
    const reviews = (await request(t.http).get('/api/impact-assessments').set(shinjuku).expect(200)).body as {
      title: string;
    }[];
    expect(reviews.map((r) => r.title).join()).not.toContain('予防接種');
    const [aobaCase]: { id: string }[] = await t.ds.query(
      `SELECT id FROM case_file WHERE council_id = $1 LIMIT 1`,
      [COUNCIL],
    );
    await request(t.http).get(`/api/cases/${aobaCase.id}`).set(shinjuku).expect(404);
    // Its 令和7年度 reports count the first council's records only.
    const incidentsFy = await report('incidents', shinjuku);
    expect(JSON.stringify(incidentsFy)).not.toContain('誤送付');
  });

  // Last: it empties the index and starts a second instance, which ends the sessions above.
  it('a starting instance rebuilds an empty public search index for every council', async () => {
    const perCouncil = `SELECT council_id, count(*)::int AS n FROM public_search_line GROUP BY 1 ORDER BY 1`;
    const before: { council_id: number; n: number }[] = await t.ds.query(perCouncil);
    expect(before.map((r) => r.council_id)).toEqual([1, COUNCIL]);
    await t.ds.query(`DELETE FROM public_search_line`);
    const second = await startTestApp({ databaseUrl: t.databaseUrl });
    try {
      expect(await t.ds.query(perCouncil)).toEqual(before);
    } finally {
      await second.close();
    }
  });
});

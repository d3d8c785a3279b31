import { CouncilSetupService } from '../../../src/council/setup/council-setup.service';
import { queryGrams } from '../../../src/cases/search-text';
import { runInCouncil, setCouncilOutsideScopes } from '../../../src/database/council-context';
import { councilSetupInput } from '../../support/councils';
import { makeDepartment, makeUser } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { makeCase } from '../../support/workflow-factories';

let t: TestApp;
const councils: { id: number; caseIds: string[] }[] = [];

/** A council (through the setup service) with cases of these titles. */
async function councilWith(key: string, titles: string[]): Promise<{ id: number; caseIds: string[] }> {
  const { councilId: id } = await t.app
    .get(CouncilSetupService)
    .create(councilSetupInput(key, `${key}市`), { via: 'cli', additional: councils.length > 0 });
  const caseIds = await runInCouncil(id, async () => {
    const department = await makeDepartment(t.appDs, { code: 'kikaku', name: '企画課' });
    const clerk = await makeUser(t.appDs, { role: 'clerk', departmentId: department.id });
    const out: string[] = [];
    for (const title of titles)
      out.push((await makeCase(t.appDs, { departmentId: department.id, createdById: clerk.id, title })).id);
    return out;
  });
  return { id, caseIds };
}

/** case_search_matches as the application role on a connection carrying `council` ('' = none). */
async function matches(council: string, term: string): Promise<string[]> {
  const runner = t.appDs.createQueryRunner();
  try {
    await runner.query(`SELECT set_config('app.council_id', $1, false)`, [council]);
    const rows = (await runner.query(
      'SELECT case_id FROM case_search_matches($1::text[], $2::text[]) ORDER BY case_id',
      [queryGrams(term), [term]],
    )) as { case_id: string }[];
    return rows.map((r) => r.case_id);
  } finally {
    await runner.query(`SELECT set_config('app.council_id', '', false)`);
    await runner.release();
  }
}

beforeAll(async () => {
  t = await startTestApp();
  setCouncilOutsideScopes(null);
  // The second case of each council has every bigram of 区民活動 but not the word.
  councils.push(await councilWith('甲', ['甲市区民活動センター利用登録', '甲市区民のための市民活動支援']));
  councils.push(await councilWith('乙', ['乙町区民活動センター利用登録', '乙町区民のための市民活動支援']));
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the case search function with several councils (migration 1763754300000)', () => {
  it("finds the matches of the connection's council only, and nothing without a council", async () => {
    for (const c of councils) expect(await matches(String(c.id), '区民活動')).toEqual([c.caseIds[0]]);
    expect(await matches('', '区民活動')).toEqual([]);
  });

  it("looks the n-grams up in the council's part of the index", async () => {
    // The owner's connection: the function's own query (it runs as the owner), planned with the index.
    const plan = await t.ds.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      return (
        (await m.query(
          `EXPLAIN SELECT s.case_id FROM case_search s
          WHERE case_search_council_grams(s.council_id, s.search_grams) @> case_search_council_grams($1::smallint, $2::text[])`,
          [councils[0].id, queryGrams('区民活動')],
        )) as { 'QUERY PLAN': string }[]
      )
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    });
    expect(plan).toContain('ix_case_search_grams');
  });
});

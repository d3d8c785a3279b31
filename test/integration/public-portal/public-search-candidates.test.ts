import request from 'supertest';
import { runInCouncil } from '../../../src/database/council-context';
import { bigrams, normalize } from '../../../src/public-portal/search/search-text';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The public search finds its candidate lines through `public_search_candidates` (SECURITY
 * DEFINER, so the bigram index works under row-level security). The function bypasses the policy:
 * it must still answer only the connection's council, whatever its caller passes.
 */
let t: TestApp;
const A = 1;
const B = 2;
const ONLY_B = '潮風防災無線';
const ONLY_A = '給水設備台帳';

async function line(councilId: number, text: string, role: string, lineNo: number): Promise<void> {
  const norm = normalize(text);
  await t.ds.query(
    `INSERT INTO public_search_line (council_id, doc_kind, meeting_id, meeting_number, line_no, held_on, published_at,
                                     speaker_role, doc_title, text, norm, bigrams)
     VALUES ($1, 'minutes', gen_random_uuid(), 1, $2, '2024-05-20', now(), $3, '第1回 会議録', $4, $5, $6)`,
    [councilId, lineNo, role, text, norm, bigrams(norm)],
  );
}

/** The candidates as the application role sees them, with `app.council_id` set to `councilId`. */
function candidates(councilId: number | null, word: string, role?: string): Promise<{ line_id: string }[]> {
  return runInCouncil(councilId, () =>
    role
      ? t.appDs.query(`SELECT line_id FROM public_search_candidates($1::text[], $2)`, [bigrams(word), role])
      : t.appDs.query(`SELECT line_id FROM public_search_candidates($1::text[])`, [bigrams(word)]),
  );
}

beforeAll(async () => {
  t = await startTestApp();
  await t.ds.query(
    `INSERT INTO municipality (id, name, council_name, implementing_body, slug)
     VALUES (${A}, '新宿区', '新宿区情報公開・個人情報保護審議会', '新宿区長', 'council-a'),
            (${B}, '潮見町', '潮見町個人情報保護審議会', '潮見町長', 'council-b')`,
  );
  await line(A, `${ONLY_A}の写しを確認しました。`, '委員', 1);
  await line(A, `${ONLY_A}は事務局で保管します。`, '事務局', 2);
  await line(B, `${ONLY_B}の戸別受信機について説明します。`, '委員', 1);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('public_search_candidates', () => {
  it("answers the connection's council only: council B's word finds nothing in council A", async () => {
    expect(await candidates(A, ONLY_B)).toEqual([]);
    expect(await candidates(A, ONLY_B, '委員')).toEqual([]);
    expect(await candidates(B, ONLY_B)).toHaveLength(1);
    expect(await candidates(B, ONLY_A)).toEqual([]);
    expect(await candidates(A, ONLY_A)).toHaveLength(2);
    expect(await candidates(A, ONLY_A, '事務局')).toHaveLength(1);
    // No council set: nothing at all.
    expect(await candidates(null, ONLY_A)).toEqual([]);
  });

  it('takes no council from its caller: no argument names one, and passing one is refused', async () => {
    const signatures: { s: string }[] = await t.ds.query(
      `SELECT p.oid::regprocedure::text AS s FROM pg_proc p WHERE p.proname = 'public_search_candidates' ORDER BY 1`,
    );
    expect(signatures.map((r) => r.s)).toEqual([
      'public_search_candidates(text[])',
      'public_search_candidates(text[],text)',
    ]);
    await expect(
      runInCouncil(A, () =>
        t.appDs.query(`SELECT line_id FROM public_search_candidates($1::text[], '委員', ${B})`, [
          bigrams(ONLY_B),
        ]),
      ),
    ).rejects.toMatchObject({ code: '42883' });
    // Not callable by every role: only the application role was granted it.
    const [{ open }]: { open: boolean }[] = await t.ds.query(
      `SELECT has_function_privilege('public', 'public_search_candidates(text[], text)', 'EXECUTE') AS open`,
    );
    expect(open).toBe(false);
  });

  it('the open search of one council never shows the other council’s lines', async () => {
    const search = async (slug: string, q: string) =>
      (await request(t.http).get(`/public/${slug}/api/search`).query({ q, role: '委員' }).expect(200))
        .body as {
        total: number;
      };
    expect((await search('council-a', ONLY_B)).total).toBe(0);
    expect((await search('council-b', ONLY_B)).total).toBe(1);
    expect((await search('council-b', ONLY_A)).total).toBe(0);
    expect((await search('council-a', ONLY_A)).total).toBe(1);
  });

  it('public_search_matches: the same lines with what the check needs, in the connection’s council only', async () => {
    const matches = (councilId: number | null, word: string, role?: string) =>
      runInCouncil(councilId, () =>
        role
          ? t.appDs.query(`SELECT id, speaker_role, norm FROM public_search_matches($1::text[], $2)`, [
              bigrams(word),
              role,
            ])
          : t.appDs.query(`SELECT id, speaker_role, norm FROM public_search_matches($1::text[])`, [
              bigrams(word),
            ]),
      ) as Promise<{ id: string; speaker_role: string; norm: string }[]>;
    expect(await matches(A, ONLY_B)).toEqual([]);
    expect(await matches(A, ONLY_B, '委員')).toEqual([]);
    expect(await matches(null, ONLY_A)).toEqual([]);
    expect(await matches(B, ONLY_A)).toEqual([]);
    const all = await matches(A, ONLY_A);
    expect(all).toHaveLength(2);
    expect(all.every((r) => r.norm.includes(normalize(ONLY_A)))).toBe(true);
    const secretariat = await matches(A, ONLY_A, '事務局');
    expect(secretariat.map((r) => r.speaker_role)).toEqual(['事務局']);
    // The same ids as the candidates.
    expect(secretariat.map((r) => String(r.id))).toEqual(
      (await candidates(A, ONLY_A, '事務局')).map((r) => String(r.line_id)),
    );
    expect(await matches(B, ONLY_B, '事務局')).toEqual([]);
    const signatures: { s: string }[] = await t.ds.query(
      `SELECT p.oid::regprocedure::text AS s FROM pg_proc p WHERE p.proname = 'public_search_matches'`,
    );
    expect(signatures.map((r) => r.s)).toEqual(['public_search_matches(text[],text)']);
    const [{ open }]: { open: boolean }[] = await t.ds.query(
      `SELECT has_function_privilege('public', 'public_search_matches(text[], text)', 'EXECUTE') AS open`,
    );
    expect(open).toBe(false);
  });

  it('the index keys carry the council and the role: a bigram alone, or another council’s, is no key', async () => {
    const [{ tokens }]: { tokens: string[] }[] = await t.ds.query(
      `SELECT public_search_tokens(1::smallint, '委員', ARRAY['水道']) AS tokens`,
    );
    expect(tokens).toEqual(['1:水道', '1:委員:水道']);
    const [{ none }]: { none: string[] }[] = await t.ds.query(
      `SELECT public_search_tokens(2::smallint, NULL, ARRAY['水道', '道料']) AS none`,
    );
    expect(none).toEqual(['2:水道', '2:道料']);
  });

  it('an anonymous search of the open API is one statement (the council from the URL, before the guard)', async () => {
    const search = () =>
      request(t.http).get('/public/council-a/api/search').query({ q: ONLY_A, role: '委員' });
    expect((await search().expect(200)).body.total).toBe(1); // fills the per-instance caches
    const query = t.appDs.query.bind(t.appDs);
    const statements: string[] = [];
    t.appDs.query = ((sql: string, ...rest: unknown[]) => {
      statements.push(sql);
      return (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
    }) as typeof t.appDs.query;
    try {
      expect((await search().expect(200)).body.total).toBe(1);
      expect(statements).toHaveLength(1);
      expect(statements[0]).toContain('public_search_matches');
    } finally {
      t.appDs.query = query;
    }
  });
});

import request from 'supertest';
import { Meeting } from '../../../src/meetings/meeting.entity';
import { FIRST_COUNCIL_STEPS } from '../../../src/seeds/sample-data';
import { SAMPLE_MEETING_INTERNAL_ONLY } from '../../support/minutes-fixtures';
import { startSampleApp } from '../../support/sample-app';
import { login } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { parseStrictXml } from '../../support/xml';

/**
 * The public portal as citizens and other tools use it (issue 19): the sample council's 70th
 * minutes published again through the real publish step (item エ now in closed session), then
 * searched line by line, through the pages and the open API.
 */
type Auth = { Authorization: string };
type Hit = {
  kind: string;
  text: string;
  url: string;
  speakerRole: string | null;
  itemLabel: string | null;
  marked: string;
};
let t: TestApp;
let secretariat: Auth;
let meetingId: string;
const SLUG = 'shinjuku';
const api = (path: string) => `/public/${SLUG}/api${path}`;

/** Strings only the internal record holds: explainers' names, item エ (closed), confidentiality markers. */
const INTERNAL_ONLY = [...SAMPLE_MEETING_INTERNAL_ONLY, '機密性'];

async function search(
  query: Record<string, string | number>,
): Promise<{ total: number; hits: Hit[]; words: string[] }> {
  const res = await request(t.http).get(api('/search')).query(query).expect(200);
  return res.body;
}

beforeAll(async () => {
  // The first sample council alone: this file is about a deployment with one council (`/public` leads to it).
  ({ t, secretariat } = await startSampleApp({}, FIRST_COUNCIL_STEPS));
  meetingId = (await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 })).id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('publication writes the search index', () => {
  it('the sample minutes are searchable; taken back, they are gone; published again, found at once', async () => {
    expect((await search({ q: '給水設備台帳' })).total).toBeGreaterThan(0);
    const minutesApi = (path: string) => `/api/minutes/${meetingId}${path}`;
    await request(t.http)
      .post(minutesApi('/actions/backToDrafting'))
      .set(secretariat)
      .send({ comment: '非公開の審議を反映するため' })
      .expect(200);
    expect((await search({ q: '給水設備台帳', doc: 'minutes' })).total).toBe(0);

    // Item エ was held in closed session: regenerate, confirm, mask and publish for real.
    await t.ds.query(
      `UPDATE agenda_item SET closed_session = true WHERE meeting_id = $1 AND title LIKE '総合行政ネットワーク%'`,
      [meetingId],
    );
    await request(t.http).post(minutesApi('/generate')).set(secretariat).send({}).expect(200);
    const internal = JSON.stringify(
      (await t.ds.query(`SELECT lines FROM minutes WHERE meeting_id = $1`, [meetingId]))[0].lines,
    );
    for (const s of INTERNAL_ONLY.slice(0, -1)) expect(internal).toContain(s);
    // (the confirmation round is the minutes tests' subject)
    await t.ds.query(`UPDATE minutes SET state = 'confirmed', confirmed_at = now() WHERE meeting_id = $1`, [
      meetingId,
    ]);
    const masks = (await request(t.http).post(minutesApi('/redaction')).set(secretariat).expect(200)).body;
    for (const x of masks.filter((m: { status: string }) => m.status === 'proposed'))
      await request(t.http)
        .post(`/api/minutes/masks/${x.id}/decision`)
        .set(secretariat)
        .send({ accept: true })
        .expect(200);
    await request(t.http).post(minutesApi('/actions/publish')).set(secretariat).send({}).expect(200);

    const found = await search({ q: '給水設備台帳', doc: 'minutes' });
    expect(found.total).toBeGreaterThan(0);
    expect(found.hits[0].url).toMatch(new RegExp(`^/public/${SLUG}/minutes/${meetingId}#line-\\d+$`));
  });
});

describe('speech-level search', () => {
  it('AND needs every word, OR either, NOT and -word exclude', async () => {
    const both = await search({ q: '県 水道', related: 'false', perPage: 100 });
    expect(both.total).toBeGreaterThan(0);
    for (const h of both.hits) expect(h.text).toMatch(/県.*水道|水道.*県/s);
    const a = await search({ q: '給水設備台帳', related: 'false', perPage: 100 });
    const b = await search({ q: '県営水道', related: 'false', perPage: 100 });
    const either = await search({ q: '給水設備台帳 OR 県営水道', related: 'false', perPage: 100 });
    expect(a.total * b.total).toBeGreaterThan(0);
    const overlap = a.hits.filter((h) => h.text.includes('県営水道')).length;
    expect(either.total).toBe(a.total + b.total - overlap);
    const water = await search({ q: '水道', related: 'false', perPage: 100 });
    for (const q of ['水道 -県', '水道 NOT 県']) {
      const without = await search({ q, related: 'false', perPage: 100 });
      expect(without.total).toBe(water.hits.filter((h) => !h.text.includes('県')).length);
      expect(without.hits.some((h) => h.text.includes('県'))).toBe(false);
    }
  });

  it('filters by speaker role and says which meeting, item and role each hit is', async () => {
    const members = await search({ q: '水道', role: '委員', doc: 'minutes', perPage: 100 });
    expect(members.total).toBeGreaterThan(0);
    expect(new Set(members.hits.map((h) => h.speakerRole))).toEqual(new Set(['委員']));
    const question = members.hits.find((h) => h.text === '県営水道の区域でも手続きは同じなのか。');
    expect(question).toMatchObject({ itemLabel: '諮問事項ア', kind: 'minutes' });
    expect(question?.marked).toContain('<mark><span class="visually-hidden">強調:</span>水道</mark>');
    const chair = await search({ q: '水道', role: '会長', doc: 'minutes', perPage: 100 });
    expect(chair.hits.every((h) => h.speakerRole === '会長')).toBe(true);
  });

  it('widens with the related words the secretariat keeps, unless asked for the words alone', async () => {
    const before = (await request(t.http).get('/api/public-portal/synonyms').set(secretariat).expect(200))
      .body;
    expect(before.groups).toContainEqual({ words: ['外部結合', 'オンライン結合'] });
    await request(t.http)
      .put('/api/public-portal/synonyms')
      .set(secretariat)
      .send({ groups: [...before.groups, { words: ['給水設備台帳', '水まわり帳簿'] }] })
      .expect(200);
    const related = await search({ q: '水まわり帳簿' });
    expect(related.total).toBeGreaterThan(0);
    expect(related.hits.every((h) => h.text.includes('給水設備台帳'))).toBe(true);
    expect((await search({ q: '水まわり帳簿', related: 'false' })).total).toBe(0);
    expect((await search({ q: '"水まわり帳簿"' })).total).toBe(0);
    const bad = await request(t.http)
      .put('/api/public-portal/synonyms')
      .set(secretariat)
      .send({ groups: [{ words: ['一語だけ'] }] })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('takes the period in 和暦 or 西暦, and refuses one it cannot read', async () => {
    const q = { q: '給水設備台帳', doc: 'minutes' };
    expect((await search({ ...q, from: '平成29年7月', to: '平成29年7月' })).total).toBeGreaterThan(0);
    expect((await search({ ...q, from: '2017-07', to: '2017-07' })).total).toBeGreaterThan(0);
    expect((await search({ ...q, from: '平成29年8月' })).total).toBe(0);
    expect((await search({ ...q, to: '2017-06' })).total).toBe(0);
    const bad = await request(t.http).get(api('/search')).query({ q: '水道', from: '先月' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({
      code: 'PUBLIC_SEARCH_BAD_PERIOD',
      detail: expect.stringContaining('令和5年4月'),
    });
  });

  it('a hit opens the minutes at its line, with a citation; the page highlights the words', async () => {
    const { hits } = await search({ q: '県営水道' });
    const hit = hits.find((h) => h.kind === 'minutes')!;
    const [path, anchor] = hit.url.split('#');
    const page = (await request(t.http).get(path).expect(200)).text;
    const line = page.slice(
      page.indexOf(`id="${anchor}"`),
      page.indexOf('</div>', page.indexOf(`id="${anchor}"`)),
    );
    expect(line).toContain(hit.text);
    expect(line).toMatch(
      /引用する[\s\S]*新宿区情報公開・個人情報保護審議会「第70回会議録 \d+行目」（平成29年7月21日）http:\/\/[^ ]+\/public\/shinjuku\/minutes\/[0-9a-f-]+#line-\d+/,
    );
    const results = (
      await request(t.http).get(`/public/${SLUG}/search`).query({ q: '県営水道', role: '委員' }).expect(200)
    ).text;
    expect(results).toContain('<mark><span class="visually-hidden">強調:</span>県営水道</mark>');
    expect(results).toContain(`href="${hit.url}"`);
    expect(results).toContain('平成29年7月21日');
  });
});

describe('the secretariat finds the related words in the menu', () => {
  it('links 公開ポータルの関連語 from every screen, marked current on its own', async () => {
    const token = await login(t.http, 'secretariat', 'Jimukyoku-2026-init');
    const cookie = `shingikai_session=${token}`;
    const res = await request(t.http).get('/meetings').set('Cookie', cookie);
    expect([res.status, res.headers.location]).toEqual([200, undefined]);
    const home = res.text;
    expect(home).toContain('href="/settings/public-synonyms"');
    const page = (await request(t.http).get('/settings/public-synonyms').set('Cookie', cookie).expect(200))
      .text;
    expect(page).toContain('aria-current="page">公開ポータルの関連語');
  });
});

describe('the open read API', () => {
  it('documents itself apart from the staff API and answers every documented path with nothing internal', async () => {
    const doc = (await request(t.http).get('/public/api/openapi.json').expect(200)).body;
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/public/{slug}/api/search', '/public/{slug}/api/meetings']),
    );
    const staff = (await request(t.http).get('/api/docs-json').expect(200)).body;
    expect(Object.keys(staff.paths).filter((p) => p.startsWith('/public/'))).toEqual([]);

    const replies = (await request(t.http).get(api('/replies')).expect(200)).body as {
      id: string;
      title: string;
    }[];
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.some((r) => r.title.startsWith('総合行政ネットワーク'))).toBe(false);
    const answers: string[] = [];
    for (const p of paths.filter((x) => x.includes('{slug}'))) {
      const url = p.replace('{slug}', SLUG).replace('{meetingId}', meetingId).replace('{id}', replies[0].id);
      const res = await request(t.http)
        .get(url)
        .query(p.endsWith('/search') ? { q: '水道', perPage: 100 } : {});
      expect([url, res.status]).toEqual([url, 200]);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['cache-control']).toMatch(/public, max-age=\d+/);
      answers.push(res.text);
    }
    for (const r of replies)
      answers.push(
        (
          await request(t.http)
            .get(api(`/replies/${r.id}`))
            .expect(200)
        ).text,
      );
    // The pages and the feed too.
    for (const page of [
      `/public/${SLUG}`,
      `/public/${SLUG}/minutes/${meetingId}`,
      `/public/${SLUG}/search?q=%E6%B0%B4%E9%81%93`,
      `/public/${SLUG}/feed.atom`,
    ])
      answers.push((await request(t.http).get(page).expect(200)).text);
    // Searching for them finds nothing either (the answer only echoes the words asked for).
    for (const s of INTERNAL_ONLY) expect((await search({ q: `"${s}"` })).total).toBe(0);
    for (const a of answers) for (const s of INTERNAL_ONLY) expect(a).not.toContain(s);
    expect(answers.join('\n')).toContain('非公開の審議のため');
  });

  it('lists the 答申 a page at a time, newest first, within a 年度 given in 和暦 or 西暦', async () => {
    type Reply = { id: string; replyDate: string };
    const all = await request(t.http).get(api('/replies')).query({ perPage: 100 }).expect(200);
    const replies = all.body as Reply[];
    expect(replies.length).toBeGreaterThan(1);
    expect(Number(all.headers['x-total-count'])).toBe(replies.length);
    expect(all.headers.link).toBeUndefined();
    expect(all.headers['access-control-expose-headers']).toMatch(/X-Total-Count, Link/);
    const dates = replies.map((r) => r.replyDate);
    expect([...dates].sort().reverse()).toEqual(dates);

    const first = await request(t.http).get(api('/replies')).query({ perPage: 1 }).expect(200);
    expect(first.body.map((r: Reply) => r.id)).toEqual([replies[0].id]);
    expect(first.headers['x-total-count']).toBe(String(replies.length));
    expect(first.headers.link).toBe(`</public/${SLUG}/api/replies?page=2&perPage=1>; rel="next"`);
    const second = await request(t.http).get(api('/replies')).query({ page: 2, perPage: 1 }).expect(200);
    expect(second.body.map((r: Reply) => r.id)).toEqual([replies[1].id]);
    expect(second.headers.link).toContain(`</public/${SLUG}/api/replies?page=1&perPage=1>; rel="prev"`);
    const beyond = await request(t.http).get(api('/replies')).query({ page: 1000 }).expect(200);
    expect([beyond.body, beyond.headers['x-total-count']]).toEqual([[], String(replies.length)]);
    // Without paging asked for: the first 20.
    const plain = await request(t.http).get(api('/replies')).expect(200);
    expect(plain.body.map((r: Reply) => r.id)).toEqual(replies.slice(0, 20).map((r) => r.id));

    const fiscal = (date: string) => Number(date.slice(0, 4)) - (Number(date.slice(5, 7)) < 4 ? 1 : 0);
    const wareki = (y: number) =>
      y >= 2019 ? `令和${y === 2019 ? '元' : y - 2018}年度` : `平成${y - 1988}年度`;
    for (const year of new Set([fiscal(dates[0]), fiscal(dates[dates.length - 1])])) {
      const expected = replies.filter((r) => fiscal(r.replyDate) === year).map((r) => r.id);
      expect(expected.length).toBeGreaterThan(0);
      for (const fiscalYear of [String(year), `${year}年度`, wareki(year)]) {
        const res = await request(t.http)
          .get(api('/replies'))
          .query({ fiscalYear, perPage: 100 })
          .expect(200);
        expect([fiscalYear, res.body.map((r: Reply) => r.id)]).toEqual([fiscalYear, expected]);
        expect(res.headers['x-total-count']).toBe(String(expected.length));
      }
    }
    const none = await request(t.http).get(api('/replies')).query({ fiscalYear: '昭和50年度' }).expect(200);
    expect([none.body, none.headers['x-total-count']]).toEqual([[], '0']);

    const bad = await request(t.http).get(api('/replies')).query({ fiscalYear: '来年度' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({
      code: 'PUBLIC_BAD_FISCAL_YEAR',
      detail: expect.stringContaining('令和5年度'),
    });
    for (const query of [{ perPage: 101 }, { page: 0 }, { page: 'x' }])
      expect((await request(t.http).get(api('/replies')).query(query).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
    const doc = (await request(t.http).get('/public/api/openapi.json').expect(200)).body;
    const op = doc.paths['/public/{slug}/api/replies'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['slug', 'fiscalYear', 'page', 'perPage']),
    );
    expect(Object.keys(op.responses['200'].headers)).toEqual(['X-Total-Count', 'Link']);
    expect(op.responses['400'].content).toHaveProperty(['application/problem+json']);
  });

  it('is open to other sites for reading only', async () => {
    const pre = await request(t.http)
      .options(api('/search'))
      .set('Origin', 'https://example.org')
      .set('Access-Control-Request-Method', 'GET')
      .expect(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(pre.headers['access-control-allow-methods']).toBe('GET, HEAD');
    expect(pre.headers['access-control-allow-methods']).not.toMatch(/POST|PUT|DELETE/);
    const unknown = await request(t.http).get('/public/nowhere/api/meetings').expect(404);
    expect(unknown.body).toMatchObject({
      code: 'PUBLIC_COUNCIL_NOT_FOUND',
      detail: expect.stringContaining('審議会'),
    });
  });
});

describe('a second instance on the same database', () => {
  let strict: TestApp;
  let before: number;
  beforeAll(async () => {
    // As a database published to before the index existed: the instance builds it at start.
    before = (await t.ds.query(`SELECT count(*)::int AS n FROM public_search_line`))[0].n;
    await t.ds.query(`DELETE FROM public_search_line`);
    strict = await startTestApp({ databaseUrl: t.databaseUrl, env: { PUBLIC_RATE_LIMIT: '3' } });
  }, 60_000);
  afterAll(async () => {
    await strict?.close();
  });

  it('builds an empty index from what is published when it starts', async () => {
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM public_search_line`);
    expect(n).toBe(before);
    expect((await search({ q: '給水設備台帳', doc: 'minutes' })).total).toBeGreaterThan(0);
  });

  it('answers 429 in Japanese problem+json with Retry-After past the per-address limit', async () => {
    for (let i = 0; i < 3; i++) await request(strict.http).get(api('/meetings')).expect(200);
    const res = await request(strict.http).get(api('/meetings')).expect(429);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.detail).toMatch(/[ぁ-んァ-ン]/);
  });
});

describe('PUBLIC_BASE_URL', () => {
  let proxied: TestApp;
  const BASE = 'https://shingikai.example.lg.jp/portal';
  beforeAll(async () => {
    proxied = await startTestApp({ databaseUrl: t.databaseUrl, env: { PUBLIC_BASE_URL: `${BASE}/` } });
  }, 60_000);
  afterAll(async () => {
    await proxied?.close();
  });

  it('starts the feed links and the citations, never the Host header a client sends', async () => {
    const forged = 'attacker.example';
    const feed = (
      await request(proxied.http).get(`/public/${SLUG}/feed.atom`).set('Host', forged).expect(200)
    ).text;
    const hrefs = [...feed.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(2);
    for (const href of hrefs) expect(href.startsWith(`${BASE}/public/${SLUG}`)).toBe(true);
    expect(feed).toContain(`<id>${BASE}/public/${SLUG}/feed.atom</id>`);
    const page = (
      await request(proxied.http).get(`/public/${SLUG}/minutes/${meetingId}`).set('Host', forged).expect(200)
    ).text;
    expect(page).toContain(`（平成29年7月21日）${BASE}/public/${SLUG}/minutes/${meetingId}#line-`);
    const replyId = (await request(proxied.http).get(api('/replies')).expect(200)).body[0].id;
    const reply = (
      await request(proxied.http).get(`/public/${SLUG}/replies/${replyId}`).set('Host', forged).expect(200)
    ).text;
    expect(reply).toContain(`${BASE}/public/${SLUG}/replies/${replyId}`);
    for (const text of [feed, page, reply]) expect(text).not.toContain(forged);
  });
});

describe('答申 by number', () => {
  it('lists the issued 答申 by 答申第N号 per 年度 with date in 和暦 and outcome, paginated, linked from the portal', async () => {
    const portal = (await request(t.http).get(`/public/${SLUG}`).expect(200)).text;
    expect(portal).toContain(`href="/public/${SLUG}/replies"`);
    const replies = (await request(t.http).get(api('/replies')).expect(200)).body as {
      id: string;
      numberLabel: string;
      dateWareki: string;
      outcome: string;
    }[];
    const page = (await request(t.http).get(`/public/${SLUG}/replies`).expect(200)).text;
    expect(page).toMatch(/<h2>(令和|平成)\d+年度<\/h2>/);
    const listed = [
      ...page.matchAll(/<td>(答申第(\d+)号|答申)<\/td><td><a href="[^"]+\/replies\/([0-9a-f-]+)">/g),
    ];
    expect(listed.map((m) => m[3]).sort()).toEqual(replies.map((r) => r.id).sort());
    for (const r of replies) {
      const row = page.slice(
        page.indexOf(`/replies/${r.id}"`),
        page.indexOf('</tr>', page.indexOf(`/replies/${r.id}"`)),
      );
      expect(row).toContain(`<td>${r.dateWareki}</td><td>${r.outcome}</td>`);
    }
    // Newest 年度 first, the higher number first within it.
    const order: { id: string }[] = await t.ds.query(
      `SELECT id FROM reply WHERE id = ANY($1) ORDER BY fiscal_year DESC, number DESC`,
      [replies.map((r) => r.id)],
    );
    expect(listed.length).toBeGreaterThan(1);
    expect(listed.map((m) => m[3])).toEqual(order.map((r) => r.id));
    expect(page).toContain('1 / 1 ページ');
    expect(page).not.toContain('総合行政ネットワーク');
    const beyond = (await request(t.http).get(`/public/${SLUG}/replies?page=9`).expect(200)).text;
    expect(beyond).toContain('公開されている答申はありません。');
    await request(t.http).get('/public/nowhere/replies').expect(404);
  });
});

describe('a case on one page', () => {
  it('a 答申 page and its API answer carry the minutes lines where its item was deliberated', async () => {
    const replies = (await request(t.http).get(api('/replies')).expect(200)).body as { id: string }[];
    const details = await Promise.all(
      replies.map(
        async (r) =>
          (
            await request(t.http)
              .get(api(`/replies/${r.id}`))
              .expect(200)
          ).body,
      ),
    );
    const storyOfA = details.find((d) =>
      d.deliberation.some((l: { text: string }) => l.text === '県営水道の区域でも手続きは同じなのか。'),
    );
    expect(storyOfA).toBeDefined();
    // Only its own item: no other item's question is part of its story.
    expect(
      storyOfA.deliberation.some((l: { text: string }) => l.text.includes('インターネットで水道の受付')),
    ).toBe(false);
    const line = storyOfA.deliberation.find((l: { text: string }) => l.text.startsWith('県営水道'));
    expect(line.url).toMatch(new RegExp(`^/public/${SLUG}/minutes/${meetingId}#line-\\d+$`));
    const page = (await request(t.http).get(`/public/${SLUG}/replies/${storyOfA.id}`).expect(200)).text;
    expect(page).toContain('審議の記録（会議録から）');
    expect(page).toContain(`href="${line.url}"`);
  });
});

describe('feeds, councils and old addresses', () => {
  it('publishes a valid Atom feed of the council minutes and 答申', async () => {
    const res = await request(t.http).get(`/public/${SLUG}/feed.atom`).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/atom\+xml/);
    const feed = parseStrictXml(res.text, 'application/xml').documentElement!;
    expect(feed.namespaceURI).toBe('http://www.w3.org/2005/Atom');
    const child = (el: Element, name: string) =>
      Array.from(el.childNodes).filter((n) => n.nodeName === name) as Element[];
    for (const name of ['id', 'title', 'updated']) expect(child(feed, name)[0]?.textContent).toBeTruthy();
    const entries = child(feed, 'entry');
    expect(entries.length).toBeGreaterThan(1);
    for (const e of entries) {
      for (const name of ['id', 'title', 'updated']) expect(child(e, name)[0]?.textContent).toBeTruthy();
      expect(Number.isNaN(Date.parse(child(e, 'updated')[0].textContent!))).toBe(false);
      expect(child(e, 'link')[0]?.getAttribute('href')).toMatch(
        /^http:\/\/.+\/public\/shinjuku\/(minutes|replies)\//,
      );
    }
    expect(entries.map((e) => child(e, 'title')[0].textContent)).toContain('第70回 会議録');
    expect(res.text).not.toContain('総合行政ネットワーク');
  });

  it('sends /public to the only council and the old addresses there for good', async () => {
    expect((await request(t.http).get('/public').expect(302)).headers.location).toBe(`/public/${SLUG}`);
    const replyId = (await request(t.http).get(api('/replies')).expect(200)).body[0].id;
    for (const [old, now] of [
      [`/public/minutes/${meetingId}`, `/public/${SLUG}/minutes/${meetingId}`],
      [`/public/replies/${replyId}`, `/public/${SLUG}/replies/${replyId}`],
      [`/public/minutes/${meetingId}/minutes.pdf`, `/public/${SLUG}/minutes/${meetingId}/minutes.pdf`],
    ]) {
      const res = await request(t.http).get(old).expect(301);
      expect(res.headers.location).toBe(now);
    }
    const reply = (await request(t.http).get(`/public/${SLUG}/replies/${replyId}`).expect(200)).text;
    expect(reply).toMatch(/この答申を引用する[\s\S]*新宿区情報公開・個人情報保護審議会「答申第\d+号 /);
    await request(t.http).get('/public/nowhere').expect(404);
  });

  // Last in this file: it moves a published meeting and an issued 答申 into FY2019.
  it('heads the portal lists by 年度 as the rest of the product names them (FY2019 is 令和元年度)', async () => {
    await t.ds.query(
      `UPDATE meeting SET starts_at = '2019-04-10T14:00:00+09:00', ends_at = '2019-04-10T16:00:00+09:00' WHERE id = $1`,
      [meetingId],
    );
    const replyId = (await request(t.http).get(api('/replies')).expect(200)).body[0].id;
    await t.ds.query(`UPDATE reply SET fiscal_year = 2019 WHERE id = $1`, [replyId]);
    const home = (await request(t.http).get(`/public/${SLUG}`).expect(200)).text;
    expect(home).toContain('<h3>令和元年度</h3>');
    const replies = (await request(t.http).get(`/public/${SLUG}/replies`).expect(200)).text;
    expect(replies).toContain('<h2>令和元年度</h2>');
    expect(home + replies).not.toContain('平成31年度');
  });
});

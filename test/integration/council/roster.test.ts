import request from 'supertest';
import { login, makeUser, userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The roster (委員名簿) through /api/council/members and its screen: members in 名簿順, terms,
 * accounts created for or linked to members, and what a meeting offers from it.
 */
let t: TestApp;
let secretariat: { Authorization: string };
let admin: { Authorization: string };
let clerk: { Authorization: string };
let member: { Authorization: string };
let cookie: string;

interface Member {
  id: string;
  name: string;
  title: string;
  titleLabel: string;
  rosterOrder: number;
  username: string | null;
  hasHistory: boolean;
  version: number;
}

const api = () => request(t.http);
const listNames = async () =>
  ((await api().get('/api/council/members').set(secretariat).expect(200)).body as Member[]).map(
    (m) => m.name,
  );
async function add(body: Record<string, unknown>, who = secretariat): Promise<Member> {
  return (
    await api()
      .post('/api/council/members')
      .set(who)
      .send({ title: 'member', termStart: '2025-04-01', termEnd: '2027-03-31', ...body })
      .expect(201)
  ).body as Member;
}
const auditOf = (
  id: string,
): Promise<{ action: string; actor_name: string; detail: Record<string, unknown> }[]> =>
  t.ds.query(
    `SELECT action, actor_name, detail FROM audit_log WHERE target_type = 'council_member' AND target_id = $1 ORDER BY id`,
    [id],
  );

beforeAll(async () => {
  t = await startTestApp();
  const s = await userWithToken(t.http, t.ds, { role: 'secretariat', username: 'jimu' });
  secretariat = s.auth;
  cookie = `shingikai_session=${s.token}`;
  admin = (await userWithToken(t.http, t.ds, { role: 'admin', username: 'kanri' })).auth;
  clerk = (await userWithToken(t.http, t.ds, { role: 'clerk' })).auth;
  member = (await userWithToken(t.http, t.ds, { role: 'member' })).auth;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('keeping the roster', () => {
  it('adds members at the end of 名簿順 (not in character-code order), audited', async () => {
    const a = await add({ name: '渡辺 一郎', title: 'chair', affiliation: '学識経験者' });
    const b = await add({ name: '青木 花子', affiliation: '' }, admin);
    expect([a.rosterOrder, b.rosterOrder]).toEqual([1, 2]);
    expect(a.titleLabel).toBe('会長');
    expect(b).toMatchObject({ affiliation: null, username: null, hasHistory: false });
    expect(await listNames()).toEqual(['渡辺 一郎', '青木 花子']);
    expect(await auditOf(b.id)).toEqual([
      expect.objectContaining({
        action: 'create',
        actor_name: 'kanri',
        detail: expect.objectContaining({ name: '青木 花子' }),
      }),
    ]);
  });

  it('refuses bad input with field messages in Japanese, writing nothing', async () => {
    const before = await listNames();
    const bad = await api()
      .post('/api/council/members')
      .set(secretariat)
      .send({ name: ' ', title: 'president', termStart: '2025-4-1', termEnd: '2027-02-30' })
      .expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const fields = Object.fromEntries(
      (bad.body.errors as { field: string; messages: string[] }[]).map((e) => [e.field, e.messages]),
    );
    expect(fields.name).toContain('入力してください');
    expect(fields.title?.[0]).toContain('選択肢の中から選んでください');
    expect(fields.termStart).toEqual(['日付（YYYY-MM-DD）で入力してください']);
    expect(fields.termEnd).toEqual(['日付（YYYY-MM-DD）で入力してください']);

    const reversed = await api()
      .post('/api/council/members')
      .set(secretariat)
      .send({ name: '逆 任期', title: 'member', termStart: '2027-04-01', termEnd: '2025-03-31' })
      .expect(400);
    expect(reversed.body).toMatchObject({
      code: 'ROSTER_TERM_INVALID',
      detail: '任期の末日は初日以降の日付にしてください。',
    });
    expect(await listNames()).toEqual(before);
  });

  it('refuses a stale edit with 409 and keeps the other edit', async () => {
    const m = await add({ name: '石田 誠' });
    const first = await api()
      .patch(`/api/council/members/${m.id}`)
      .set(secretariat)
      .send({ version: m.version, affiliation: '区民', title: 'viceChair' })
      .expect(200);
    expect(first.body).toMatchObject({ affiliation: '区民', titleLabel: '職務代理者' });
    const stale = await api()
      .patch(`/api/council/members/${m.id}`)
      .set(secretariat)
      .send({ version: m.version, name: '石田 誠二' })
      .expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    const unknown = await api()
      .patch('/api/council/members/00000000-0000-4000-8000-000000000000')
      .set(secretariat)
      .send({ version: 1, name: '誰か' })
      .expect(404);
    expect(unknown.body).toMatchObject({
      code: 'ROSTER_MEMBER_NOT_FOUND',
      detail: '指定された委員は名簿にありません。',
    });
    expect(stale.body.detail).toContain('この委員は他の利用者');
    const termInvalid = await api()
      .patch(`/api/council/members/${m.id}`)
      .set(secretariat)
      .send({ version: first.body.version, termEnd: '2024-03-31' })
      .expect(400);
    expect(termInvalid.body.code).toBe('ROSTER_TERM_INVALID');
    expect(await listNames()).toContain('石田 誠');
  });

  it('reorders the roster; an order that does not name every member exactly once is refused', async () => {
    const ids = ((await api().get('/api/council/members').set(secretariat).expect(200)).body as Member[]).map(
      (m) => m.id,
    );
    const reversed = [...ids].reverse();
    const res = await api()
      .post('/api/council/members/order')
      .set(secretariat)
      .send({ memberIds: reversed })
      .expect(200);
    expect((res.body as Member[]).map((m) => m.id)).toEqual(reversed);
    expect((res.body as Member[]).map((m) => m.rosterOrder)).toEqual(ids.map((_, i) => i + 1));
    const missing = await api()
      .post('/api/council/members/order')
      .set(secretariat)
      .send({ memberIds: reversed.slice(1) })
      .expect(409);
    expect(missing.body.code).toBe('ROSTER_ORDER_STALE');
    await api()
      .post('/api/council/members/order')
      .set(secretariat)
      .send({ memberIds: [reversed[0], reversed[0], ...reversed.slice(2)] })
      .expect(409);
    await api().post('/api/council/members/order').set(secretariat).send({ memberIds: ids }).expect(200);
    const audited: { detail: { rosterOrder: string[] } }[] = await t.ds.query(
      `SELECT detail FROM audit_log WHERE target_type = 'council_member' AND target_id IS NULL AND detail ? 'rosterOrder' ORDER BY id`,
    );
    expect(audited.map((a) => a.detail.rosterOrder)).toEqual([reversed, ids]);
  });
});

describe('the roster screen', () => {
  const form = (path: string) =>
    api().post(path).set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin').type('form');

  it('refuses a bad addition beside its fields, keeping what was typed', async () => {
    const before = await listNames();
    const res = await form('/council/members')
      .send({
        name: '内田 光',
        title: 'member',
        affiliation: '区民',
        termStart: '2027-04-01',
        termEnd: '2025-03-31',
      })
      .expect(400);
    expect(res.text).toContain('任期の初日以降の日付にしてください');
    expect(res.text).toContain('value="内田 光"');
    expect(await listNames()).toEqual(before);
  });

  it("moves a member down, and shows a refused edit in the member's row", async () => {
    const [first, second] = (await api().get('/api/council/members').set(secretariat)).body as Member[];
    const moved = await form(`/council/members/${first.id}`).send({ action: 'down', version: first.version });
    expect(moved.status).toBe(303);
    expect((await listNames()).slice(0, 2)).toEqual([second.name, first.name]);
    const refused = await form(`/council/members/${second.id}`)
      .send({
        action: 'save',
        version: second.version,
        name: '',
        title: 'member',
        termStart: '2025-04-01',
        termEnd: '2027-03-31',
      })
      .expect(400);
    expect(refused.text).toContain('入力内容に誤りがあります');
    expect(refused.text).toContain('入力してください');
    await form(`/council/members/${second.id}`).send({ action: 'down', version: second.version }).expect(303);
    expect((await listNames()).slice(0, 2)).toEqual([first.name, second.name]);
  });
});

describe('member accounts', () => {
  it('creates the account for a member (会長 for the chair), shown once, to be changed at first login', async () => {
    const chair = (
      (await api().get('/api/council/members').set(secretariat).expect(200)).body as Member[]
    ).find((m) => m.title === 'chair') as Member;
    const res = await api()
      .post(`/api/council/members/${chair.id}/account`)
      .set(secretariat)
      .send({ version: chair.version, username: 'watanabe' })
      .expect(201);
    expect(res.body.member).toMatchObject({ username: 'watanabe', accountRoleLabel: '会長' });
    const password = res.body.temporaryPassword as string;
    expect(password.length).toBeGreaterThanOrEqual(12);
    const loggedIn = await api().post('/api/auth/login').send({ username: 'watanabe', password }).expect(200);
    expect(loggedIn.body.user).toMatchObject({
      role: 'chair',
      displayName: '渡辺 一郎',
      mustChangePassword: true,
    });

    const again = await api()
      .post(`/api/council/members/${chair.id}/account`)
      .set(secretariat)
      .send({ version: res.body.member.version, username: 'watanabe2' })
      .expect(409);
    expect(again.body.code).toBe('ROSTER_MEMBER_HAS_ACCOUNT');
    expect(await auditOf(chair.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'update',
          detail: expect.objectContaining({ username: 'watanabe' }),
        }),
      ]),
    );
    const [userAudit] = await t.ds.query(
      `SELECT a.action FROM audit_log a JOIN app_user u ON u.id::text = a.target_id WHERE a.target_type = 'user' AND u.username = 'watanabe'`,
    );
    expect(userAudit).toEqual({ action: 'create' });
  });

  it('a taken username or a weak password leaves the member without an account and no user behind', async () => {
    const m = await add({ name: '小川 次郎' });
    const taken = await api()
      .post(`/api/council/members/${m.id}/account`)
      .set(secretariat)
      .send({ version: m.version, username: 'WATANABE' })
      .expect(409);
    expect(taken.body.code).toBe('USER_USERNAME_TAKEN');
    const weak = await api()
      .post(`/api/council/members/${m.id}/account`)
      .set(secretariat)
      .send({ version: m.version, username: 'ogawa', initialPassword: 'short' })
      .expect(400);
    expect(weak.body.code).toBeDefined();
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM app_user WHERE username = 'ogawa'`);
    expect(n).toBe(0);
    expect(
      ((await api().get('/api/council/members').set(secretariat)).body as Member[]).find(
        (x) => x.id === m.id,
      ),
    ).toMatchObject({ username: null, version: m.version });
  });

  it('links an existing 委員 account to one member only; refuses other roles; unlinks', async () => {
    const account = await makeUser(t.ds, { role: 'member', username: 'aoki' });
    const clerkUser = await makeUser(t.ds, { role: 'clerk' });
    const list = (await api().get('/api/council/members').set(secretariat).expect(200)).body as Member[];
    const aoki = list.find((m) => m.name === '青木 花子') as Member;
    const ishida = list.find((m) => m.name === '石田 誠') as Member;

    const wrongRole = await api()
      .put(`/api/council/members/${aoki.id}/account`)
      .set(secretariat)
      .send({ version: aoki.version, userId: clerkUser.id })
      .expect(400);
    expect(wrongRole.body).toMatchObject({ code: 'ROSTER_ACCOUNT_ROLE' });
    const linked = await api()
      .put(`/api/council/members/${aoki.id}/account`)
      .set(secretariat)
      .send({ version: aoki.version, userId: account.id })
      .expect(200);
    expect(linked.body).toMatchObject({ username: 'aoki', accountRoleLabel: '委員' });
    const twice = await api()
      .put(`/api/council/members/${ishida.id}/account`)
      .set(secretariat)
      .send({ version: ishida.version, userId: account.id })
      .expect(409);
    expect(twice.body.code).toBe('ROSTER_ACCOUNT_TAKEN');
    expect(twice.body.detail).toBe('アカウント「aoki」は既に名簿の別の委員に結び付けられています。');

    const stale = await api()
      .delete(`/api/council/members/${aoki.id}/account`)
      .set(secretariat)
      .send({ version: aoki.version })
      .expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    const unlinked = await api()
      .delete(`/api/council/members/${aoki.id}/account`)
      .set(secretariat)
      .send({ version: linked.body.version })
      .expect(200);
    expect(unlinked.body.username).toBeNull();
    await api()
      .put(`/api/council/members/${ishida.id}/account`)
      .set(secretariat)
      .send({ version: ishida.version, userId: account.id })
      .expect(200);

    // Made 会長, the member's account acts as the chair; back to 職務代理者, as a member again.
    const aokiAuth = { Authorization: `Bearer ${await login(t.http, 'aoki')}` };
    const asChair = await api()
      .patch(`/api/council/members/${ishida.id}`)
      .set(secretariat)
      .send({ version: ishida.version + 1, title: 'chair' })
      .expect(200);
    expect(asChair.body.accountRoleLabel).toBe('会長');
    expect((await api().get('/api/auth/me').set(aokiAuth).expect(200)).body.role).toBe('chair');
    await api()
      .patch(`/api/council/members/${ishida.id}`)
      .set(secretariat)
      .send({ version: asChair.body.version, title: 'viceChair' })
      .expect(200);
    expect((await api().get('/api/auth/me').set(aokiAuth).expect(200)).body.role).toBe('member');
  });
});

describe('meetings and the roster', () => {
  let meetingId: string;
  beforeAll(async () => {
    meetingId = (
      await api()
        .post('/api/meetings')
        .set(secretariat)
        .send({ number: 5, startsAt: '2026-06-10T14:00:00+09:00', place: '第1委員会室' })
        .expect(201)
    ).body.id;
  });

  it('offers for a meeting only the members whose term covers its day', async () => {
    const inTerm = await add({ name: '新井 恵', termStart: '2026-04-01', termEnd: '2028-03-31' });
    await add({ name: '退任 済子', termStart: '2024-04-01', termEnd: '2026-03-31' });
    await add({ name: '就任 前男', termStart: '2026-07-01', termEnd: '2028-06-30' });
    const page = (await api().get(`/meetings/${meetingId}`).set('Cookie', cookie).expect(200)).text;
    const offered = /<select id="councilMemberId"[^>]*>([\s\S]*?)<\/select>/.exec(page)?.[1] ?? '';
    expect(offered).toContain(`value="${inTerm.id}"`);
    expect(offered).toContain('新井 恵');
    expect(offered).not.toContain('退任 済子');
    expect(offered).not.toContain('就任 前男');
  });

  it('a reorder or a new account reaches the meeting in preparation; a member who attended is kept', async () => {
    const list = (await api().get('/api/council/members').set(secretariat).expect(200)).body as Member[];
    const ishida = list.find((m) => m.name === '石田 誠') as Member;
    // 石田 (職務代理者) is listed on the meeting; mark him present.
    await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(secretariat)
      .send({ councilMemberId: ishida.id, attendance: 'present' })
      .expect(204);
    const aoki = list.find((m) => m.name === '青木 花子') as Member;
    const otherIds = list.filter((m) => m.title === 'member').map((m) => m.id);
    const order = [...list.filter((m) => m.title !== 'member').map((m) => m.id), ...otherIds.reverse()];
    await api().post('/api/council/members/order').set(secretariat).send({ memberIds: order }).expect(200);
    const detail = (await api().get(`/api/meetings/${meetingId}`).set(secretariat).expect(200)).body;
    const names = (detail.attendees as { category: string; name: string }[])
      .filter((a) => a.category === 'member')
      .map((a) => a.name);
    // The chair, the 職務代理者, then the members in the new 名簿順 (小川 now before 青木).
    expect(names).toEqual(['渡辺 一郎', '石田 誠', '小川 次郎', '青木 花子']);

    // The linked account (石田's is aoki) sees the meeting it attends.
    const aokiToken = { Authorization: `Bearer ${await login(t.http, 'aoki')}` };
    await api().get(`/api/meetings/${meetingId}`).set(aokiToken).expect(200);

    const refused = await api()
      .delete(`/api/council/members/${ishida.id}`)
      .set(secretariat)
      .send({
        version: (await t.ds.query(`SELECT version FROM council_member WHERE id = $1`, [ishida.id]))[0]
          .version,
      })
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'ROSTER_MEMBER_HAS_HISTORY' });
    expect(refused.body.detail).toContain('任期の末日を設定してください');
    // Expected at the meeting but never present: removable, its attendee row goes with it.
    const fresh = ((await api().get('/api/council/members').set(secretariat)).body as Member[]).find(
      (m) => m.id === aoki.id,
    ) as Member;
    await api()
      .delete(`/api/council/members/${aoki.id}`)
      .set(secretariat)
      .send({ version: fresh.version })
      .expect(204);
    expect(await listNames()).not.toContain('青木 花子');
    expect(await listNames()).toContain('石田 誠');
    expect((await auditOf(aoki.id)).map((a) => a.action).at(-1)).toBe('delete');

    const version = (await t.ds.query(`SELECT version FROM council_member WHERE id = $1`, [ishida.id]))[0]
      .version;
    const ended = await api()
      .post(`/api/council/members/${ishida.id}/end-term`)
      .set(secretariat)
      .send({ version, termEnd: '2026-09-30' })
      .expect(200);
    expect(ended.body.termEnd).toBe('2026-09-30');
    expect(ended.body.hasHistory).toBe(true);
  });
});

describe('an account linked during the confirmation round', () => {
  it('lets the member confirm the minutes online', async () => {
    const meetingId = (
      await api()
        .post('/api/meetings')
        .set(secretariat)
        .send({ number: 6, startsAt: '2026-11-10T14:00:00+09:00', place: '第1委員会室' })
        .expect(201)
    ).body.id as string;
    const ogawa = ((await api().get('/api/council/members').set(secretariat)).body as Member[]).find(
      (m) => m.name === '小川 次郎',
    ) as Member;
    await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(secretariat)
      .send({ councilMemberId: ogawa.id, attendance: 'present' })
      .expect(204);
    for (const action of ['convene', 'hold', 'close'])
      await api().post(`/api/meetings/${meetingId}/state/${action}`).set(secretariat).send({}).expect(200);
    await api().post(`/api/minutes/${meetingId}/generate`).set(secretariat).send({}).expect(200);
    await api()
      .post(`/api/minutes/${meetingId}/actions/circulate`)
      .set(secretariat)
      .send({ deadline: '2099-12-31' })
      .expect(200);

    const account = await userWithToken(t.http, t.ds, { role: 'member', username: 'ogawa' });
    await api()
      .put(`/api/council/members/${ogawa.id}/account`)
      .set(secretariat)
      .send({ version: ogawa.version, userId: account.user.id })
      .expect(200);
    const mine = await api().get(`/api/minutes/${meetingId}/mine`).set(account.auth).expect(200);
    expect(mine.body.confirmation).toMatchObject({ memberName: '小川 次郎', status: 'pending' });
    const confirmed = await api()
      .post(`/api/minutes/${meetingId}/member-confirm`)
      .set(account.auth)
      .send({})
      .expect(200);
    expect(confirmed.body.status).toBe('confirmed');
  });
});

describe('who may keep the roster', () => {
  it('refuses the clerk and the member (403) and the anonymous (401)', async () => {
    for (const who of [clerk, member]) {
      const res = await api().get('/api/council/members').set(who).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      await api()
        .post('/api/council/members')
        .set(who)
        .send({ name: 'x', title: 'member', termStart: '2025-04-01', termEnd: '2026-03-31' })
        .expect(403);
    }
    await api().get('/api/council/members').expect(401);
    const screen = await api().get('/council/members').set('Cookie', cookie).expect(200);
    expect(screen.text).toContain('委員名簿');
    expect(screen.text).toContain('href="/council/members"');
    const row = (name: string) =>
      new RegExp(`data-member="${name}">[\\s\\S]*?</tr>`).exec(screen.text)?.[0] ?? '';
    expect(row('退任 済子')).toContain('任期満了');
    expect(row('就任 前男')).toContain('アカウントなし');
    expect(row('渡辺 一郎')).toContain('watanabe（会長）');
  });
});

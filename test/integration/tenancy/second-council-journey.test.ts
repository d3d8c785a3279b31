import request from 'supertest';
import { todayInJapan } from '../../../src/common/format/today';
import { runInCouncil, setCouncilOutsideScopes } from '../../../src/database/council-context';
import { PublicMinutesPdfService } from '../../../src/public-portal/public-minutes-pdf.service';
import { docxText } from '../documents/docx-inspect';
import { squashedText } from '../documents/pdf-inspect';
import { NO_ANSWERS } from '../../support/case-fixtures';
import { downloadBinary } from '../../support/download';
import { makePlatformAdmin } from '../../support/councils';
import { sampleContents } from '../../support/sample-app';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Issue 15's "done when": next to the sample council (新宿区), a second council is created and used
 * from its setup to the publication of its minutes, through HTTP only (no seeds, no fixtures written
 * behind the application's back). Each council's portal shows its own records and none of the other's,
 * and every paper the second council prints names the second council.
 *
 * The council itself is created by the deployment's platform administrator over HTTP
 * (`POST /api/platform/councils`); the one step behind the application's back is that
 * administrator's account, which an operator makes with `npm run platform-admin:create` (the
 * same insert as `makePlatformAdmin`).
 */
type Auth = { Authorization: string };

const TOWN = '南風町';
const COUNCIL = '南風町個人情報保護審議会';
const BODY = '南風町長';
const SLUG = 'haenomachi';
const SAMPLE_SLUG = 'shinjuku';
/** What the sample council prints; none of it may appear on the second council's papers and pages. */
const SAMPLE_NAMES = ['新宿区', '新宿'];
const CASE_TITLE = '南風町防災行政無線戸別受信機貸与事務';
const PASSWORD = 'Haenomachi-2026-kakunin';
const ADMIN_ONE_TIME_PASSWORD = 'Haenomachi-kari-0401';

let t: TestApp;
const api = () => request(t.http);
const pdfText = async (path: string, auth: Auth) => {
  const res = await downloadBinary(t.http, path, auth).expect(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return squashedText(res.body as Buffer);
};
const publicPdfText = async (path: string) => {
  const res = await downloadBinary(t.http, path);
  expect([res.status, res.headers['content-type']]).toEqual([200, 'application/pdf']);
  return squashedText(res.body as Buffer);
};
const expectNoSample = (text: string) => {
  for (const name of SAMPLE_NAMES) expect(text).not.toContain(name);
};

/** Logs in with a one-time password, sets a chosen one, and logs in again. */
async function firstLogin(username: string, temporary: string): Promise<Auth> {
  const first = await api().post('/api/auth/login').send({ username, password: temporary }).expect(200);
  expect(first.body.user.mustChangePassword).toBe(true);
  await api()
    .post('/api/auth/password')
    .set({ Authorization: `Bearer ${first.body.accessToken}` })
    .send({ currentPassword: temporary, newPassword: PASSWORD })
    .expect(204);
  const again = await api().post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
  return { Authorization: `Bearer ${again.body.accessToken}` };
}

/** What the journey made, for the checks after it. */
const made = {
  councilId: 0,
  caseId: '',
  meetingId: '',
  replyId: '',
  sampleMeetingId: '',
  sampleReplyId: '',
};
let admin: Auth;
let secretariat: Auth;
let clerk: Auth;
let member: Auth;

beforeAll(async () => {
  t = await startTestApp({ contents: sampleContents(undefined, { passwordsChanged: false }) });
  // From here the app runs as a real deployment does: code outside a request has no council.
  setCouncilOutsideScopes(null);
  const [sample] = (await t.ds.query(
    `SELECT meeting_id FROM minutes WHERE state = 'published' ORDER BY meeting_id LIMIT 1`,
  )) as { meeting_id: string }[];
  made.sampleMeetingId = sample.meeting_id;
  const [reply] = (await t.ds.query(`SELECT id FROM reply WHERE state = 'issued' LIMIT 1`)) as {
    id: string;
  }[];
  made.sampleReplyId = reply.id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('a second council, end to end over HTTP', () => {
  it('is created beside the sample council, with its own administrator', async () => {
    await makePlatformAdmin(t.appDs, 'unyo', '運用担当', PASSWORD);
    const operator = await api()
      .post('/api/auth/login')
      .send({ username: 'unyo', password: PASSWORD })
      .expect(200);
    const created = (
      await api()
        .post('/api/platform/councils')
        .set({ Authorization: `Bearer ${operator.body.accessToken}` })
        .send({
          municipality: TOWN,
          councilName: COUNCIL,
          implementingBody: BODY,
          slug: SLUG,
          secretariat: '総務課',
          secretariatCode: 'somu',
          catalogue: 'ordinance-shinjuku-style',
          adminUsername: 'haenomachi-admin',
          adminPassword: ADMIN_ONE_TIME_PASSWORD,
        })
        .expect(201)
    ).body as { councilId: number; slug: string; councilName: string };
    expect([created.slug, created.councilName]).toEqual([SLUG, COUNCIL]);
    made.councilId = created.councilId;
    expect(created.councilId).toBeGreaterThan(1);
    // The platform administrator hands over a one-time password; the council's administrator sets its own.
    admin = await firstLogin('haenomachi-admin', ADMIN_ONE_TIME_PASSWORD);
    // The new council starts empty: none of the sample's departments, users or cases.
    const departments = (await api().get('/api/departments').set(admin).expect(200)).body as {
      name: string;
    }[];
    expect(departments.map((d) => d.name)).toEqual(['総務課']);
    const users = (await api().get('/api/admin/users').set(admin).expect(200)).body as { username: string }[];
    expect(users.map((u) => u.username)).toEqual(['haenomachi-admin']);
  });

  it('its administrator sets up departments, staff and the roster with a member account', async () => {
    const dept = await api()
      .post('/api/departments')
      .set(admin)
      .send({ code: 'bosai', name: '防災課', division: '総務部' })
      .expect(201);
    const secretariatDept = (
      (await api().get('/api/departments').set(admin)).body as {
        id: string;
        name: string;
      }[]
    ).find((d) => d.name === '総務課')!;
    const makeUser = async (body: Record<string, unknown>) => {
      const res = await api().post('/api/admin/users').set(admin).send(body).expect(201);
      return firstLogin(res.body.user.username as string, res.body.temporaryPassword as string);
    };
    secretariat = await makeUser({
      username: 'haenomachi-jimu',
      displayName: '潮見 事務局',
      role: 'secretariat',
      departmentId: secretariatDept.id,
    });
    clerk = await makeUser({
      username: 'haenomachi-bosai',
      displayName: '浜田 防災',
      role: 'clerk',
      departmentId: dept.body.id,
    });

    const add = async (name: string, title: string) =>
      (
        await api()
          .post('/api/council/members')
          .set(secretariat)
          .send({ name, title, affiliation: '学識経験者', termStart: '2025-04-01', termEnd: '2027-03-31' })
          .expect(201)
      ).body as { id: string; version: number };
    const chair = await add('汐見 一郎', 'chair');
    const withAccount = await add('磯辺 花子', 'member');
    const account = await api()
      .post(`/api/council/members/${withAccount.id}/account`)
      .set(admin)
      .send({ version: withAccount.version, username: 'haenomachi-isobe' })
      .expect(201);
    member = await firstLogin('haenomachi-isobe', account.body.temporaryPassword as string);
    const roster = (await api().get('/api/council/members').set(secretariat).expect(200)).body as {
      id: string;
      name: string;
      username: string | null;
    }[];
    expect(roster.map((m) => [m.name, m.username])).toEqual([
      ['汐見 一郎', null],
      ['磯辺 花子', 'haenomachi-isobe'],
    ]);
    expect(roster[0].id).toBe(chair.id);
  });

  it('a clerk drafts and submits a case; the secretariat takes it in as the first of this council', async () => {
    const created = (
      await api()
        .post('/api/cases')
        .set(clerk)
        .send({
          title: CASE_TITLE,
          answers: { ...NO_ANSWERS, externalConnection: true, connectionForm: 'lgwan' },
        })
        .expect(201)
    ).body;
    made.caseId = created.id;
    const [ext] = created.sections;
    await api()
      .patch(`/api/cases/${created.id}`)
      .set(clerk)
      .send({
        version: created.version,
        contact: { sectionName: '防災係', contactName: '浜田 防災', extension: '2101' },
        overview: {
          businessName: '防災行政無線の戸別受信機貸与',
          businessDepartment: '防災課',
          purpose: '災害時の情報を確実に伝える',
          targetPersons: '町民',
          businessContent: '戸別受信機を世帯に貸与し、貸与台帳を管理する',
        },
        sections: [
          {
            ...ext.fields,
            id: ext.id,
            kind: 'externalConnection',
            legalBasisId: ext.legalBasisId,
            businessName: '戸別受信機貸与台帳',
            itemKeys: ['name'],
            partner: '県防災情報システム',
            reason: '県と貸与状況を共有するため',
            connectionForm: 'lgwan',
            start: '令和8年4月',
            period: '以降継続',
            protectionMeasures: '資料のとおり',
          },
        ],
        items: {
          columns: created.items.columns,
          rows: [
            {
              departmentBusiness: '防災課/戸別受信機貸与',
              procedureName: '戸別受信機貸与申請',
              cells: Object.fromEntries(
                (created.items.columns as { key: string }[]).map((c) => [
                  c.key,
                  c.key === 'name' ? 'required' : null,
                ]),
              ),
            },
          ],
        },
        securityMeasures: ['通信を暗号化する'],
      })
      .expect(200);
    expect((await api().get(`/api/cases/${created.id}/validation`).set(clerk).expect(200)).body).toEqual({
      ready: true,
      errors: [],
    });
    await api().post(`/api/workflow/cases/${created.id}/submit`).set(clerk).send({}).expect(200);
    const accepted = await api()
      .post(`/api/workflow/cases/${created.id}/accept`)
      .set(secretariat)
      .send({})
      .expect(200);
    // Council 1's sample cases have numbers of their own; this council's first is number 1.
    expect(accepted.body.receiptNumber).toMatch(/-001$|第1号/);
    const search = await api().get('/api/cases').query({ q: '戸別受信機' }).set(secretariat).expect(200);
    expect((search.body.items as { id: string }[]).map((c) => c.id)).toEqual([created.id]);
  });

  it('holds meeting 第1回 and issues 答申第1号', async () => {
    const meeting = await api()
      .post('/api/meetings')
      .set(secretariat)
      .send({
        number: 1,
        startsAt: '2026-11-20T14:00:00+09:00',
        endsAt: '2026-11-20T15:30:00+09:00',
        place: `${TOWN}役場 第1会議室`,
      })
      .expect(201);
    made.meetingId = meeting.body.id;
    const item = await api()
      .post(`/api/meetings/${made.meetingId}/agenda/cases`)
      .set(secretariat)
      .send({ caseId: made.caseId })
      .expect(201);
    const detail = (await api().get(`/api/meetings/${made.meetingId}`).set(secretariat).expect(200)).body;
    expect(detail.attendees.map((a: { name: string }) => a.name)).toEqual(['汐見 一郎', '磯辺 花子']);
    for (const a of detail.attendees as { councilMemberId: string }[])
      await api()
        .put(`/api/meetings/${made.meetingId}/attendance`)
        .set(secretariat)
        .send({ councilMemberId: a.councilMemberId, attendance: 'present' })
        .expect(204);
    for (const action of ['convene', 'hold'])
      await api()
        .post(`/api/meetings/${made.meetingId}/state/${action}`)
        .set(secretariat)
        .send({})
        .expect(200);
    await api()
      .post(`/api/meetings/${made.meetingId}/agenda/${item.body.id}/entries`)
      .set(secretariat)
      .send({ speakerRole: 'member', text: '潮風で受信機が傷んだときの交換手続はどうなりますか。' })
      .expect(201);
    await api()
      .post(`/api/meetings/${made.meetingId}/agenda/${item.body.id}/entries`)
      .set(secretariat)
      .send({ speakerRole: 'explainer', speakerName: '浜田課長', text: '無償で交換します。' })
      .expect(201);
    const outcome = await api()
      .post(`/api/meetings/${made.meetingId}/agenda/${item.body.id}/outcome`)
      .set(secretariat)
      .send({ outcome: 'approved', voteMethod: 'noObjection' })
      .expect(200);
    made.replyId = outcome.body.replyId;
    await api().post(`/api/meetings/${made.meetingId}/state/close`).set(secretariat).send({}).expect(200);
    const draft = (await api().get(`/api/replies/${made.replyId}`).set(secretariat).expect(200)).body;
    expect(draft.addressee).toBe(BODY);
    const issued = await api()
      .post(`/api/replies/${made.replyId}/issue`)
      .set(secretariat)
      .send({})
      .expect(200);
    expect(issued.body).toMatchObject({ state: 'issued', numberLabel: '答申第1号' });
  });

  it('drafts the minutes, which the member confirms online, and publishes them', async () => {
    const minutes = `/api/minutes/${made.meetingId}`;
    await api().post(`${minutes}/generate`).set(secretariat).send({}).expect(200);
    await api()
      .post(`${minutes}/actions/circulate`)
      .set(secretariat)
      .send({ deadline: '2099-12-31' })
      .expect(200);
    const notes = (await api().get('/api/notifications').set(member).expect(200)).body as { title: string }[];
    expect(notes.some((n) => n.title.includes('第1回会議録（案）の確認のお願い'))).toBe(true);
    const mine = (await api().get(`${minutes}/mine`).set(member).expect(200)).body;
    expect(mine.confirmation.status).toBe('pending');
    await api().post(`${minutes}/member-confirm`).set(member).expect(200);
    // The chair has no account: the secretariat records the answer that came on paper.
    const confirmations = (await api().get(`${minutes}/confirmations`).set(secretariat).expect(200)).body as {
      memberName: string;
      status: string;
      channel: string | null;
    }[];
    expect(confirmations.find((c) => c.memberName === '磯辺 花子')).toMatchObject({
      status: 'confirmed',
      channel: 'online',
    });
    const chair = confirmations.find((c) => c.memberName === '汐見 一郎') as unknown as {
      councilMemberId: string;
    };
    await api()
      .post(`${minutes}/paper-answers`)
      .set(secretariat)
      .send({ councilMemberId: chair.councilMemberId, result: 'confirmed', receivedOn: todayInJapan() })
      .expect(200);
    await api().post(`${minutes}/actions/confirm`).set(secretariat).send({}).expect(200);
    const masks = (await api().post(`${minutes}/redaction`).set(secretariat).expect(200)).body as {
      id: string;
      status: string;
    }[];
    for (const x of masks.filter((m) => m.status === 'proposed'))
      await api()
        .post(`/api/minutes/masks/${x.id}/decision`)
        .set(secretariat)
        .send({ accept: true })
        .expect(200);
    const published = await api().post(`${minutes}/actions/publish`).set(secretariat).send({}).expect(200);
    expect(published.body.state).toBe('published');
  });
});

describe("the second council's papers and portal", () => {
  it('every paper it prints names this council, never the sample', async () => {
    const papers = [
      `/api/cases/${made.caseId}/reply.pdf`,
      `/api/cases/${made.caseId}/notice.pdf`,
      `/api/meetings/${made.meetingId}/minutes.pdf`,
      `/api/meetings/${made.meetingId}/agenda.pdf`,
      `/api/meetings/${made.meetingId}/packet.pdf`,
      `/api/cases/${made.caseId}/document.pdf`,
    ];
    for (const path of papers) {
      const text = await pdfText(path, secretariat);
      expect([path, text.includes(TOWN)]).toEqual([path, true]);
      expectNoSample(text);
    }
    // The Word versions too.
    for (const path of [
      `/api/cases/${made.caseId}/reply.docx`,
      `/api/cases/${made.caseId}/notice.docx`,
      `/api/meetings/${made.meetingId}/minutes.docx`,
    ]) {
      const res = await downloadBinary(t.http, path, secretariat).expect(200);
      const text = await docxText(res.body as Buffer);
      expect([path, text.includes(TOWN)]).toEqual([path, true]);
      expectNoSample(text);
    }
    const reply = await pdfText(`/api/cases/${made.caseId}/reply.pdf`, secretariat);
    expect(reply).toContain('答申第1号');
    expect(reply).toContain(BODY);
    expect(await pdfText(`/api/meetings/${made.meetingId}/minutes.pdf`, secretariat)).toContain(COUNCIL);
  });

  it('its portal shows its minutes, 答申, search hits, feed and public minutes PDF, and nothing of the sample', async () => {
    const base = `/public/${SLUG}`;
    const index = (await api().get(base).expect(200)).text;
    expect(index).toContain(COUNCIL);
    expect(index).toContain('第1回 会議録');
    expect(index).toContain(`${base}/minutes/${made.meetingId}`);
    expect(index).toContain(`${base}/replies/${made.replyId}`);
    expect(index).not.toContain(made.sampleMeetingId);
    expect(index).not.toContain(made.sampleReplyId);
    expectNoSample(index);

    const minutesPage = (await api().get(`${base}/minutes/${made.meetingId}`).expect(200)).text;
    expect(minutesPage).toContain('潮風で受信機が傷んだ');
    expect(minutesPage).not.toContain('浜田課長');
    const replyPage = (await api().get(`${base}/replies/${made.replyId}`).expect(200)).text;
    expect(replyPage).toContain('答申第1号');
    expect(replyPage).toContain(CASE_TITLE);

    const search = (await api().get(`${base}/search`).query({ q: '潮風' }).expect(200)).text;
    expect(search).toContain('第1回 会議録');
    const openApi = await api().get(`${base}/api/search`).query({ q: '戸別受信機' }).expect(200);
    expect(JSON.stringify(openApi.body)).toContain(CASE_TITLE);

    const replies = await api().get(`${base}/api/replies`).expect(200);
    expect(JSON.stringify(replies.body)).toContain(CASE_TITLE);
    expectNoSample(JSON.stringify(replies.body));
    const meetings = await api().get(`${base}/api/meetings`).expect(200);
    expect(JSON.stringify(meetings.body)).toContain(made.meetingId);
    expect(JSON.stringify(meetings.body)).not.toContain(made.sampleMeetingId);
    expectNoSample(minutesPage);
    expectNoSample(replyPage);
    const feed = (await api().get(`${base}/feed.atom`).expect(200)).text;
    expect(feed).toContain(`${base}/minutes/${made.meetingId}`);
    expect(feed).toContain(`${base}/replies/${made.replyId}`);
    expect(feed).not.toContain(made.sampleMeetingId);
    expectNoSample(feed);

    const pdf = await publicPdfText(`${base}/minutes/${made.meetingId}/minutes.pdf`);
    expect(pdf).toContain(COUNCIL);
    expect(pdf).toContain('潮風で受信機が傷んだ');
    expect(pdf).not.toContain('浜田課長');
    expectNoSample(pdf);
  });

  it('prints the public minutes PDF in the council its address names, whatever council the caller is in', async () => {
    // It used to read outside the portal's council transaction, on whatever council the caller's
    // context had: from no council (a job, a command) or another council's it found nothing.
    const papers = t.app.get(PublicMinutesPdfService);
    for (const caller of [null, 1, made.councilId]) {
      const paper = await runInCouncil(caller, () => papers.publicMinutesPdf(SLUG, made.meetingId));
      const text = await squashedText(paper.file!.pdf);
      expect([caller, text.includes(COUNCIL)]).toEqual([caller, true]);
    }
    await expect(
      runInCouncil(made.councilId, () => papers.publicMinutesPdf(SAMPLE_SLUG, made.meetingId)),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("the sample council's portal shows none of it, and the second shows none of the sample's", async () => {
    const sample = `/public/${SAMPLE_SLUG}`;
    const base = `/public/${SLUG}`;
    const index = (await api().get(sample).expect(200)).text;
    expect(index).toContain(made.sampleMeetingId);
    expect(index).not.toContain(made.meetingId);
    expect(index).not.toContain(TOWN);
    const feed = (await api().get(`${sample}/feed.atom`).expect(200)).text;
    expect(feed).not.toContain(made.meetingId);
    expect(feed).not.toContain(TOWN);
    for (const q of ['潮風', '戸別受信機']) {
      const page = (await api().get(`${sample}/search`).query({ q }).expect(200)).text;
      expect(page).not.toContain(made.meetingId);
      expect(page).not.toContain(CASE_TITLE);
    }
    // Each council's records answer as missing under the other's address.
    await api().get(`${sample}/minutes/${made.meetingId}`).expect(404);
    await api().get(`${sample}/replies/${made.replyId}`).expect(404);
    await api().get(`${sample}/minutes/${made.meetingId}/minutes.pdf`).expect(404);
    await api().get(`${base}/minutes/${made.sampleMeetingId}`).expect(404);
    await api().get(`${base}/replies/${made.sampleReplyId}`).expect(404);
    await api().get(`${base}/minutes/${made.sampleMeetingId}/minutes.pdf`).expect(404);
    // The sample's own public PDF still prints, as the sample's.
    const samplePdf = await publicPdfText(`${sample}/minutes/${made.sampleMeetingId}/minutes.pdf`);
    expect(samplePdf).not.toContain(TOWN);
    // The portal's list of councils names both.
    const councils = (await api().get('/public').expect(200)).text;
    expect(councils).toContain(COUNCIL);
    expect(councils).toContain(`/public/${SAMPLE_SLUG}`);
  });

  it("its staff's screens show its records and nothing of the sample's", async () => {
    const screen = async (path: string, auth: Auth) => {
      const token = auth.Authorization.replace('Bearer ', '');
      const res = await api().get(path).set('Cookie', `shingikai_session=${token}`);
      expect([path, res.status]).toEqual([path, 200]);
      expectNoSample(res.text);
      return res.text;
    };
    for (const path of [
      '/',
      '/cases',
      `/cases/${made.caseId}`,
      '/meetings',
      `/meetings/${made.meetingId}`,
      `/meetings/${made.meetingId}/deliberation`,
      '/minutes',
      `/minutes/${made.meetingId}`,
      '/replies',
      `/replies/${made.replyId}`,
      '/council/members',
      '/intake',
      '/statistics',
      '/file-register',
      '/impact-assessments',
      '/incidents',
    ])
      await screen(path, secretariat);
    for (const path of [
      '/admin/users',
      '/admin/departments',
      '/admin/audit',
      '/admin/legal-bases',
      '/admin/clause-sets',
    ])
      await screen(path, admin);
    for (const path of ['/', '/minutes', `/minutes/${made.meetingId}/confirm`, `/meetings/${made.meetingId}`])
      await screen(path, member);
    for (const path of ['/', '/cases', `/cases/${made.caseId}`, '/notifications']) await screen(path, clerk);
  });

  it("the sample council's staff see nothing of the second council", async () => {
    const sampleSecretariat = await firstLogin('secretariat', 'Jimukyoku-2026-init');
    await api().get(`/api/cases/${made.caseId}`).set(sampleSecretariat).expect(404);
    await api().get(`/api/meetings/${made.meetingId}`).set(sampleSecretariat).expect(404);
    const found = await api().get('/api/cases').query({ q: '戸別受信機' }).set(sampleSecretariat).expect(200);
    expect(found.body.items).toEqual([]);
  });
});

import { PDFDocument } from 'pdf-lib';
import request from 'supertest';
import type { DocumentRuntime } from '../../../src/documents/document-runtime';
import { DOCUMENT_RUNTIME } from '../../../src/documents/documents.module';
import { readOutlineTitles } from '../../../src/documents/pdf/pdf-tools';
import { makeDepartment, userWithToken, type Actor } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { holdMeeting, makeCase, makeCouncilMember, submitAndAccept } from '../../support/workflow-factories';
import { planMeeting, postOutcome, scheduleCase } from '../../support/meetings';
import {
  expectPdfWording,
  extractPageTexts,
  listFonts,
  squash,
  squashedText,
} from '../documents/pdf-inspect';
import { downloadBinary } from '../../support/download';
import { samplePdf } from '../../support/pdf-fixtures';
import { getBody } from '../../support/http';

/**
 * The papers through the API with the real renderer (the test app starts it lazily: the first
 * download launches Chromium).
 */
let t: TestApp;
let clerk: Actor;
let otherClerk: Actor;
let secretariat: Actor;
let member: Actor;
let outsider: Actor;
let departmentId: string;
let meetingId: string;
const ids: Record<string, string> = {};
let attachmentPages = 0;

const api = (path: string) => `/api${path}`;

const download = (path: string, auth: { Authorization: string }) => downloadBinary(t.http, path, auth);
/** Downloads the PDF at `path` as `auth` (200) and expects `wording` in it; the response and the PDF's text. */
const downloadWithWording = async (path: string, auth: { Authorization: string }, wording: string[]) => {
  const res = await download(path, auth).expect(200);
  return { res, text: await expectPdfWording(res.body as Buffer, wording) };
};

async function pageCount(pdf: Buffer): Promise<number> {
  return (await PDFDocument.load(pdf)).getPageCount();
}

async function acceptedCase(title: string, attachments: { name: string; bytes: Buffer }[] = []) {
  const c = await makeCase(t.ds, { departmentId, createdById: clerk.user.id, title });
  for (const a of attachments)
    await request(t.http)
      .post(api(`/cases/${c.id}/attachments`))
      .set(clerk.auth)
      .field('title', a.name.replace(/\.pdf$/, ''))
      .attach('file', a.bytes, a.name)
      .expect(201);
  await submitAndAccept(t.http, c.id, clerk.auth, secretariat.auth);
  return c.id;
}

beforeAll(async () => {
  t = await startTestApp();
  await t.ds.query(
    `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, '新宿区', '新宿区情報公開・個人情報保護審議会', '新宿区長')`,
  );
  await t.ds.query(
    `INSERT INTO standard_condition (position, text) VALUES (1, '個人情報を目的外に利用しないこと。')`,
  );
  departmentId = (await makeDepartment(t.ds, { name: '道とみどりの課' })).id;
  const otherDepartment = (await makeDepartment(t.ds, { name: '税務課' })).id;
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId });
  otherClerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: otherDepartment });
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
  member = await userWithToken(t.http, t.ds, { role: 'member', displayName: '片桐 晃' });
  outsider = await userWithToken(t.http, t.ds, { role: 'member', displayName: '欠席 委員' });
  await makeCouncilMember(t.ds, { name: '小室 充孝', title: 'chair', termStart: '2016-04-01' });
  const memberId = (
    await makeCouncilMember(t.ds, { name: '片桐 晃', userId: member.user.id, termStart: '2016-04-01' })
  ).id;

  const good = await samplePdf(2, 'network diagram');
  attachmentPages = 2;
  const corrupt = Buffer.from('%PDF-1.7\nthis is not really a pdf\n%%EOF');
  ids.a = await acceptedCase('屋上緑化見本園見学申込', [
    { name: '資料_ネットワーク関連図.pdf', bytes: good },
    { name: '壊れた添付.pdf', bytes: corrupt },
  ]);
  ids.b = await acceptedCase('水道料金徴収事務（外部サーバの使用）');
  ids.c = await acceptedCase('水道料金徴収事務（インターネット受付システム）');
  ids.draft = (await makeCase(t.ds, { departmentId, createdById: clerk.user.id, title: '下書き/の事案' })).id;

  const m = await planMeeting(t.http, secretariat.auth, {
    number: 213,
    startsAt: '2026-11-20T14:00:00+09:00',
    endsAt: '2026-11-20T16:00:00+09:00',
    place: '本庁舎6階 第3委員会室',
  });
  meetingId = m.id;
  const itemIds: Record<string, string> = {};
  for (const k of ['a', 'b', 'c'])
    itemIds[k] = (await scheduleCase(t.http, secretariat.auth, meetingId, ids[k])).id;
  await request(t.http)
    .post(api(`/meetings/${meetingId}/agenda/groups`))
    .set(secretariat.auth)
    .send({ itemIds: [itemIds.b, itemIds.c] })
    .expect(201);
  await holdMeeting(t.http, meetingId, memberId, secretariat.auth);
  await postOutcome(t.http, secretariat.auth, meetingId, itemIds.a, {
    outcome: 'approvedWithOpinion',
    voteMethod: 'unanimous',
    supplementaryOpinions: ['申込者への説明を十分に行うこと。'],
  }).expect(200);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('case document PDF', () => {
  it('prints the sample case with every field in reading order, fonts embedded, a Japanese file name and a download audit row', async () => {
    const res = await download(api(`/cases/${ids.draft}/document.pdf`), clerk.auth).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="case.pdf"; filename*=UTF-8''${encodeURIComponent('諮問事案書_下書き_の事案.pdf')}`,
    );
    const audit = await t.ds.query(
      `SELECT action, target_type, status FROM audit_log WHERE target_id = $1 AND actor_id = $2`,
      [ids.draft, clerk.user.id],
    );
    expect(audit).toEqual([{ action: 'download', target_type: 'case', status: 200 }]);

    const pdf = res.body as Buffer;
    const pages = await extractPageTexts(pdf);
    const all = squash(pages.join('\n'));
    const c = await getBody(t.http, clerk.auth, api(`/cases/${ids.draft}`));
    const expected: string[] = [
      '諮問・報告事項',
      c.title,
      '条例の根拠',
      c.contact.sectionName,
      c.contact.contactName,
      '事業の概要',
      c.overview.businessName,
      c.overview.purpose,
      c.overview.targetPersons,
      c.overview.businessContent,
      ...c.sections.flatMap((s: { fields: Record<string, unknown> }) =>
        [s.fields.partner, s.fields.reason, s.fields.protectionMeasures].filter(
          (v): v is string => typeof v === 'string' && v.length > 0 && v.length < 200,
        ),
      ),
      ...c.securityMeasures.slice(0, 3),
    ];
    let from = 0;
    for (const text of expected) {
      const at = all.indexOf(squash(text), from);
      expect({ text, foundInOrder: at >= 0 }).toEqual({ text, foundInOrder: true });
      from = at + 1;
    }
    pages.forEach((text, i) => {
      expect(squash(text)).toContain(`${i + 1}/${pages.length}`);
      expect(squash(text)).toContain('下書き');
    });
    const fonts = await listFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => f.subtype === '/Type3' || !f.embedded)).toEqual([]);
  });

  it("is 404 for another department's clerk and for a member who does not attend the case's meeting", async () => {
    const other = await request(t.http)
      .get(api(`/cases/${ids.a}/document.pdf`))
      .set(otherClerk.auth);
    expect([other.status, other.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    const absent = await request(t.http)
      .get(api(`/cases/${ids.a}/document.pdf`))
      .set(outsider.auth);
    expect(absent.status).toBe(404);
    await download(api(`/cases/${ids.a}/document.pdf`), member.auth).expect(200);
  });

  it('previews the same template as HTML under a policy that allows only its own inline styles', async () => {
    const res = await request(t.http).get(`/cases/${ids.draft}/document`).set(clerk.auth).expect(200);
    expect(res.text).toContain('下書き/の事案');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    await request(t.http).get(`/cases/${ids.draft}/document`).set(otherClerk.auth).expect(404);
    const page = await request(t.http).get(`/cases/${ids.draft}`).set(clerk.auth).expect(200);
    expect(page.text).toContain(`href="/api/cases/${ids.draft}/document.pdf"`);
    expect(page.text).toContain(`href="/cases/${ids.draft}/document"`);
  });

  it('serves 20 concurrent downloads, all complete PDFs', async () => {
    const all = await Promise.all(
      Array.from({ length: 20 }, () => download(api(`/cases/${ids.b}/document.pdf`), secretariat.auth)),
    );
    expect(all.map((r) => r.status)).toEqual(Array(20).fill(200));
    for (const r of all) expect((r.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('meeting papers', () => {
  it('prints the agenda (次第) with 第N回, the date in 和暦, ア/イ numbering and the shared material label', async () => {
    const { text } = await downloadWithWording(api(`/meetings/${meetingId}/agenda.pdf`), member.auth, [
      '第213回',
      '次第',
      '令和8年11月20日',
      '開会',
      '議事',
      '(1)諮問事項',
      'ア',
      '屋上緑化見本園見学申込',
      'イ',
      '資料2・3',
      'その他',
      '閉会',
      '配布資料',
    ]);
    expect(text.indexOf('開会')).toBeLessThan(text.indexOf('閉会'));
    await request(t.http)
      .get(api(`/meetings/${meetingId}/agenda.pdf`))
      .set(outsider.auth)
      .expect(404);
  });

  it('prints the reply (答申書) and the notice to the department', async () => {
    const itemReply = await t.ds.query(`SELECT id FROM reply WHERE case_id = $1`, [ids.a]);
    const draftRes = await download(api(`/cases/${ids.a}/reply.pdf`), secretariat.auth).expect(200);
    expect(await squashedText(draftRes.body as Buffer)).toContain('案');
    await request(t.http)
      .get(api(`/cases/${ids.a}/reply.pdf`))
      .set(clerk.auth)
      .expect(404);
    await request(t.http)
      .post(api(`/replies/${itemReply[0].id}/issue`))
      .set(secretariat.auth)
      .send({})
      .expect(200);

    const { res } = await downloadWithWording(api(`/cases/${ids.a}/reply.pdf`), clerk.auth, [
      '答申第1号',
      '新宿区長',
      '（答申）',
      '記',
      '1件名',
      '屋上緑化見本園見学申込',
      '2結論',
      '付帯意見を付して承認する。',
      '3付帯意見',
      '(1)申込者への説明を十分に行うこと。',
      '個人情報を目的外に利用しないこと。',
      '以上',
    ]);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('答申書_答申第1号_'));

    await downloadWithWording(api(`/cases/${ids.a}/notice.pdf`), clerk.auth, [
      '道とみどりの課長',
      '（通知）',
      '答申第1号',
      '付帯意見を付して承認する。',
    ]);
    await request(t.http)
      .get(api(`/cases/${ids.a}/notice.pdf`))
      .set(otherClerk.auth)
      .expect(404);
  });

  it('assembles the packet: parts in order, 資料N stamps, bookmarks, and a notice for the corrupt attachment', async () => {
    const parts = await Promise.all([
      download(api(`/meetings/${meetingId}/agenda.pdf`), secretariat.auth).expect(200),
      download(api(`/meetings/${meetingId}/materials.pdf`), secretariat.auth).expect(200),
      download(api(`/cases/${ids.a}/document.pdf`), secretariat.auth).expect(200),
      download(api(`/cases/${ids.b}/document.pdf`), secretariat.auth).expect(200),
      download(api(`/cases/${ids.c}/document.pdf`), secretariat.auth).expect(200),
    ]);
    const [agendaPages, materialsPages, aPages, bPages, cPages] = await Promise.all(
      parts.map((p) => pageCount(p.body as Buffer)),
    );

    const res = await download(api(`/meetings/${meetingId}/packet.pdf`), member.auth).expect(200);
    expect(res.headers['x-packet-unreadable-files']).toBe('1');
    const pdf = res.body as Buffer;
    const pages = await extractPageTexts(pdf);
    const noticePages = 1;
    expect(pages).toHaveLength(
      agendaPages + materialsPages + aPages + attachmentPages + noticePages + bPages + cPages,
    );

    const first1 = agendaPages + materialsPages;
    const first23 = first1 + aPages + attachmentPages + noticePages;
    const stamp = (i: number) => squash(pages[i]);
    // The agenda and the list name 資料1 themselves but carry no stamp: no more mentions than alone.
    const mentions = (text: string) => text.split('資料1').length - 1;
    const agendaAlone = squash((await extractPageTexts(parts[0].body as Buffer))[0]);
    expect(mentions(stamp(0))).toBe(mentions(agendaAlone));
    expect(stamp(first1)).toContain('資料1');
    expect(stamp(first1)).toContain('屋上緑化見本園見学申込');
    expect(stamp(first1 + aPages)).toContain('資料1'); // the attachment carries the stamp too
    expect(stamp(first1 + aPages + attachmentPages)).toContain('壊れた添付.pdf');
    expect(stamp(first1 + aPages + attachmentPages)).toContain('結合できませんでした');
    expect(stamp(first23)).toContain('資料2・3');
    expect(stamp(pages.length - 1)).toContain('資料2・3');
    pages.forEach((p, i) => expect(squash(p)).toContain(`-${i + 1}-`));

    const titles = readOutlineTitles(await PDFDocument.load(pdf));
    expect(titles).toEqual([
      '第213回　次第',
      '資料一覧',
      '資料1　屋上緑化見本園見学申込',
      '資料2・3　水道料金徴収事務（外部サーバの使用）・水道料金徴収事務（インターネット受付システム）',
    ]);

    await request(t.http)
      .get(api(`/meetings/${meetingId}/packet.pdf`))
      .set(clerk.auth)
      .expect(403);
    await request(t.http)
      .get(api(`/meetings/${meetingId}/packet.pdf`))
      .set(outsider.auth)
      .expect(404);
  });
});

describe('renderer failure', () => {
  it('Chromium killed while the packet prints: relaunched, the documents retried, the packet complete', async () => {
    const renderer = t.app.get<DocumentRuntime>(DOCUMENT_RUNTIME).renderer;
    const before = renderer.stats();
    const pending = Promise.resolve(download(api(`/meetings/${meetingId}/packet.pdf`), member.auth));
    let pid: number | null = null;
    for (let i = 0; i < 5000 && pid === null; i++) {
      if (renderer.stats().active > 0) pid = renderer.browserProcessId();
      if (pid === null) await new Promise((r) => setTimeout(r, 2));
    }
    expect(pid).not.toBeNull();
    process.kill(pid as number, 'SIGKILL');

    const res = await pending;
    expect(res.status).toBe(200);
    const pdf = res.body as Buffer;
    const text = await squashedText(pdf);
    for (const title of [
      '屋上緑化見本園見学申込',
      '水道料金徴収事務（外部サーバの使用）',
      '水道料金徴収事務（インターネット受付システム）',
    ])
      expect(text).toContain(title);
    expect(readOutlineTitles(await PDFDocument.load(pdf))).toHaveLength(4);
    const after = renderer.stats();
    expect(after.relaunches).toBe(before.relaunches + 1);
    expect(after.retried).toBeGreaterThan(before.retried);
    expect(renderer.browserProcessId()).not.toBe(pid);
  });
});

import request from 'supertest';
import { NO_ANSWERS } from '../../support/case-fixtures';
import { makeDepartment, userWithToken, type Actor } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import {
  conveneAndHold,
  makeCase,
  makeCouncilMember,
  submitAndAccept,
} from '../../support/workflow-factories';
import { planMeeting, postOutcome, scheduleCase } from '../../support/meetings';
import { NotificationsService } from '../../../src/notifications/notifications.service';
import { getBody } from '../../support/http';

let t: TestApp;
let clerk: Actor;
let secretariat: Actor;
let member: Actor;
let departmentId: string;
let memberInTerm: string;
let memberOutOfTerm: string;

beforeAll(async () => {
  t = await startTestApp();
  await t.ds.query(
    `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, '小田原市', '小田原市個人情報保護運営審議会', '小田原市長')`,
  );
  await t.ds.query(
    `INSERT INTO standard_condition (position, text) VALUES (1, '個人情報を目的外に利用しないこと。'), (2, '事故が発生したときは速やかに報告すること。')`,
  );
  departmentId = (await makeDepartment(t.ds, { name: '営業課' })).id;
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId });
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
  member = await userWithToken(t.http, t.ds, { role: 'member', displayName: '片桐 晃' });
  await makeCouncilMember(t.ds, {
    name: '小室 充孝',
    title: 'chair',
    termStart: '2016-04-01',
    termEnd: '2099-03-31',
  });
  memberInTerm = (
    await makeCouncilMember(t.ds, { name: '片桐 晃', userId: member.user.id, termStart: '2016-04-01' })
  ).id;
  memberOutOfTerm = (
    await makeCouncilMember(t.ds, { name: '任期 満了', termStart: '2010-04-01', termEnd: '2015-03-31' })
  ).id;
});
afterAll(() => t.close());

const api = (path: string) => `/api${path}`;
async function meetingDetail(id: string) {
  return await getBody(t.http, secretariat.auth, api(`/meetings/${id}`));
}
/** A later meeting of the council (in the 会議室), planned through the API as the secretariat. */
function laterMeeting(number: number, startsAt: string): Promise<{ id: string }> {
  return planMeeting(t.http, secretariat.auth, { number, startsAt, place: '会議室' });
}

async function acceptedCase(title: string, procedure: 'consultation' | 'report' = 'consultation') {
  const c = await makeCase(t.ds, { departmentId, createdById: clerk.user.id, title, procedure });
  await submitAndAccept(t.http, c.id, clerk.auth, secretariat.auth);
  return c;
}
const caseStatus = async (id: string) =>
  (await t.ds.query('SELECT status FROM case_file WHERE id = $1', [id]))[0].status;

describe('meetings: numbers, roster and quorum', () => {
  it('refuses two meetings with the same number and keeps one', async () => {
    const body = { number: 901, startsAt: '2017-07-21T14:00:00+09:00', place: '議会会議室' };
    await request(t.http).post(api('/meetings')).set(secretariat.auth).send(body).expect(201);
    const dup = await request(t.http).post(api('/meetings')).set(secretariat.auth).send(body);
    expect([dup.status, dup.body.code, dup.body.errors[0].field]).toEqual([
      409,
      'MEETING_NUMBER_TAKEN',
      'number',
    ]);
    const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM meeting WHERE number = 901');
    expect(n).toBe(1);
  });

  it('lists members in term, refuses a member outside the term as present, and shows the quorum', async () => {
    const m = await planMeeting(t.http, secretariat.auth, {
      number: 902,
      startsAt: '2017-07-21T14:00:00+09:00',
      place: '議会会議室',
    });
    const detail = await meetingDetail(m.id);
    expect(detail.attendees.map((a: { name: string }) => a.name).sort()).toEqual(['小室 充孝', '片桐 晃']);
    expect(detail.quorum).toMatchObject({ members: 2, present: 0, required: 2, met: false, label: '過半数' });
    const out = await request(t.http)
      .put(api(`/meetings/${m.id}/attendance`))
      .set(secretariat.auth)
      .send({ councilMemberId: memberOutOfTerm, attendance: 'present' });
    expect([out.status, out.body.code]).toEqual([409, 'MEETING_MEMBER_OUT_OF_TERM']);
    expect((await meetingDetail(m.id)).attendees).toHaveLength(2);
    await request(t.http)
      .put(api(`/meetings/${m.id}/attendance`))
      .set(secretariat.auth)
      .send({ councilMemberId: memberInTerm, attendance: 'present' })
      .expect(204);
    expect((await meetingDetail(m.id)).quorum).toMatchObject({ present: 1, met: false });
  });
});

describe('the 70th meeting, from submission to a closed condition', () => {
  let meetingId: string;
  /** Records an agenda item's outcome at the 70th meeting (as the secretariat). */
  const recordOutcome = (item: { id: string }, body: Record<string, unknown>) =>
    postOutcome(t.http, secretariat.auth, meetingId, item.id, body);
  const ids: Record<string, string> = {};
  const item = async (caseId: string) => {
    const d = await meetingDetail(meetingId);
    return [...d.consultations, ...d.reports].find((i: { caseId: string }) => i.caseId === caseId);
  };

  it('builds the agenda: scheduling a draft is refused, numbers ア イ ウ エ / ア, shared material 資料2・3', async () => {
    const m = await planMeeting(t.http, secretariat.auth, {
      number: 70,
      startsAt: '2017-07-21T14:00:00+09:00',
      endsAt: '2017-07-21T16:10:00+09:00',
      place: '小田原市役所 4階 議会会議室',
    });
    meetingId = m.id;

    const draft = await makeCase(t.ds, { departmentId, createdById: clerk.user.id, title: '下書きの事案' });
    const refused = await request(t.http)
      .post(api(`/meetings/${meetingId}/agenda/cases`))
      .set(secretariat.auth)
      .send({ caseId: draft.id });
    expect([refused.status, refused.body.code]).toEqual([409, 'WORKFLOW_TRANSITION_NOT_ALLOWED']);
    expect(refused.body.detail).toContain('作成中');
    expect(await caseStatus(draft.id)).toBe('draft');
    expect((await meetingDetail(meetingId)).consultations).toHaveLength(0);

    ids.a = (await acceptedCase('下水道使用料管理事務')).id;
    ids.b = (await acceptedCase('水道料金徴収事務（外部サーバの使用）')).id;
    ids.c = (await acceptedCase('水道料金徴収事務（インターネット受付システム）')).id;
    ids.d = (await acceptedCase('LGWANを利用したオンライン結合による提供')).id;
    ids.r = (await acceptedCase('個人情報取扱事務の登録状況', 'report')).id;
    for (const k of ['a', 'b', 'c', 'd', 'r'])
      await scheduleCase(t.http, secretariat.auth, meetingId, ids[k]);
    expect(await caseStatus(ids.a)).toBe('scheduled');
    const [bItem, cItem] = [await item(ids.b), await item(ids.c)];
    await request(t.http)
      .post(api(`/meetings/${meetingId}/agenda/groups`))
      .set(secretariat.auth)
      .send({ itemIds: [bItem.id, cItem.id] })
      .expect(201);
    for (const k of ['a', 'b', 'c', 'd', 'r'])
      await request(t.http)
        .post(api(`/meetings/${meetingId}/agenda/${(await item(ids[k])).id}/documents`))
        .set(secretariat.auth)
        .send({ title: `個人情報取扱事務の諮問事案書（${k}）` })
        .expect(201);

    const d = await meetingDetail(meetingId);
    expect(d.consultations.map((i: { label: string }) => i.label)).toEqual(['ア', 'イ', 'ウ', 'エ']);
    expect(d.reports.map((i: { label: string }) => i.label)).toEqual(['ア']);
    expect(d.materials.map((x: { label: string }) => x.label)).toEqual([
      '資料1',
      '資料2・3',
      '資料4',
      '資料5',
    ]);
    const doc = await getBody(t.http, secretariat.auth, api(`/meetings/${meetingId}/agenda-document`));
    expect(doc).toMatchObject({
      meetingLabel: '第70回',
      dateLabel: '平成29年7月21日（金）',
      timeLabel: '午後2時から午後4時10分まで',
    });
    expect(doc.program.map((p: { title: string }) => p.title)).toEqual(['開会', '議事', 'その他', '閉会']);
  });

  it('refuses an outcome before the meeting is held', async () => {
    const a = await item(ids.a);
    const res = await recordOutcome(a, { outcome: 'approved', voteMethod: 'noObjection' });
    expect([res.status, res.body.code]).toEqual([409, 'MEETING_NOT_HELD']);
    expect((await item(ids.a)).outcome).toBeNull();
    expect(await caseStatus(ids.a)).toBe('scheduled');
  });

  it('freezes numbers at convening; renumbering needs confirmation and is recorded', async () => {
    await request(t.http)
      .put(api(`/meetings/${meetingId}/attendance`))
      .set(secretariat.auth)
      .send({ councilMemberId: memberInTerm, attendance: 'present' })
      .expect(204);
    await request(t.http)
      .post(api(`/meetings/${meetingId}/state/convene`))
      .set(secretariat.auth)
      .send({})
      .expect(200);
    const d = await meetingDetail(meetingId);
    const order = d.consultations.map((i: { id: string }) => i.id);
    const swapped = [order[1], order[0], ...order.slice(2)];
    /** Reorders the meeting's consultations as the secretariat. */
    const reorder = (body: { itemIds: string[]; confirmRenumber?: boolean }) =>
      request(t.http)
        .post(api(`/meetings/${meetingId}/agenda/reorder`))
        .set(secretariat.auth)
        .send({ section: 'consultation', ...body });
    const refused = await reorder({ itemIds: swapped });
    expect([refused.status, refused.body.code]).toEqual([409, 'AGENDA_RENUMBER_CONFIRMATION_REQUIRED']);
    expect((await item(ids.a)).label).toBe('ア');
    await reorder({ itemIds: swapped, confirmRenumber: true }).expect(204);
    expect((await item(ids.a)).label).toBe('イ');
    const [log] = await t.ds.query(
      `SELECT detail FROM audit_log WHERE action = 'agenda.renumber' AND target_id = $1`,
      [meetingId],
    );
    expect(
      log.detail.renumbered.map((r: { from: string; to: string }) => `${r.from}→${r.to}`).sort(),
    ).toEqual(['ア→イ', 'イ→ア']);
    await reorder({ itemIds: order, confirmRenumber: true }).expect(204);
    expect((await item(ids.a)).label).toBe('ア');
  });

  it('carries advance questions from the member, through the department, into the Q&A', async () => {
    const a = await item(ids.a);
    const q = await request(t.http)
      .post(api(`/meetings/${meetingId}/questions`))
      .set(member.auth)
      .send({ agendaItemId: a.id, text: '県の水道と手続は同じですか。' })
      .expect(201);
    expect(
      (
        await request(t.http)
          .get(api(`/meetings/${meetingId}/questions`))
          .set(clerk.auth)
      ).body,
    ).toHaveLength(0);
    await request(t.http)
      .post(api(`/advance-questions/${q.body.id}/forward`))
      .set(secretariat.auth)
      .send({})
      .expect(200);
    await request(t.http)
      .post(api(`/advance-questions/${q.body.id}/answer`))
      .set(clerk.auth)
      .send({ answer: '一部異なります。県は番号の追加をシステムで確認できます。' })
      .expect(200);
    const seen = await request(t.http)
      .get(api(`/meetings/${meetingId}/questions`))
      .set(member.auth)
      .expect(200);
    expect(seen.body[0]).toMatchObject({
      state: 'answered',
      answer: '一部異なります。県は番号の追加をシステムで確認できます。',
    });
    await request(t.http)
      .post(api(`/meetings/${meetingId}/state/hold`))
      .set(secretariat.auth)
      .send({})
      .expect(200);
    const record = await request(t.http)
      .get(api(`/meetings/${meetingId}/agenda/${a.id}/record`))
      .set(member.auth)
      .expect(200);
    expect(
      record.body.entries.map(
        (e: { phase: string; speakerRoleLabel: string }) => `${e.phase}:${e.speakerRoleLabel}`,
      ),
    ).toEqual(['advance:委員', 'advance:説明員']);
    const late = await request(t.http)
      .post(api(`/meetings/${meetingId}/questions`))
      .set(member.auth)
      .send({ agendaItemId: a.id, text: '追加' });
    expect(late.body.code).toBe('ADVANCE_QUESTIONS_CLOSED');
  });

  it('records Q&A and the outcomes as in the minutes', async () => {
    const [a, b, c, d, r] = await Promise.all(['a', 'b', 'c', 'd', 'r'].map((k) => item(ids[k])));
    await request(t.http)
      .post(api(`/meetings/${meetingId}/agenda/${a.id}/entries`))
      .set(secretariat.auth)
      .send({ speakerRole: 'member', text: '無届の工事はどのように判明したのですか。' })
      .expect(201);
    await request(t.http)
      .post(api(`/meetings/${meetingId}/agenda/${a.id}/entries`))
      .set(secretariat.auth)
      .send({ speakerRole: 'explainer', speakerName: '清水課長', text: '接続促進の巡回で判明しました。' })
      .expect(201);

    const wrong1 = await recordOutcome(a, { outcome: 'noted' });
    expect([wrong1.status, wrong1.body.code]).toEqual([400, 'DELIBERATION_OUTCOME_INVALID']);
    const wrong2 = await recordOutcome(r, { outcome: 'approved', voteMethod: 'noObjection' });
    expect([wrong2.status, wrong2.body.code]).toEqual([400, 'DELIBERATION_OUTCOME_INVALID']);
    const noOpinion = await recordOutcome(b, { outcome: 'approvedWithOpinion', voteMethod: 'showOfHands' });
    expect(noOpinion.body.code).toBe('DELIBERATION_OPINION_REQUIRED');

    await recordOutcome(a, { outcome: 'approved', voteMethod: 'noObjection' }).expect(200);
    const bRes = await recordOutcome(b, {
      outcome: 'approvedWithOpinion',
      voteMethod: 'unanimous',
      supplementaryOpinions: ['諮問が事後になったことは遺憾であり、今後このようなことがないようにすること。'],
    }).expect(200);
    expect(bRes.body).toMatchObject({ outcomeLabel: '付帯意見を付して承認', voteMethodLabel: '全員賛成' });
    await recordOutcome(c, { outcome: 'approved', voteMethod: 'unanimous' }).expect(200);
    const noReason = await recordOutcome(d, { outcome: 'withdrawn' });
    expect(noReason.body.code).toBe('DELIBERATION_WITHDRAWAL_REASON_REQUIRED');
    await recordOutcome(d, {
      outcome: 'withdrawn',
      withdrawalReason: '類型とする必要性を見極めるため',
    }).expect(200);
    const again = await recordOutcome(a, { outcome: 'rejected', voteMethod: 'majority' });
    expect(again.body.code).toBe('DELIBERATION_OUTCOME_RECORDED');

    const early = await request(t.http)
      .post(api(`/meetings/${meetingId}/state/close`))
      .set(secretariat.auth)
      .send({});
    expect(early.body.code).toBe('MEETING_ITEMS_UNDECIDED');
    await recordOutcome(r, { outcome: 'noted' }).expect(200);
    await request(t.http)
      .post(api(`/meetings/${meetingId}/state/close`))
      .set(secretariat.auth)
      .send({})
      .expect(200);

    expect(await Promise.all(['a', 'b', 'c', 'd', 'r'].map((k) => caseStatus(ids[k])))).toEqual([
      'decided',
      'decided',
      'decided',
      'withdrawn',
      'decided',
    ]);
    const kinds = (await request(t.http).get(api('/notifications')).set(clerk.auth)).body.map(
      (n: { kind: string }) => n.kind,
    );
    expect(kinds).toEqual(expect.arrayContaining(['accepted', 'scheduled', 'decided', 'questionForwarded']));
  });

  it('edits and issues the reply, then refuses any edit', async () => {
    const b = await item(ids.b);
    expect(b.replyId).toBeTruthy();
    const draft = await getBody(t.http, secretariat.auth, api(`/replies/${b.replyId}`));
    expect(draft).toMatchObject({
      state: 'draft',
      numberLabel: null,
      addressee: '小田原市長',
      conclusion: '付帯意見を付して承認する。',
      standardConditions: [
        '個人情報を目的外に利用しないこと。',
        '事故が発生したときは速やかに報告すること。',
      ],
    });
    expect(draft.sender).toContain('小室 充孝');
    await request(t.http)
      .patch(api(`/replies/${b.replyId}`))
      .set(secretariat.auth)
      .send({
        version: draft.version,
        supplementaryOpinions: [
          '運用変更後の諮問が遅れたことは遺憾である。今後このようなことのないよう周知を徹底すること。',
        ],
        conditionDueDate: '2017-10-31',
      })
      .expect(200);
    const stale = await request(t.http)
      .patch(api(`/replies/${b.replyId}`))
      .set(secretariat.auth)
      .send({ version: draft.version, body: 'x' });
    expect(stale.status).toBe(409);
    const clerkBefore = await request(t.http)
      .get(api(`/replies/${b.replyId}`))
      .set(clerk.auth);
    expect(clerkBefore.status).toBe(404);

    const issued = await request(t.http)
      .post(api(`/replies/${b.replyId}/issue`))
      .set(secretariat.auth)
      .send({})
      .expect(200);
    expect(issued.body).toMatchObject({
      state: 'issued',
      numberLabel: '答申第1号',
      fiscalYearLabel: '平成29年度',
    });
    const a = await item(ids.a);
    const second = await request(t.http)
      .post(api(`/replies/${a.replyId}/issue`))
      .set(secretariat.auth)
      .send({})
      .expect(200);
    expect(second.body.numberLabel).toBe('答申第2号');

    const edit = await request(t.http)
      .patch(api(`/replies/${b.replyId}`))
      .set(secretariat.auth)
      .send({ version: issued.body.version, body: '書き換え' });
    expect([edit.status, edit.body.code]).toEqual([409, 'REPLY_ALREADY_ISSUED']);
    const reissue = await request(t.http)
      .post(api(`/replies/${b.replyId}/issue`))
      .set(secretariat.auth)
      .send({});
    expect(reissue.body.code).toBe('REPLY_ALREADY_ISSUED');
    const after = await getBody(t.http, clerk.auth, api(`/replies/${b.replyId}`));
    expect(after.body).not.toBe('書き換え');
    expect(after.revisions.map((r: { issued: boolean }) => r.issued)).toEqual([false, false, true]);
    expect(after.document).toMatchObject({
      numberLabel: '答申第1号',
      dateLabel: '平成29年7月21日',
      draft: false,
    });
    expect(
      (await request(t.http).get(api('/notifications')).set(clerk.auth)).body.map(
        (n: { kind: string }) => n.kind,
      ),
    ).toContain('replyIssued');
  });

  it('tracks the condition: overdue, on a later agenda, reported with an attachment, closed; the case closes', async () => {
    const [cond] = (await request(t.http).get(api('/conditions')).set(clerk.auth).expect(200)).body;
    expect(cond).toMatchObject({ state: 'open', dueDate: '2017-10-31', overdue: true, stateLabel: '対応中' });
    expect(await caseStatus(ids.b)).toBe('conditionsOpen');

    const scan = t.app.get(NotificationsService);
    expect(await scan.scanDeadlines()).toBe(1);
    expect(await scan.scanDeadlines()).toBe(0);

    const later = await planMeeting(t.http, secretariat.auth, {
      number: 71,
      startsAt: '2017-11-20T14:00:00+09:00',
      place: '議会会議室',
    });
    const added = await request(t.http)
      .post(api(`/meetings/${later.id}/agenda/condition-reports`))
      .set(secretariat.auth)
      .send({})
      .expect(201);
    expect(added.body.ids).toHaveLength(1);
    const again = await request(t.http)
      .post(api(`/meetings/${later.id}/agenda/condition-reports`))
      .set(secretariat.auth)
      .send({});
    expect(again.body.code).toBe('AGENDA_NO_OPEN_CONDITIONS');
    expect((await meetingDetail(later.id)).reports[0]).toMatchObject({
      label: 'ア',
      kind: 'conditionReport',
    });

    const closeEarly = await request(t.http)
      .post(api(`/conditions/${cond.id}/close`))
      .set(secretariat.auth)
      .send({ comment: '確認' });
    expect(closeEarly.body.code).toBe('WORKFLOW_TRANSITION_NOT_ALLOWED');
    await request(t.http)
      .post(api(`/conditions/${cond.id}/reports`))
      .set(clerk.auth)
      .field('body', '庁内に外部サーバ利用の取扱いを周知しました。')
      .attach('files', Buffer.from('%PDF-1.4 周知文書'), {
        filename: '周知文.pdf',
        contentType: 'text/plain',
      })
      .expect(200);
    const detail = await getBody(t.http, member.auth, api(`/conditions/${cond.id}`));
    expect(detail).toMatchObject({ state: 'reported', overdue: false });
    const attachment = detail.reports[0].attachments[0];
    const file = await request(t.http)
      .get(api(`/conditions/attachments/${attachment.id}`))
      .set(secretariat.auth)
      .expect(200);
    expect(file.body.toString()).toBe('%PDF-1.4 周知文書');
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('周知文.pdf'));

    await request(t.http)
      .post(api(`/conditions/${cond.id}/reopen`))
      .set(secretariat.auth)
      .send({ comment: '周知の範囲を報告してください' })
      .expect(200);
    await request(t.http)
      .post(api(`/conditions/${cond.id}/reports`))
      .set(clerk.auth)
      .send({ body: '全課に通知しました。' })
      .expect(200);
    await request(t.http)
      .post(api(`/conditions/${cond.id}/close`))
      .set(secretariat.auth)
      .send({ comment: '対応を確認しました' })
      .expect(200);
    expect(await caseStatus(ids.b)).toBe('closed');
    const history = (
      await request(t.http)
        .get(api(`/workflow/cases/${ids.b}/history`))
        .set(clerk.auth)
    ).body.map((h: { action: string }) => h.action);
    expect(history).toEqual(['submit', 'accept', 'schedule', 'decide', 'openConditions', 'closeConditions']);
    const [cd] = (await request(t.http).get(api('/conditions?state=closed')).set(clerk.auth)).body;
    expect(cd.closingComment).toBe('対応を確認しました');
  });

  it('puts the criteria of a categorical consultation into the registry', async () => {
    const m = await laterMeeting(72, '2018-02-20T14:00:00+09:00');
    const cat = await acceptedCase('LGWANを利用したオンライン結合（類型諮問）');
    const it = await scheduleCase(t.http, secretariat.auth, m.id, cat.id);
    const bad = await request(t.http)
      .patch(api(`/meetings/${m.id}/agenda/${it.id}`))
      .set(secretariat.auth)
      .send({ categorical: true });
    expect(bad.body.code).toBe('AGENDA_CATEGORICAL_CRITERIA_REQUIRED');
    await request(t.http)
      .patch(api(`/meetings/${m.id}/agenda/${it.id}`))
      .set(secretariat.auth)
      .send({
        categorical: true,
        criteria: {
          legalBases: ['第10条第2項'],
          connectionForms: ['LGWAN'],
          vendorKinds: [],
          dataItemKinds: [],
        },
      })
      .expect(204);
    await conveneAndHold(t.http, m.id, secretariat.auth);
    const out = await postOutcome(t.http, secretariat.auth, m.id, it.id, {
      outcome: 'approved',
      voteMethod: 'noObjection',
    }).expect(200);
    await request(t.http)
      .post(api(`/replies/${out.body.replyId}/issue`))
      .set(secretariat.auth)
      .send({})
      .expect(200);
    const [row] = await t.ds.query(
      `SELECT title, criteria, active, reply_id FROM categorical_consultation WHERE reply_id = $1`,
      [out.body.replyId],
    );
    expect(row).toMatchObject({
      title: 'LGWANを利用したオンライン結合（類型諮問）',
      active: true,
      reply_id: out.body.replyId,
    });
    // Stored as conditions of the case-file rule engine, which now cites the category.
    expect(row.criteria).toMatchObject({ externalConnection: true, connectionForm: ['lgwan'] });
    const assessed = await request(t.http)
      .post('/api/assessment')
      .set(secretariat.auth)
      .send({
        ...NO_ANSWERS,
        externalConnection: true,
        connectionForm: 'lgwan',
        // The category belongs to the ordinance of its legal basis (the Odawara-style 第10条).
        ...(row.criteria.ordinance ? { ordinance: row.criteria.ordinance } : {}),
      })
      .expect(200);
    expect(row.criteria.ordinance).toBe('小田原市個人情報保護条例');
    expect(assessed.body.categorical.map((c: { title: string }) => c.title)).toContain(
      'LGWANを利用したオンライン結合（類型諮問）',
    );
    expect(
      assessed.body.categorical.find((c: { title: string }) => c.title.startsWith('LGWAN')).replyReference,
    ).toMatch(/^答申第\d+号（(平成|令和)/);
  });

  it('continues a case to a later meeting with its Q&A, and lets the department withdraw before a decision', async () => {
    const first = await laterMeeting(80, '2018-05-10T14:00:00+09:00');
    const c = await acceptedCase('継続審議となる事案');
    const it1 = await scheduleCase(t.http, secretariat.auth, first.id, c.id);
    await conveneAndHold(t.http, first.id, secretariat.auth);
    await request(t.http)
      .post(api(`/meetings/${first.id}/agenda/${it1.id}/entries`))
      .set(secretariat.auth)
      .send({ speakerRole: 'member', text: '委託先の選定理由を次回までに示してほしい。' })
      .expect(201);
    await postOutcome(t.http, secretariat.auth, first.id, it1.id, { outcome: 'continued' }).expect(200);
    expect(await caseStatus(c.id)).toBe('accepted');
    const second = await laterMeeting(81, '2018-07-10T14:00:00+09:00');
    const it2 = await scheduleCase(t.http, secretariat.auth, second.id, c.id);
    const record = await request(t.http)
      .get(api(`/meetings/${second.id}/agenda/${it2.id}/record`))
      .set(secretariat.auth)
      .expect(200);
    expect(record.body.earlier).toEqual([
      expect.objectContaining({ meetingNumber: 80, text: '委託先の選定理由を次回までに示してほしい。' }),
    ]);

    const withdrawn = await request(t.http)
      .post(api(`/workflow/cases/${c.id}/withdraw`))
      .set(clerk.auth)
      .send({ comment: '事業を見直すため' })
      .expect(200);
    expect(withdrawn.body.statusLabel).toBe('取下げ');
    const [item81] = (await meetingDetail(second.id)).consultations;
    expect(item81).toMatchObject({ outcomeLabel: '取下げ', withdrawalReason: '事業を見直すため' });
    const late = await request(t.http)
      .post(api(`/workflow/cases/${ids.a}/withdraw`))
      .set(clerk.auth)
      .send({ comment: '決定後の取下げ' });
    expect(late.body.code).toBe('WORKFLOW_TRANSITION_NOT_ALLOWED');
  });

  it('gives the secretariat its KPIs', async () => {
    const kpi = (await request(t.http).get(api('/kpi')).set(secretariat.auth).expect(200)).body;
    expect(kpi.casesByState.find((s: { state: string }) => s.state === 'closed').count).toBe(1);
    expect(kpi.submissionToAcceptance.count).toBeGreaterThanOrEqual(6);
    expect(kpi.submissionToReply.count).toBe(3);
    // No meeting lies ahead of today here, so the latest unheld one (第81回) is shown.
    expect(kpi.nextMeeting).toMatchObject({ number: 81, items: 1 });
    expect(kpi.nextMeeting.itemsWithoutMaterials).toHaveLength(1);
    const forbidden = await request(t.http).get(api('/kpi')).set(clerk.auth);
    expect(forbidden.status).toBe(403);
  });
});

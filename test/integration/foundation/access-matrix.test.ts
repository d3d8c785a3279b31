import { PDFDocument } from 'pdf-lib';
import request from 'supertest';
import type { CaseFile } from '../../../src/cases/case-file.entity';
import {
  CaseCondition,
  ConditionReport,
  ConditionReportAttachment,
} from '../../../src/conditions/condition.entity';
import { AgendaItem } from '../../../src/meetings/agenda-item.entity';
import { MeetingAttendee } from '../../../src/meetings/meeting-attendee.entity';
import { Meeting } from '../../../src/meetings/meeting.entity';
import { Reply } from '../../../src/replies/reply.entity';
import { CouncilSetupService } from '../../../src/council/setup/council-setup.service';
import { runInCouncil } from '../../../src/database/council-context';
import { login, makeDepartment, makeUser, userWithToken } from '../../support/factories';
import { councilSetupInput, makePlatformAdmin } from '../../support/councils';
import { pdfRendererOf, startTestApp, type TestApp } from '../../support/test-app';
import { makeCase, makeCouncilMember, submitAndAccept } from '../../support/workflow-factories';
import { todayInJapan } from '../../../src/common/format/today';

/**
 * The access matrix: every GET route of the OpenAPI document that takes an id, as every role,
 * against one fixture world, must answer exactly what the case-access policy says
 * (src/cases/case-access-policy.ts; the README's "Security: who sees what").
 *
 * The deployment has two councils (issue 15): the fixture world is council 1's; council 2 is made
 * through the setup service with its own people, case and meeting. Every route is also asked by
 * council 2's people about council 1's ids (404 where their role admits the route: another council's
 * rows answer as missing ones, never 403), and by the platform administrator (403 everywhere).
 */

const ROLES = [
  'clerkOwn',
  'clerkOther',
  'secretariat',
  'memberIn',
  'memberOut',
  'chair',
  'admin',
  'platformAdmin',
  'anonymous',
] as const;
type RoleName = (typeof ROLES)[number];
type AppRole = 'clerk' | 'secretariat' | 'member' | 'chair' | 'admin';
const APP_ROLE: Record<Exclude<RoleName, 'anonymous' | 'platformAdmin'>, AppRole> = {
  clerkOwn: 'clerk',
  clerkOther: 'clerk',
  secretariat: 'secretariat',
  memberIn: 'member',
  memberOut: 'member',
  chair: 'chair',
  admin: 'admin',
};

let t: TestApp;
const auth: Partial<Record<RoleName, { Authorization: string }>> = {};

/** Council 2's people, each asking as the council-1 column whose role it shares. */
const OTHER_COUNCIL = {
  otherClerk: 'clerkOwn',
  otherSecretariat: 'secretariat',
  otherMember: 'memberIn',
  otherChair: 'chair',
  otherAdmin: 'admin',
} as const satisfies Record<string, RoleName>;
type OtherName = keyof typeof OTHER_COUNCIL;
const otherAuth: Partial<Record<OtherName, { Authorization: string }>> = {};
/** Council 2's own rows. */
const other = {} as { councilId: number; caseId: string; meetingId: string; userIds: string[] };
/** Routes whose parameter names no record (a report kind): nothing of council 1 to hide there. */
const NOT_A_RECORD = new Set([
  '/api/standing-reports/{kind}',
  '/api/standing-reports/{kind}/report.pdf',
  '/api/standing-reports/{kind}/report.docx',
]);

/** The fixture world's ids. */
const w = {} as {
  caseOnAgenda: string; // accepted, scheduled on meeting M (attended by memberIn and the chair), draft reply
  caseWithdrawn: string; // withdrawn before it was ever put on an agenda
  casePublic: string; // decided on meeting M2 (attended by nobody) in open session, reply issued: public
  caseClosedSession: string; // decided on M2 in closed session, reply issued: not public
  caseDraft: string; // never submitted
  attachmentOnAgenda: string;
  attachmentWithdrawn: string;
  meetingM: string;
  meetingM2: string;
  meetingBack: string; // attended by memberIn; minutes circulated, then taken back to drafting
  itemOnAgenda: string;
  replyDraft: string;
  replyPublic: string;
  replyClosed: string;
  conditionPublic: string;
  conditionClosed: string;
  conditionAttachment: string;
  clauseSet: string;
  clauseSetVersion: string;
  adminUser: string;
  incident: string; // of clerkOwn's department
  registerEntry: string; // department A's file-register entry
  registerProposal: string; // department A's proposal from the public case's reply
};

type Who = readonly RoleName[];
/** Who sees each case under the policy. */
const SEES: Record<string, Who> = {
  caseOnAgenda: ['clerkOwn', 'secretariat', 'memberIn', 'chair'],
  caseWithdrawn: ['clerkOwn', 'secretariat'],
  casePublic: ['clerkOwn', 'secretariat', 'memberIn', 'memberOut', 'chair'],
  caseClosedSession: ['clerkOwn', 'secretariat'],
  caseDraft: ['clerkOwn'],
};
const MEETING_M: Who = ['clerkOwn', 'secretariat', 'memberIn', 'chair'];
const ALL_READERS: AppRole[] = ['clerk', 'secretariat', 'member', 'chair'];
const COUNCIL: AppRole[] = ['secretariat', 'member', 'chair'];

/**
 * Expected status: 401 anonymous, 403 for a role the route does not admit, else 200 for those in
 * `sees` and `hidden` (404 unless told) for the rest.
 */
function rule(
  roles: AppRole[] | 'authenticated',
  sees: Who,
  overrides: Partial<Record<RoleName, number>> = {},
): Record<RoleName, number> {
  const out = {} as Record<RoleName, number>;
  for (const r of ROLES) {
    if (r === 'anonymous') out[r] = 401;
    // The platform administrator manages councils and nothing inside them.
    else if (r === 'platformAdmin') out[r] = 403;
    else if (roles !== 'authenticated' && !roles.includes(APP_ROLE[r])) out[r] = 403;
    else out[r] = sees.includes(r) ? 200 : 404;
    if (overrides[r] !== undefined && out[r] !== 401 && out[r] !== 403) out[r] = overrides[r];
  }
  return out;
}

interface Subject {
  label: string;
  params: () => Record<string, string>;
  expect: Record<RoleName, number>;
}

const caseSubjects = (roles: AppRole[], keys = Object.keys(SEES)): Subject[] =>
  keys.map((k) => ({
    label: k,
    params: () => ({ id: w[k as keyof typeof w] }),
    expect: rule(roles, SEES[k]),
  }));

/** A subject every reader role may ask for: the fixture `key` as `{id}`, seen by `sees`. */
const readerSubject = (label: string, key: keyof typeof w, sees: Who): Subject => ({
  label,
  params: () => ({ id: w[key] }),
  expect: rule(ALL_READERS, sees),
});

/** Every GET route with a path parameter, and the fixtures it is asked about. */
const MATRIX: Record<string, Subject[]> = {
  '/api/cases/{id}': caseSubjects(ALL_READERS),
  '/api/cases/{id}/validation': caseSubjects(ALL_READERS),
  '/api/cases/{id}/versions': caseSubjects(ALL_READERS),
  // the draft has no version to compare with
  '/api/cases/{id}/diff': caseSubjects(ALL_READERS, [
    'caseOnAgenda',
    'caseWithdrawn',
    'casePublic',
    'caseClosedSession',
  ]),
  '/api/cases/{id}/document-data': caseSubjects(ALL_READERS),
  '/api/cases/{id}/document.pdf': caseSubjects(ALL_READERS),
  '/api/cases/{id}/items.xlsx': caseSubjects(ALL_READERS),
  '/api/cases/{id}/attachments/{attachmentId}': [
    {
      label: 'attachment of the case on the agenda',
      params: () => ({ id: w.caseOnAgenda, attachmentId: w.attachmentOnAgenda }),
      expect: rule(ALL_READERS, SEES.caseOnAgenda),
    },
    {
      label: 'attachment of the withdrawn case',
      params: () => ({ id: w.caseWithdrawn, attachmentId: w.attachmentWithdrawn }),
      expect: rule(ALL_READERS, SEES.caseWithdrawn),
    },
  ],
  '/api/cases/{id}/reply.pdf': [
    readerSubject('draft reply', 'caseOnAgenda', ['secretariat']),
    readerSubject('public reply', 'casePublic', SEES.casePublic),
    readerSubject('closed-session reply', 'caseClosedSession', SEES.caseClosedSession),
    readerSubject('no reply', 'caseWithdrawn', []),
  ],
  '/api/cases/{id}/notice.pdf': [
    {
      label: 'draft reply',
      params: () => ({ id: w.caseOnAgenda }),
      expect: rule(['clerk', 'secretariat'], ['secretariat']),
    },
    {
      label: 'public reply',
      params: () => ({ id: w.casePublic }),
      expect: rule(['clerk', 'secretariat'], SEES.casePublic),
    },
  ],
  '/api/replies/{id}': [
    readerSubject('draft', 'replyDraft', ['secretariat']),
    readerSubject('public', 'replyPublic', SEES.casePublic),
    readerSubject('closed session', 'replyClosed', SEES.caseClosedSession),
  ],
  '/api/conditions/{id}': [
    readerSubject('of the public case', 'conditionPublic', SEES.casePublic),
    readerSubject('of the closed-session case', 'conditionClosed', SEES.caseClosedSession),
  ],
  '/api/conditions/attachments/{id}': [
    readerSubject(
      'report attachment of the closed-session case',
      'conditionAttachment',
      SEES.caseClosedSession,
    ),
  ],
  // A 第三者点検 is seen with its case (every fixture case carries an assessment).
  '/api/impact-assessments/{id}': caseSubjects(ALL_READERS),
  '/api/impact-assessments/{id}/result.pdf': caseSubjects(ALL_READERS),
  '/api/impact-assessments/{id}/result.docx': caseSubjects(ALL_READERS),
  '/api/workflow/cases/{id}': caseSubjects(ALL_READERS),
  '/api/workflow/cases/{id}/history': caseSubjects(ALL_READERS),
  '/api/meetings/{id}': [readerSubject('M', 'meetingM', MEETING_M)],
  '/api/meetings/{id}/agenda-document': [readerSubject('M', 'meetingM', MEETING_M)],
  '/api/meetings/{id}/agenda.pdf': [readerSubject('M', 'meetingM', MEETING_M)],
  '/api/meetings/{id}/materials.pdf': [readerSubject('M', 'meetingM', MEETING_M)],
  '/api/meetings/{id}/packet.pdf': [
    { label: 'M', params: () => ({ id: w.meetingM }), expect: rule(COUNCIL, MEETING_M) },
  ],
  // A report item's files: the readers of the packet they are printed in.
  '/api/meetings/{id}/agenda/{itemId}/files': [
    {
      label: 'item of the case on the agenda',
      params: () => ({ id: w.meetingM, itemId: w.itemOnAgenda }),
      expect: rule(COUNCIL, MEETING_M),
    },
  ],
  '/api/meetings/{id}/agenda/{itemId}/record': [
    {
      label: 'item of the case on the agenda',
      params: () => ({ id: w.meetingM, itemId: w.itemOnAgenda }),
      expect: rule(COUNCIL, MEETING_M),
    },
  ],
  '/api/meetings/{id}/questions': [
    {
      label: 'M',
      params: () => ({ id: w.meetingM }),
      expect: rule(ALL_READERS, MEETING_M, { memberOut: 403 }),
    },
  ],
  // Internal minutes: members only while sent round to them (MINUTES_NOT_ATTENDED is 403 by design:
  // the meeting itself is no secret to a council member).
  '/api/meetings/{id}/minutes.pdf': [
    {
      label: 'circulating',
      params: () => ({ id: w.meetingM }),
      expect: rule(COUNCIL, ['secretariat', 'memberIn', 'chair'], { memberOut: 403 }),
    },
    {
      label: 'taken back to drafting',
      params: () => ({ id: w.meetingBack }),
      expect: rule(COUNCIL, ['secretariat'], { memberIn: 409, memberOut: 403, chair: 403 }),
    },
  ],
  '/api/minutes/{meetingId}/mine': [
    {
      label: 'circulating',
      params: () => ({ meetingId: w.meetingM }),
      expect: rule(['member', 'chair'], ['memberIn', 'chair'], { memberOut: 403 }),
    },
    {
      label: 'taken back to drafting',
      params: () => ({ meetingId: w.meetingBack }),
      expect: rule(['member', 'chair'], [], { memberIn: 409, memberOut: 403, chair: 403 }),
    },
  ],
  '/api/minutes/{meetingId}': [
    { label: 'M', params: () => ({ meetingId: w.meetingM }), expect: rule(['secretariat'], ['secretariat']) },
  ],
  '/api/minutes/{meetingId}/confirmations': [
    { label: 'M', params: () => ({ meetingId: w.meetingM }), expect: rule(['secretariat'], ['secretariat']) },
  ],
  '/api/minutes/{meetingId}/corrections': [
    { label: 'M', params: () => ({ meetingId: w.meetingM }), expect: rule(['secretariat'], ['secretariat']) },
  ],
  '/api/minutes/{meetingId}/masks': [
    { label: 'M', params: () => ({ meetingId: w.meetingM }), expect: rule(['secretariat'], ['secretariat']) },
  ],
  // Catalog and users: no council business.
  '/api/clause-sets/{id}': [
    {
      label: 'a clause set',
      params: () => ({ id: w.clauseSet }),
      expect: rule(
        'authenticated',
        ROLES.filter((r) => r !== 'anonymous' && r !== 'platformAdmin'),
      ),
    },
  ],
  '/api/clause-sets/{id}/versions/{number}': [
    {
      label: 'its version',
      params: () => ({ id: w.clauseSet, number: w.clauseSetVersion }),
      expect: rule(
        'authenticated',
        ROLES.filter((r) => r !== 'anonymous' && r !== 'platformAdmin'),
      ),
    },
  ],
  '/api/admin/users/{id}': [
    { label: 'a user', params: () => ({ id: w.adminUser }), expect: rule(['admin'], ['admin']) },
  ],
  // Standing reports: the secretariat's and the admin's, nobody else's (the PDF and .docx are asked
  // without a period here: past the guard they answer 400; their content is tested in statistics).
  '/api/standing-reports/{kind}': [
    {
      label: 'the 運用状況 of a fiscal year',
      params: () => ({ kind: 'operations?period=fiscalYear&fiscalYear=2025' }),
      expect: rule(['secretariat', 'admin'], ['secretariat', 'admin']),
    },
  ],
  '/api/standing-reports/{kind}/report.pdf': [
    {
      label: 'without a period',
      params: () => ({ kind: 'operations' }),
      expect: rule(['secretariat', 'admin'], ['secretariat', 'admin'], { secretariat: 400, admin: 400 }),
    },
  ],
  '/api/standing-reports/{kind}/report.docx': [
    {
      label: 'without a period',
      params: () => ({ kind: 'operations' }),
      expect: rule(['secretariat', 'admin'], ['secretariat', 'admin'], { secretariat: 400, admin: 400 }),
    },
  ],
  // Incidents are not cases: the department that has them and the secretariat; members never.
  '/api/incidents/{id}': [
    {
      label: 'of the own department',
      params: () => ({ id: w.incident }),
      expect: rule(['clerk', 'secretariat'], ['clerkOwn', 'secretariat']),
    },
  ],
  // The file register: the department's clerks keep it, the secretariat reads it.
  '/api/file-register/entries/{id}': [
    {
      label: "department A's entry",
      params: () => ({ id: w.registerEntry }),
      expect: rule(['clerk', 'secretariat'], ['clerkOwn', 'secretariat']),
    },
  ],
  '/api/file-register/proposals/{id}': [
    {
      label: "department A's proposal",
      params: () => ({ id: w.registerProposal }),
      expect: rule(['clerk', 'secretariat'], ['clerkOwn', 'secretariat']),
    },
  ],
};
// The Word copies are the same papers: they answer every role exactly as their PDF twins.
for (const paper of [
  '/api/cases/{id}/document',
  '/api/cases/{id}/reply',
  '/api/cases/{id}/notice',
  '/api/meetings/{id}/agenda',
  '/api/meetings/{id}/materials',
  '/api/meetings/{id}/minutes',
])
  MATRIX[`${paper}.docx`] = MATRIX[`${paper}.pdf`];

/** A one-page PDF: the renderer is swapped (access is decided before anything is printed). */
async function blankPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  return Buffer.from(await doc.save());
}

beforeAll(async () => {
  t = await startTestApp();
  const pdf = await blankPdf();
  const renderer = pdfRendererOf(t.app);
  renderer.render = () => Promise.resolve(pdf);

  const deptA = await makeDepartment(t.ds);
  const deptB = await makeDepartment(t.ds);
  const users = {
    clerkOwn: await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: deptA.id }),
    clerkOther: await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: deptB.id }),
    secretariat: await userWithToken(t.http, t.ds, { role: 'secretariat' }),
    memberIn: await userWithToken(t.http, t.ds, { role: 'member' }),
    memberOut: await userWithToken(t.http, t.ds, { role: 'member' }),
    chair: await userWithToken(t.http, t.ds, { role: 'chair' }),
    admin: await userWithToken(t.http, t.ds, { role: 'admin' }),
  };
  for (const [k, v] of Object.entries(users)) auth[k as RoleName] = v.auth;
  w.adminUser = users.clerkOther.user.id;
  await t.ds.query(
    `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, '試験市', '試験市個人情報保護審議会', '試験市長') ON CONFLICT DO NOTHING`,
  );
  w.incident = (
    await request(t.http)
      .post('/api/incidents')
      .set(users.clerkOwn.auth)
      .send({ title: '通知書の誤送付', discoveredOn: '2026-10-01', kind: 'leak', personsAffected: 1 })
      .expect(201)
  ).body.id as string;
  const clerk = users.clerkOwn;
  const secretariat = users.secretariat.auth;

  const cmIn = await makeCouncilMember(t.ds, { userId: users.memberIn.user.id });
  await makeCouncilMember(t.ds, { userId: users.memberOut.user.id });
  const cmChair = await makeCouncilMember(t.ds, { userId: users.chair.user.id, title: 'chair' });

  const newCase = async (title: string, attach: boolean) => {
    const c = await makeCase(t.ds, { departmentId: deptA.id, createdById: clerk.user.id, title });
    let attachmentId: string | undefined;
    if (attach) {
      const res = await request(t.http)
        .post(`/api/cases/${c.id}/attachments`)
        .set(clerk.auth)
        .field('title', `${title}の資料`)
        .attach('file', pdf, 'shiryou.pdf')
        .expect(201);
      attachmentId = res.body.id as string;
    }
    return { c, attachmentId };
  };
  const onAgenda = await newCase('審議予定の事案', true);
  const withdrawn = await newCase('付議前に取り下げた事案', true);
  const publicCase = await newCase('答申が公開された事案', false);
  const closedCase = await newCase('非公開審議の事案', false);
  const draft = await newCase('作成中の事案', false);
  for (const c of [onAgenda.c, withdrawn.c, publicCase.c, closedCase.c])
    await submitAndAccept(t.http, c.id, clerk.auth, secretariat);
  const setStatus = (c: CaseFile, status: string) =>
    t.ds.query(`UPDATE case_file SET status = $2 WHERE id = $1`, [c.id, status]);
  await setStatus(withdrawn.c, 'withdrawn');
  await setStatus(onAgenda.c, 'scheduled');
  await setStatus(publicCase.c, 'conditionsOpen');
  await setStatus(closedCase.c, 'conditionsOpen');
  Object.assign(w, {
    caseOnAgenda: onAgenda.c.id,
    caseWithdrawn: withdrawn.c.id,
    casePublic: publicCase.c.id,
    caseClosedSession: closedCase.c.id,
    caseDraft: draft.c.id,
    attachmentOnAgenda: onAgenda.attachmentId,
    attachmentWithdrawn: withdrawn.attachmentId,
  });

  const meetings = t.ds.getRepository(Meeting);
  const meeting = (number: number) =>
    meetings.save(
      meetings.create({
        number,
        startsAt: new Date('2026-05-20T14:00:00+09:00'),
        endsAt: null,
        place: '第1会議室',
        state: 'held',
        otherNotes: null,
      }),
    );
  const m = await meeting(101);
  const m2 = await meeting(102);
  const back = await meeting(103);
  const items = t.ds.getRepository(AgendaItem);
  const item = (meetingId: string, c: CaseFile, position: number, closedSession = false) =>
    items.save(
      items.create({
        meetingId,
        section: 'consultation',
        kind: 'case',
        position,
        caseId: c.id,
        title: c.title,
        closedSession,
      }),
    );
  const itemM = await item(m.id, onAgenda.c, 1);
  const itemPublic = await item(m2.id, publicCase.c, 1);
  const itemClosed = await item(m2.id, closedCase.c, 2, true);
  const attendees = t.ds.getRepository(MeetingAttendee);
  for (const [meetingId, cm] of [
    [m.id, cmIn],
    [m.id, cmChair],
    [back.id, cmIn],
  ] as const)
    await attendees.save(
      attendees.create({
        meetingId,
        category: 'member',
        councilMemberId: cm.id,
        name: cm.name,
        attendance: 'present',
      }),
    );

  const replies = t.ds.getRepository(Reply);
  const reply = (itemId: string, c: CaseFile, state: 'draft' | 'issued', number: number | null) =>
    replies.save(
      replies.create({
        agendaItemId: itemId,
        caseId: c.id,
        state,
        number,
        fiscalYear: number ? 2026 : null,
        issuedAt: number ? new Date() : null,
        replyDate: '2026-05-20',
        addressee: '市長',
        sender: '審議会 会長',
        title: `${c.title}について（答申）`,
        outcome: 'approvedWithOpinion',
        body: `「${c.title}」について答申します。`,
        supplementaryOpinions: ['安全管理措置を報告すること'],
      }),
    );
  const rDraft = await reply(itemM.id, onAgenda.c, 'draft', null);
  const rPublic = await reply(itemPublic.id, publicCase.c, 'issued', 1);
  const rClosed = await reply(itemClosed.id, closedCase.c, 'issued', 2);
  const conditions = t.ds.getRepository(CaseCondition);
  const condition = (c: CaseFile, replyId: string) =>
    conditions.save(
      conditions.create({
        caseId: c.id,
        replyId,
        text: '安全管理措置を報告すること',
        departmentId: deptA.id,
        dueDate: '2026-12-01',
      }),
    );
  const condPublic = await condition(publicCase.c, rPublic.id);
  const condClosed = await condition(closedCase.c, rClosed.id);
  const report = await t.ds.getRepository(ConditionReport).save(
    t.ds.getRepository(ConditionReport).create({
      conditionId: condClosed.id,
      body: '対応しました。',
      submittedById: clerk.user.id,
      submittedByName: 'テスト clerk',
    }),
  );
  const repAttachment = await t.ds.getRepository(ConditionReportAttachment).save(
    t.ds.getRepository(ConditionReportAttachment).create({
      reportId: report.id,
      filename: 'houkoku.pdf',
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
      data: pdf,
    }),
  );

  // Minutes: M's circulating; the other meeting's circulated, then taken back to drafting.
  const deadline = todayInJapan();
  for (const meetingId of [m.id, back.id]) {
    await request(t.http).post(`/api/minutes/${meetingId}/generate`).set(secretariat).send({}).expect(200);
    await request(t.http)
      .post(`/api/minutes/${meetingId}/actions/circulate`)
      .set(secretariat)
      .send({ deadline })
      .expect(200);
  }
  await request(t.http)
    .post(`/api/minutes/${back.id}/actions/backToDrafting`)
    .set(secretariat)
    .send({ comment: '議事の記載を直します' })
    .expect(200);

  await t.ds.query(
    `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, '新宿区', '新宿区情報公開・個人情報保護審議会', '新宿区長') ON CONFLICT DO NOTHING`,
  );
  const entry = await request(t.http)
    .post('/api/file-register/entries')
    .set(clerk.auth)
    .send({
      name: '緑化助成申請者ファイル',
      purpose: '助成の審査',
      recordItems: ['氏名'],
      recordScope: '申請者',
      collectionMethod: '',
      sensitive: false,
      regularRecipients: '',
      requestOffice: '区政情報課',
      specialProcedures: '',
      fileType: 'computer',
      exclusion: null,
      exclusionNote: '',
    })
    .expect(201);
  const [proposal]: { id: string }[] = await t.ds.query(
    `INSERT INTO register_proposal (council_id, case_id, reply_id, department_id, fields)
     SELECT 1, $1, $2, $3, fields FROM register_entry_version WHERE entry_id = $4 RETURNING id`,
    [publicCase.c.id, rPublic.id, deptA.id, entry.body.id],
  );

  const [set]: { id: string; version: number }[] = await t.ds.query(
    `SELECT s.id, v.number AS version FROM clause_set s JOIN clause_set_version v ON v.clause_set_id = s.id LIMIT 1`,
  );
  Object.assign(w, {
    meetingM: m.id,
    meetingM2: m2.id,
    meetingBack: back.id,
    itemOnAgenda: itemM.id,
    replyDraft: rDraft.id,
    replyPublic: rPublic.id,
    replyClosed: rClosed.id,
    conditionPublic: condPublic.id,
    conditionClosed: condClosed.id,
    conditionAttachment: repAttachment.id,
    clauseSet: set.id,
    clauseSetVersion: String(set.version),
    registerEntry: entry.body.id,
    registerProposal: proposal.id,
  });
  // Every fixture case is also an impact assessment review (its 点検結果 names the council).
  await t.ds.query(
    `INSERT INTO municipality (id, name, council_name, implementing_body) VALUES (1, '区', '区審議会', '区長')
     ON CONFLICT (id) DO NOTHING`,
  );
  await t.ds.query(
    `INSERT INTO impact_assessment (case_id, council_id, affair_name, file_name, target_count, handler_count,
                                    serious_incident, evaluated_on)
     SELECT id, 1, title, 'ファイル', 300000, 10, false, '2026-01-01' FROM case_file`,
  );
  await makeOtherCouncil();
  await makePlatformAdmin(t.appDs, 'platform-ops');
  auth.platformAdmin = { Authorization: `Bearer ${await login(t.http, 'platform-ops')}` };
}, 180_000);

/** Council 2, made as an operator makes one, with its own people, a case and a meeting. */
async function makeOtherCouncil(): Promise<void> {
  const created = await t.app
    .get(CouncilSetupService)
    .create(
      { ...councilSetupInput('otsu', '乙町'), slug: 'otsu-town', adminUsername: 'otsu-admin' },
      { via: 'cli', additional: true },
    );
  other.councilId = created.councilId;
  const people = await runInCouncil(created.councilId, async () => {
    const dept = await makeDepartment(t.appDs, { code: 'otsu-kikaku', name: '乙町企画課' });
    const user = (username: string, role: AppRole, departmentId: string | null = null) =>
      makeUser(t.appDs, { username, displayName: username, role, departmentId });
    const made = {
      otherClerk: await user('otsu-clerk', 'clerk', dept.id),
      otherSecretariat: await user('otsu-jimu', 'secretariat'),
      otherMember: await user('otsu-member', 'member'),
      otherChair: await user('otsu-chair', 'chair'),
    };
    const c = await makeCase(t.appDs, {
      departmentId: dept.id,
      createdById: made.otherClerk.id,
      title: '乙町の事案',
    });
    return { ...made, caseId: c.id };
  });
  for (const key of ['otherClerk', 'otherSecretariat', 'otherMember', 'otherChair'] as const)
    otherAuth[key] = { Authorization: `Bearer ${await login(t.http, people[key].username)}` };
  otherAuth.otherAdmin = { Authorization: `Bearer ${await login(t.http, 'otsu-admin')}` };
  other.caseId = people.caseId;
  other.userIds = [people.otherClerk.id, people.otherSecretariat.id, created.adminUserId];
  await submitAndAccept(t.http, other.caseId, otherAuth.otherClerk!, otherAuth.otherSecretariat!);
  other.meetingId = (
    await request(t.http)
      .post('/api/meetings')
      .set(otherAuth.otherSecretariat!)
      .send({ number: 101, startsAt: '2026-05-20T14:00:00+09:00', place: '乙町役場 会議室' })
      .expect(201)
  ).body.id as string;
}

afterAll(async () => {
  await t?.close();
});

const fill = (template: string, params: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (!v) throw new Error(`no fixture value for {${name}} in ${template}`);
    return v;
  });

async function statusOf(path: string, role: RoleName): Promise<number> {
  const r = request(t.http).get(path);
  const a = auth[role];
  if (a) r.set(a);
  return (await r).status;
}

describe('access matrix: every GET route with an id, as every role', () => {
  it('knows every such route of the OpenAPI document (add a new one to MATRIX with its policy)', async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths)
      .filter(([path, ops]) => path.startsWith('/api/') && path.includes('{') && 'get' in ops)
      .map(([path]) => path);
    expect(routes.length).toBeGreaterThan(20);
    const unknown = routes.filter((r) => !(r in MATRIX));
    if (unknown.length)
      throw new Error(
        `GET routes with an id that the access matrix does not know: ${unknown.join(', ')}. ` +
          'Add each to MATRIX in test/integration/foundation/access-matrix.test.ts with the statuses ' +
          'the case-access policy gives every role.',
      );
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('answers each role exactly as the policy says', async () => {
    const wrong: string[] = [];
    for (const [template, subjects] of Object.entries(MATRIX))
      for (const s of subjects) {
        const path = fill(template, s.params());
        for (const role of ROLES) {
          const got = await statusOf(path, role);
          if (got !== s.expect[role])
            wrong.push(`${template} [${s.label}] as ${role}: ${got}, expected ${s.expect[role]}`);
        }
      }
    expect(wrong).toEqual([]);
  }, 180_000);
});

describe('the platform routes: the platform administrator alone', () => {
  it('every /api/platform route, whatever its method, is 401 anonymous and 403 to every council role', async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/platform/'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m))
          .map((method) => ({ method: method as 'get' | 'post' | 'patch' | 'put' | 'delete', path })),
      );
    // The councils, renaming, suspending and resuming; the platform administrators' accounts.
    expect(routes.map((r) => `${r.method.toUpperCase()} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/platform/councils',
        'PATCH /api/platform/councils/{id}',
        'POST /api/platform/councils/{id}/suspend',
        'POST /api/platform/councils/{id}/resume',
        'GET /api/platform/admins',
        'POST /api/platform/admins/{id}/disable',
        'POST /api/platform/admins/{id}/enable',
      ]),
    );
    const [platformAccount]: { id: string }[] = await t.ds.query(
      `SELECT id FROM app_user WHERE username = 'platform-ops'`,
    );
    const wrong: string[] = [];
    for (const { method, path } of routes) {
      const url = path.replace(
        '{id}',
        path.startsWith('/api/platform/admins/') ? platformAccount.id : String(other.councilId),
      );
      for (const role of ROLES.filter((r) => r !== 'platformAdmin')) {
        const r = request(t.http)[method](url);
        const a = auth[role];
        if (a) r.set(a);
        const got = (await r.send({ reason: '検査', version: 1 })).status;
        const expected = role === 'anonymous' ? 401 : 403;
        if (got !== expected)
          wrong.push(`${method.toUpperCase()} ${path} as ${role}: ${got}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
    // The platform administrator reads them; nothing above changed a council or an account.
    await request(t.http).get('/api/platform/councils').set(auth.platformAdmin!).expect(200);
    await request(t.http).get('/api/platform/admins').set(auth.platformAdmin!).expect(200);
    expect(await t.ds.query(`SELECT DISTINCT state FROM municipality`)).toEqual([{ state: 'active' }]);
  }, 120_000);
});

describe("two councils: no route answers another council's data", () => {
  it("council 2's people get 404 for every id of council 1 (403 where their role is refused)", async () => {
    const wrong: string[] = [];
    for (const [template, subjects] of Object.entries(MATRIX)) {
      if (NOT_A_RECORD.has(template)) continue;
      for (const s of subjects) {
        const path = fill(template, s.params());
        for (const [name, column] of Object.entries(OTHER_COUNCIL) as [OtherName, RoleName][]) {
          const res = await request(t.http).get(path).set(otherAuth[name]!);
          // A role the route does not admit is refused before any record is looked for; otherwise
          // the other council's record answers as a missing one: 404, never 403 or 409.
          const roleRefused =
            res.status === 403 && res.body?.code === 'FORBIDDEN' && s.expect[column] === 403;
          if (res.status !== 404 && !roleRefused)
            wrong.push(
              `${template} [${s.label}] as ${name}: ${res.status} ${String(res.body?.code)}, expected 404`,
            );
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 180_000);

  it("council 1's people get 404 for council 2's case, meeting and user", async () => {
    for (const role of ['clerkOwn', 'secretariat', 'memberIn', 'chair'] as const) {
      await request(t.http).get(`/api/cases/${other.caseId}`).set(auth[role]!).expect(404);
      await request(t.http).get(`/api/meetings/${other.meetingId}`).set(auth[role]!).expect(404);
    }
    for (const id of other.userIds)
      await request(t.http).get(`/api/admin/users/${id}`).set(auth.admin!).expect(404);
  });

  it("lists never hold the other council's rows", async () => {
    const councilOneIds = Object.values(w).filter((v) => typeof v === 'string' && v.length === 36);
    const lists: [string, OtherName][] = [
      ['/api/cases?pageSize=100', 'otherSecretariat'],
      ['/api/cases?pageSize=100', 'otherClerk'],
      ['/api/cases?pageSize=100', 'otherMember'],
      ['/api/replies', 'otherSecretariat'],
      ['/api/conditions', 'otherSecretariat'],
      ['/api/meetings', 'otherSecretariat'],
      ['/api/impact-assessments', 'otherSecretariat'],
      ['/api/incidents', 'otherSecretariat'],
      ['/api/council/members', 'otherSecretariat'],
      ['/api/admin/users', 'otherAdmin'],
    ];
    for (const [path, name] of lists) {
      const body = JSON.stringify((await request(t.http).get(path).set(otherAuth[name]!).expect(200)).body);
      expect({ path, leaked: councilOneIds.filter((id) => body.includes(id)) }).toEqual({ path, leaked: [] });
    }
    const own = await request(t.http).get('/api/cases').set(otherAuth.otherSecretariat!).expect(200);
    expect(own.body.items.map((c: { id: string }) => c.id)).toEqual([other.caseId]);
    for (const [path, role] of [
      ['/api/cases?pageSize=100', 'secretariat'],
      ['/api/meetings', 'secretariat'],
      ['/api/admin/users', 'admin'],
    ] as const) {
      const body = JSON.stringify((await request(t.http).get(path).set(auth[role]!).expect(200)).body);
      for (const id of [other.caseId, other.meetingId, ...other.userIds])
        expect({ path, id, in: body.includes(id) }).toEqual({ path, id, in: false });
    }
  });

  it('raw SQL on the application connection: each council sees its own rows, no council sees none of theirs', async () => {
    const rows = (council: number | null, sql: string) =>
      runInCouncil(council, () => t.appDs.query(sql) as Promise<{ council_id: number | null }[]>);
    for (const council of [1, other.councilId])
      for (const table of ['case_file', 'meeting', 'app_user', 'reply', 'audit_log']) {
        const seen = await rows(council, `SELECT council_id FROM ${table}`);
        expect({ table, council, foreign: seen.filter((r) => r.council_id !== council).length }).toEqual({
          table,
          council,
          foreign: 0,
        });
      }
    expect(await rows(null, 'SELECT council_id FROM case_file')).toEqual([]);
    expect(await rows(null, 'SELECT council_id FROM app_user')).toEqual([{ council_id: null }]);
  });
});

describe('lists hold the same policy', () => {
  const ids = async (path: string, role: RoleName, pick: (b: unknown) => { id: string }[]) => {
    const res = await request(t.http).get(path).set(auth[role]!).expect(200);
    return pick(res.body)
      .map((x) => x.id)
      .sort();
  };
  const caseIds = (role: RoleName) =>
    ids('/api/cases?pageSize=100', role, (b) => (b as { items: { id: string }[] }).items);
  const sorted = (...xs: string[]) => [...xs].sort();

  it('GET /api/cases lists exactly the cases each role sees (filtered before paging)', async () => {
    for (const role of ['clerkOwn', 'clerkOther', 'secretariat', 'memberIn', 'memberOut', 'chair'] as const) {
      const expected = Object.keys(SEES)
        .filter((k) => SEES[k].includes(role))
        .map((k) => w[k as keyof typeof w]);
      expect({ role, ids: await caseIds(role) }).toEqual({ role, ids: sorted(...expected) });
    }
    // A member who attends nothing: only the case whose reply is public; page 1 of size 1 is that case.
    const page = await request(t.http).get('/api/cases?pageSize=1').set(auth.memberOut!).expect(200);
    expect(page.body).toMatchObject({ total: 1, items: [{ id: w.casePublic }] });
    await request(t.http).get('/api/cases').set(auth.admin!).expect(403);
  });

  it('GET /api/replies never lists a draft to anyone but the secretariat', async () => {
    const replies = (role: RoleName) => ids('/api/replies', role, (b) => b as { id: string }[]);
    expect(await replies('secretariat')).toEqual(sorted(w.replyDraft, w.replyPublic, w.replyClosed));
    expect(await replies('memberIn')).toEqual([w.replyPublic]);
    expect(await replies('chair')).toEqual([w.replyPublic]);
    expect(await replies('memberOut')).toEqual([w.replyPublic]);
    expect(await replies('clerkOwn')).toEqual(sorted(w.replyPublic, w.replyClosed));
    expect(await replies('clerkOther')).toEqual([]);
    const res = await request(t.http).get('/api/replies').set(auth.memberIn!).expect(200);
    expect(JSON.stringify(res.body)).not.toContain('審議予定の事案');
  });

  it('GET /api/impact-assessments lists the reviews of visible cases only', async () => {
    const reviews = (role: RoleName) => ids('/api/impact-assessments', role, (b) => b as { id: string }[]);
    expect(await reviews('clerkOther')).toEqual([]);
    expect(await reviews('memberOut')).toEqual([w.casePublic]);
    expect(await reviews('clerkOwn')).toHaveLength(Object.keys(SEES).length);
    expect(await reviews('secretariat')).not.toContain(w.caseDraft);
  });

  it('GET /api/conditions lists the conditions of visible cases only', async () => {
    const conds = (role: RoleName) => ids('/api/conditions', role, (b) => b as { id: string }[]);
    expect(await conds('memberOut')).toEqual([w.conditionPublic]);
    expect(await conds('memberIn')).toEqual([w.conditionPublic]);
    expect(await conds('clerkOther')).toEqual([]);
    expect(await conds('clerkOwn')).toEqual(sorted(w.conditionPublic, w.conditionClosed));
    expect(await conds('secretariat')).toEqual(sorted(w.conditionPublic, w.conditionClosed));
  });

  it('GET /api/kpi is for the secretariat only and counts only the cases the secretariat sees', async () => {
    for (const role of ['clerkOwn', 'memberIn', 'memberOut', 'chair', 'admin'] as const)
      await request(t.http).get('/api/kpi').set(auth[role]!).expect(403);
    const kpi = (await request(t.http).get('/api/kpi').set(auth.secretariat!).expect(200)).body as {
      casesByState: { state: string; count: number }[];
    };
    const counted = kpi.casesByState.reduce((n, s) => n + s.count, 0);
    expect(counted).toBe(Object.values(SEES).filter((who) => who.includes('secretariat')).length);
    expect(kpi.casesByState.find((s) => s.state === 'draft')?.count ?? 0).toBe(0);
  });
});

describe('the reported defects (issue 13)', () => {
  it('1: a member attending no meeting gets 404 for the case data of a scheduled case', async () => {
    for (const path of [
      `/api/cases/${w.caseOnAgenda}`,
      `/api/cases/${w.caseOnAgenda}/document-data`,
      `/api/cases/${w.caseOnAgenda}/attachments/${w.attachmentOnAgenda}`,
    ]) {
      const res = await request(t.http).get(path).set(auth.memberOut!).expect(404);
      expect(res.body).toMatchObject({ code: 'CASE_NOT_FOUND', detail: '指定された事案は見つかりません。' });
    }
  });

  it('2: a case withdrawn before it was put on an agenda is hidden from every member and the chair', async () => {
    for (const role of ['memberIn', 'memberOut', 'chair'] as const) {
      await request(t.http).get(`/api/cases/${w.caseWithdrawn}`).set(auth[role]!).expect(404);
      const list = await request(t.http).get('/api/cases?status=withdrawn').set(auth[role]!).expect(200);
      expect(list.body.items).toEqual([]);
    }
  });

  it('3: the reply list and the reply agree for every role: nothing listed that the get refuses', async () => {
    for (const role of ['clerkOwn', 'clerkOther', 'secretariat', 'memberIn', 'memberOut', 'chair'] as const) {
      const listed = new Set(
        (
          (await request(t.http).get('/api/replies').set(auth[role]!).expect(200)).body as { id: string }[]
        ).map((r) => r.id),
      );
      for (const id of [w.replyDraft, w.replyPublic, w.replyClosed]) {
        const status = (await request(t.http).get(`/api/replies/${id}`).set(auth[role]!)).status;
        expect({ role, id, status }).toEqual({ role, id, status: listed.has(id) ? 200 : 404 });
      }
    }
    const memberList = (await request(t.http).get('/api/replies').set(auth.memberIn!).expect(200)).body;
    expect(JSON.stringify(memberList)).not.toContain(w.replyDraft);
  });

  it('4: minutes taken back to drafting are no longer shown to the member who was asked to confirm', async () => {
    const res = await request(t.http)
      .get(`/api/minutes/${w.meetingBack}/mine`)
      .set(auth.memberIn!)
      .expect(409);
    expect(res.body).toMatchObject({ code: 'MINUTES_NOT_CIRCULATING' });
    expect(res.body.minutes).toBeUndefined();
    await request(t.http).get(`/api/minutes/${w.meetingM}/mine`).set(auth.memberIn!).expect(200);
  });
});

import request from 'supertest';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../src/auth/auth-user';
import { CaseFile } from '../../../src/cases/case-file.entity';
import { afterCommit, UnitOfWork } from '../../../src/database/unit-of-work';
import { MAILER, type Mailer, type MailMessage } from '../../../src/notifications/mailer';
import { NotificationsService } from '../../../src/notifications/notifications.service';
import type { User } from '../../../src/users/user.entity';
import { WorkflowService } from '../../../src/workflow/workflow.service';
import { makeDepartment, makeUser, userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { makeCase } from '../../support/workflow-factories';

let t: TestApp;
let uow: UnitOfWork;
let notifications: NotificationsService;
/** What the app's mailer was asked to send, with the notices committed at that moment. */
let sent: { message: MailMessage; committedNotices: number }[];
let mailFails = false;

beforeAll(async () => {
  t = await startTestApp();
  uow = t.app.get(UnitOfWork);
  notifications = t.app.get(NotificationsService);
  // The test app has no SMTP: turn its mailer into a recorder that also looks, from another
  // connection, at what is committed when the mail leaves.
  const mailer = t.app.get<Mailer>(MAILER);
  Object.defineProperty(mailer, 'enabled', { value: true });
  mailer.send = async (message) => {
    if (mailFails) throw new Error('SMTP server unreachable');
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM notification`);
    sent.push({ message, committedNotices: n });
  };
});
beforeEach(() => {
  sent = [];
  mailFails = false;
});
afterAll(() => t.close());

function principal(u: User): AuthUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    departmentId: u.departmentId,
    departmentName: null,
    mustChangePassword: false,
    previousLoginAt: null,
    sessionId: 'test',
    councilId: 1,
  };
}

async function clerkWithAddress(email: string): Promise<User> {
  const user = await makeUser(t.ds, { role: 'clerk' });
  await t.ds.query(`INSERT INTO notification_address (user_id, email) VALUES ($1, $2)`, [user.id, email]);
  return user;
}

const noticeCount = async (userId: string): Promise<number> =>
  (await t.ds.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1`, [userId]))[0].n;

/** A case its clerk (mailed at `email`) has submitted, and a secretariat user to act on it. */
async function submittedCase(email: string, title: string) {
  const dept = await makeDepartment(t.ds);
  const clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: dept.id });
  await t.ds.query(`INSERT INTO notification_address (user_id, email) VALUES ($1, $2)`, [
    clerk.user.id,
    email,
  ]);
  const secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
  const c = await makeCase(t.ds, { departmentId: dept.id, createdById: clerk.user.id, title });
  await request(t.http).post(`/api/workflow/cases/${c.id}/submit`).set(clerk.auth).send({}).expect(200);
  return { c, clerk: clerk.user, secretariat };
}

/** Runs `work` in a unit of work whose next step fails: the user keeps `notices`, no mail leaves. */
async function expectRolledBack(
  userId: string,
  notices: number,
  work: (m: EntityManager) => Promise<unknown>,
): Promise<void> {
  await expect(
    uow.run(null, async (m) => {
      await work(m);
      throw new Error('a later step fails');
    }),
  ).rejects.toThrow('a later step fails');
  expect(await noticeCount(userId)).toBe(notices);
  expect(sent).toEqual([]);
}

describe('unit of work', () => {
  it('a send-back mails the department only after its notice is committed', async () => {
    const { c, secretariat } = await submittedCase('uow@example.jp', '作業単位の事案');
    const before = (await t.ds.query(`SELECT count(*)::int AS n FROM notification`))[0].n;

    await request(t.http)
      .post(`/api/workflow/cases/${c.id}/sendBack`)
      .set(secretariat.auth)
      .send({ comment: '添付資料が不足しています' })
      .expect(200);

    expect(sent.map((s) => s.message)).toEqual([
      {
        to: 'uow@example.jp',
        subject: '【審議会諮問・報告管理】事案が差し戻されました: 作業単位の事案',
        text: `差戻しの理由: 添付資料が不足しています\n画面: /cases/${c.id}/workflow`,
      },
    ]);
    // Seen from another connection when the mail left: the notice was already committed.
    expect(sent[0].committedNotices).toBe(before + 1);
  });

  it('a failing mail server does not fail the request whose data is committed', async () => {
    const { c, clerk, secretariat } = await submittedCase('down@example.jp', '送信失敗の事案');
    mailFails = true;

    const res = await request(t.http)
      .post(`/api/workflow/cases/${c.id}/sendBack`)
      .set(secretariat.auth)
      .send({ comment: '再提出してください' })
      .expect(200);
    expect(res.body.status).toBe('sentBack');
    expect(await noticeCount(clerk.id)).toBe(1);
  });

  it('a rolled-back unit of work leaves no notice and sends no mail', async () => {
    const clerk = await clerkWithAddress('rollback@example.jp');
    await expectRolledBack(clerk.id, 0, (m) =>
      notifications.toUsers(m, [clerk.id], { kind: 'sentBack', title: '取り消される通知' }),
    );
  });

  it('a nested run joins the outer transaction: one commit, one rollback, mail after the outer commit', async () => {
    const clerk = await clerkWithAddress('nested@example.jp');
    let insideInner = -1;
    await uow.run(null, async (outer) => {
      await uow.run(null, async (inner) => {
        expect(inner).toBe(outer);
        await notifications.toUsers(inner, [clerk.id], { kind: 'sentBack', title: '内側の通知' });
      });
      // The inner run did not commit on its own: another connection does not see its row yet.
      insideInner = await noticeCount(clerk.id);
      expect(sent).toEqual([]);
    });
    expect(insideInner).toBe(0);
    expect(await noticeCount(clerk.id)).toBe(1);
    expect(sent.map((s) => s.message.subject)).toEqual(['【審議会諮問・報告管理】内側の通知']);

    sent = [];
    await expectRolledBack(clerk.id, 1, () =>
      uow.run(null, (inner) =>
        notifications.toUsers(inner, [clerk.id], { kind: 'sentBack', title: '消える' }),
      ),
    );
  });

  it('after-commit work that throws is logged; the unit still resolves and later work still runs', async () => {
    const clerk = await clerkWithAddress('after@example.jp');
    const ran: string[] = [];
    const result = await uow.run(null, async (m) => {
      afterCommit(m, () => {
        throw new Error('broken listener');
      });
      await notifications.toUsers(m, [clerk.id], { kind: 'sentBack', title: '後続の通知' });
      afterCommit(m, () => {
        ran.push('second');
      });
      return 'saved';
    });
    expect(result).toBe('saved');
    expect(ran).toEqual(['second']);
    expect(sent.map((s) => s.message.to)).toEqual(['after@example.jp']);
  });

  it('refuses after-commit work for a transaction that is not the running unit of work', async () => {
    const clerk = await clerkWithAddress('outside@example.jp');
    await expect(
      t.ds.transaction((m) => notifications.toUsers(m, [clerk.id], { kind: 'sentBack', title: '外側' })),
    ).rejects.toThrow(/UnitOfWork/);
    expect(await noticeCount(clerk.id)).toBe(0);
    expect(sent).toEqual([]);
  });

  it('a read without a manager inside a unit of work sees the unit’s uncommitted write', async () => {
    const dept = await makeDepartment(t.ds);
    const clerk = principal(await makeUser(t.ds, { role: 'clerk', departmentId: dept.id }));
    const c = await makeCase(t.ds, { departmentId: dept.id, createdById: clerk.id, title: '保存前の件名' });
    const workflow = t.app.get(WorkflowService);
    const seen = await uow.run(clerk, async (m) => {
      await m.update(CaseFile, { id: c.id }, { title: '保存中の件名' });
      expect(uow.actor()).toBe(clerk);
      return (await workflow.getCase(clerk, c.id)).title;
    });
    expect(seen).toBe('保存中の件名');
  });
});

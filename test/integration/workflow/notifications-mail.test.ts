import request from 'supertest';
import { loadConfig } from '../../../src/config/config';
import type { Mailer, MailMessage } from '../../../src/notifications/mailer';
import { NotificationsService } from '../../../src/notifications/notifications.service';
import { makeDepartment, userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { makeCase } from '../../support/workflow-factories';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

class RecordingMailer implements Mailer {
  readonly enabled = true;
  readonly sent: MailMessage[] = [];
  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }
}

describe('notification mail', () => {
  it('the test app mails nothing (no SMTP configured)', () => {
    expect(t.config.smtpUrl).toBeNull();
  });

  it('refuses a malformed SMTP_URL at boot', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), SMTP_URL: 'http://mail' }),
    ).toThrow(/SMTP_URL/);
    expect(
      loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), SMTP_URL: 'smtp://u:p@mail:587' }).smtpUrl,
    ).toBe('smtp://u:p@mail:587');
  });

  it('mails a send-back to clerks who gave an address, only after the commit', async () => {
    const dept = await makeDepartment(t.ds);
    const withAddress = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: dept.id });
    await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: dept.id });
    const secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat' });
    await t.ds.query(`INSERT INTO notification_address (user_id, email) VALUES ($1, 'clerk@example.jp')`, [
      withAddress.user.id,
    ]);
    const c = await makeCase(t.ds, {
      departmentId: dept.id,
      createdById: withAddress.user.id,
      title: 'メール通知の事案',
    });
    await request(t.http)
      .post(`/api/workflow/cases/${c.id}/submit`)
      .set(withAddress.auth)
      .send({})
      .expect(200);
    await request(t.http)
      .post(`/api/workflow/cases/${c.id}/sendBack`)
      .set(secretariat.auth)
      .send({ comment: '担当者欄が空欄です' })
      .expect(200);

    const mailer = new RecordingMailer();
    const service = new NotificationsService(t.ds, mailer, t.config);
    const rows = await service.list({ id: withAddress.user.id } as never);
    await service.mail(rows);
    expect(mailer.sent).toEqual([
      {
        to: 'clerk@example.jp',
        subject: '【審議会諮問・報告管理】事案が差し戻されました: メール通知の事案',
        text: `差戻しの理由: 担当者欄が空欄です\n画面: /cases/${c.id}/workflow`,
      },
    ]);
  });
});

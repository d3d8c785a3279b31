import request from 'supertest';
import { Meeting } from '../../../src/meetings/meeting.entity';
import { startSampleApp } from '../../support/sample-app';
import type { TestApp } from '../../support/test-app';

let t: TestApp;
let secretariat: { Authorization: string };
beforeAll(async () => ({ t, secretariat } = await startSampleApp()), 120_000);
afterAll(() => t?.close());

it("shows the Q&A of every item of a joint group on each item's tab", async () => {
  const meeting = await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 });
  await t.ds.query(`UPDATE meeting SET state = 'held' WHERE id = $1`, [meeting.id]);
  const group: { id: string }[] = await t.ds.query(
    `SELECT id FROM agenda_item WHERE meeting_id = $1 AND group_id IS NOT NULL ORDER BY material_number, position`,
    [meeting.id],
  );
  expect(group.length).toBeGreaterThanOrEqual(2);
  const [first, second] = group;
  const post = (itemId: string, text: string) =>
    request(t.http)
      .post(`/api/meetings/${meeting.id}/agenda/${itemId}/entries`)
      .set(secretariat)
      .send({ phase: 'qa', speakerRole: 'member', speakerName: '本田 耕一', text })
      .expect(201);
  await post(first.id, '一件目への質問：料金センターの受付時間は。');
  await post(second.id, '二件目への質問：マイページの認証方式は。');

  for (const item of [first, second]) {
    const page = (
      await request(t.http)
        .get(`/meetings/${meeting.id}/deliberation`)
        .query({ item: item.id })
        .set(secretariat)
    ).text;
    expect(page).toContain('一件目への質問：料金センターの受付時間は。');
    expect(page).toContain('二件目への質問：マイページの認証方式は。');
  }
});

import request from 'supertest';
import { sampleAppSuite, sampleMeetingIn } from '../../support/sample-app';

const sample = sampleAppSuite();

it("shows the Q&A of every item of a joint group on each item's tab", async () => {
  const { t, secretariat } = sample;
  const meeting = await sampleMeetingIn(t, 'held');
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

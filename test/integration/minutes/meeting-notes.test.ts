import request from 'supertest';
import { Meeting } from '../../../src/meetings/meeting.entity';
import { sampleAppSuite, sampleMeetingIn } from '../../support/sample-app';

const sample = sampleAppSuite();

it('sets その他 of a closed meeting until its minutes are confirmed, and the minutes draw on it', async () => {
  const { t, secretariat } = sample;
  const meeting = await sampleMeetingIn(t, 'closed');
  await t.ds.query(`DELETE FROM minutes WHERE meeting_id = $1`, [meeting.id]);
  const { version } = await t.ds.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
  const saved = await request(t.http)
    .patch(`/api/meetings/${meeting.id}`)
    .set(secretariat)
    .send({ version, otherNotes: '次回は10月20日に開催予定です。' })
    .expect(200);
  expect(saved.body.otherNotes).toBe('次回は10月20日に開催予定です。');

  // a closed meeting's other details stay as held
  const place = await request(t.http)
    .patch(`/api/meetings/${meeting.id}`)
    .set(secretariat)
    .send({ version: saved.body.version, place: '別の会議室' })
    .expect(409);
  expect(place.body.code).toBe('MEETING_NOT_EDITABLE');

  await request(t.http).post(`/api/minutes/${meeting.id}/generate`).set(secretariat).send({}).expect(200);
  const lines = (await request(t.http).get(`/api/minutes/${meeting.id}`).set(secretariat).query({ page: 99 }))
    .body;
  const all = JSON.stringify(lines);
  expect(all).toContain('次回は10月20日に開催予定です。');

  // the screen offers the field on a closed meeting
  const screen = await request(t.http).get(`/meetings/${meeting.id}`).set(secretariat).expect(200);
  expect(screen.text).toContain('data-testid="other-notes-form"');

  await t.ds.query(`UPDATE minutes SET state = 'confirmed' WHERE meeting_id = $1`, [meeting.id]);
  const refused = await request(t.http)
    .patch(`/api/meetings/${meeting.id}`)
    .set(secretariat)
    .send({ version: saved.body.version, otherNotes: '確定後の変更' })
    .expect(409);
  expect(refused.headers['content-type']).toContain('application/problem+json');
  expect(refused.body.code).toBe('MEETING_MINUTES_CONFIRMED');
  expect(refused.body.detail).toContain('会議録が確定しているため');
  expect(refused.body.errors[0].field).toBe('otherNotes');
});

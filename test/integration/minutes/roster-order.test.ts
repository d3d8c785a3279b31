import request from 'supertest';
import { sampleAppSuite } from '../../support/sample-app';

/** The Odawara roster (名簿順), which is not the character-code order of the names. */
const ROSTER = ['本田 耕一', '片桐 晃', '椎野 禎章', '乃美 香津子', '堀 基泰', '丸山 秀和', '宮崎 英典'];

const sample = sampleAppSuite();

it('lists the members of a new meeting, its minutes and its confirmation round in the roster order', async () => {
  const { t, secretariat } = sample;
  expect([...ROSTER].sort()).not.toEqual(ROSTER); // the test means something only if the orders differ
  const created = await request(t.http)
    .post('/api/meetings')
    .set(secretariat)
    .send({ number: 80, startsAt: '2017-09-15T14:00:00+09:00', place: '議会会議室' })
    .expect(201);
  const id = created.body.id as string;

  const detail = (await request(t.http).get(`/api/meetings/${id}`).set(secretariat).expect(200)).body;
  const members = (detail.attendees as { category: string; name: string }[])
    .filter((a) => a.category === 'member')
    .map((a) => a.name);
  expect(members).toEqual(['小室 充孝', ...ROSTER]);

  await t.ds.query(`UPDATE meeting SET state = 'held' WHERE id = $1`, [id]);
  await t.ds.query(`UPDATE meeting_attendee SET attendance = 'present' WHERE meeting_id = $1`, [id]);
  const minutes = (
    await request(t.http).post(`/api/minutes/${id}/generate`).set(secretariat).send({}).expect(200)
  ).body;
  const lines = (await request(t.http).get(`/api/minutes/${id}`).set(secretariat).expect(200)).body.lines as {
    key: string;
    text: string;
  }[];
  expect(minutes.state).toBe('drafting');
  expect(lines.find((l) => l.key === 'attendance:members')?.text).toBe(`(2) 委員 ${ROSTER.join('、')}`);

  await request(t.http)
    .post(`/api/minutes/${id}/actions/circulate`)
    .set(secretariat)
    .send({ deadline: '2099-12-31' })
    .expect(200);
  const round = (await request(t.http).get(`/api/minutes/${id}/confirmations`).set(secretariat).expect(200))
    .body as { memberName: string }[];
  expect(round.map((c) => c.memberName)).toEqual(['小室 充孝', ...ROSTER]);
});

it('shows the roster on the meeting screen in the roster order', async () => {
  const { t, secretariat } = sample;
  const meeting = (await request(t.http).get('/api/meetings').set(secretariat).expect(200)).body.find(
    (m: { number: number }) => m.number === 80,
  );
  const page = (await request(t.http).get(`/meetings/${meeting.id}`).set(secretariat).expect(200)).text;
  const at = ROSTER.map((n) => page.lastIndexOf(n));
  expect(at.every((x) => x > 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
});

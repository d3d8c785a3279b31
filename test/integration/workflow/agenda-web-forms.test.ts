import request from 'supertest';
import type { TestApp } from '../../support/test-app';
import { sampleCookie, startSampleApp } from '../../support/sample-app';
import { formPost } from '../../support/http';

/** The agenda builder's buttons go through the API's DTOs (AddCaseDto, GroupDto). */
let t: TestApp;
let cookie: string;
let meetingId: string;

const form = (path: string) => formPost(t.http, path, cookie);

async function agenda(): Promise<string> {
  return JSON.stringify(
    await t.ds.query(
      `SELECT id, case_id, group_id, position FROM agenda_item WHERE meeting_id = $1 ORDER BY id`,
      [meetingId],
    ),
  );
}

async function pageAfter(res: request.Response): Promise<string> {
  expect([res.status, res.status === 303 ? '' : res.text.slice(0, 3000)]).toEqual([303, '']);
  return (await request(t.http).get(res.headers.location).set('Cookie', cookie).expect(200)).text;
}

beforeAll(async () => {
  ({ t } = await startSampleApp());
  cookie = await sampleCookie(t, 'secretariat');
  [{ id: meetingId }] = await t.ds.query(
    `SELECT id FROM meeting WHERE state IN ('planned', 'convened') ORDER BY number DESC LIMIT 1`,
  );
}, 120_000);
afterAll(() => t.close());

describe('agenda builder forms', () => {
  it('refuses grouping items that are not agenda item ids, with the message on the meeting page', async () => {
    const before = await agenda();
    const res = await form(`/meetings/${meetingId}/agenda`).send({ op: 'group', groupItems: ['x', 'y'] });
    expect(await pageAfter(res)).toContain('正しい ID（UUID）ではありません');
    expect(await agenda()).toBe(before);
  });

  it('refuses adding a case by something that is not a case id', async () => {
    const before = await agenda();
    const res = await form(`/meetings/${meetingId}/agenda`).send({ op: 'addCase', caseId: 'H29-002' });
    expect(await pageAfter(res)).toContain('正しい ID（UUID）ではありません');
    expect(await agenda()).toBe(before);
  });
});

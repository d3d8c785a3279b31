import { Client } from 'pg';
import request from 'supertest';
import { Meeting } from '../../../src/meetings/meeting.entity';
import { login } from '../../support/factories';
import type { TestApp } from '../../support/test-app';
import { sampleCookie, startSampleApp } from '../../support/sample-app';
import { makeCase } from '../../support/workflow-factories';

/**
 * A connection runs one statement at a time. Inside a unit of work every read shares the unit's one
 * connection, so reads started together (`Promise.all`) were queued by the driver behind each other:
 * no faster than one after another, and deprecated by pg (pg 9 refuses a query while one is running).
 * This probe records every query sent to a connection that is still busy with another one.
 */
const overlaps: string[] = [];
const busy = new WeakMap<object, number>();
const query = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;
(Client.prototype as unknown as { query: typeof query }).query = function (this: Client, ...args: unknown[]) {
  const running = busy.get(this) ?? 0;
  if (running > 0) {
    const sql = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text ?? '');
    overlaps.push(`${sql.replace(/\s+/g, ' ').slice(0, 80)}\n${new Error().stack}`);
  }
  busy.set(this, running + 1);
  const settle = () => busy.set(this, (busy.get(this) ?? 1) - 1);
  const last = args.length - 1;
  if (typeof args[last] === 'function') {
    const cb = args[last] as (...r: unknown[]) => void;
    args[last] = (...r: unknown[]) => (settle(), cb(...r));
    return query.apply(this, args);
  }
  const result = query.apply(this, args) as { then?: (a: () => void, b: () => void) => unknown };
  if (typeof result?.then === 'function') result.then(settle, settle);
  else settle(); // a submittable (cursor): not followed
  return result;
};

let t: TestApp;
let secretariat: { Authorization: string };
const cookie: Record<string, string> = {};

beforeAll(async () => {
  ({ t, secretariat } = await startSampleApp());
  cookie.secretariat = await sampleCookie(t, 'secretariat');
  cookie.chair = await sampleCookie(t, 'chair');
  cookie.clerk = await sampleCookie(t, 'clerk-eigyo');
  cookie.admin = `shingikai_session=${await login(t.http, 'admin', 'Kanrisha-2026-init')}`;
}, 120_000);
afterAll(() => t.close());

beforeEach(() => void (overlaps.length = 0));

describe('one statement at a time on a connection', () => {
  it('generates the minutes (the record is read inside the unit of work)', async () => {
    const meeting = await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 });
    await t.ds.query(`DELETE FROM minutes WHERE meeting_id = $1`, [meeting.id]);
    await request(t.http).post(`/api/minutes/${meeting.id}/generate`).set(secretariat).send({}).expect(200);
    expect(overlaps).toEqual([]);
  });

  it('renders the screens and answers that read several lists', async () => {
    const meeting = (await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 })).id;
    const [{ id: item }] = await t.ds.query(
      `SELECT id FROM agenda_item WHERE meeting_id = $1 AND section = 'consultation' ORDER BY position LIMIT 1`,
      [meeting],
    );
    const [{ id: condition }] = await t.ds.query(`SELECT id FROM case_condition LIMIT 1`);
    const [clerk] = await t.ds.query(`SELECT id, department_id FROM app_user WHERE username = 'clerk-eigyo'`);
    const { id: draft } = await makeCase(t.ds, {
      departmentId: clerk.department_id,
      createdById: clerk.id,
      title: '下書きの事案',
    });
    const screens: [string, string][] = [
      [`/meetings/${meeting}`, 'secretariat'],
      [`/meetings/${meeting}/deliberation`, 'secretariat'],
      [`/conditions/${condition}`, 'chair'],
      ['/cases/new', 'clerk'],
      [`/cases/${draft}/edit`, 'clerk'],
      ['/admin/users', 'admin'],
      ['/council/members', 'secretariat'],
      ['/file-register', 'secretariat'],
      [`/minutes/${meeting}`, 'secretariat'],
    ];
    for (const [path, who] of screens) {
      const res = await request(t.http).get(path).set('Cookie', cookie[who]);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    for (const path of [
      `/api/conditions/${condition}`,
      `/api/meetings/${meeting}/agenda/${item}/record`,
      '/api/standing-reports/operations?period=fiscalYear&fiscalYear=2024',
      `/api/meetings/${meeting}`,
      `/api/meetings/${meeting}/agenda-document`,
    ]) {
      const res = await request(t.http).get(path).set(secretariat);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    expect(overlaps).toEqual([]);
  });

  it("prints a meeting's papers (agenda, materials, minutes, packet)", async () => {
    const meeting = (await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 })).id;
    for (const paper of ['agenda.pdf', 'materials.pdf', 'minutes.pdf', 'packet.pdf']) {
      const res = await request(t.http).get(`/api/meetings/${meeting}/${paper}`).set(secretariat);
      expect({ paper, status: res.status }).toEqual({ paper, status: 200 });
    }
    expect(overlaps).toEqual([]);
  }, 120_000);
});

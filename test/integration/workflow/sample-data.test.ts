import request from 'supertest';
import { SEED_STEPS } from '../../../src/seeds/sample-data';
import type { TestApp } from '../../support/test-app';
import { startSampleApp } from '../../support/sample-app';

let t: TestApp;
let secretariat: { Authorization: string };

beforeAll(async () => {
  ({ t, secretariat } = await startSampleApp({}, SEED_STEPS, true));
});
afterAll(() => t.close());

async function meeting(number: number) {
  const list = (await request(t.http).get('/api/meetings').set(secretariat).expect(200)).body;
  const m = list.find((x: { number: number }) => x.number === number);
  return (await request(t.http).get(`/api/meetings/${m.id}`).set(secretariat).expect(200)).body;
}

describe('sample data: the Odawara 70th meeting as in its minutes', () => {
  it('has the attendees, agenda numbers, materials and outcomes of the minutes', async () => {
    const m = await meeting(70);
    expect(m).toMatchObject({ state: 'closed', place: '小田原市役所 4階 議会会議室' });
    const members = m.attendees.filter((a: { category: string }) => a.category === 'member');
    expect(members).toHaveLength(8);
    expect(members.every((a: { attendance: string }) => a.attendance === 'present')).toBe(true);
    expect(m.quorum).toMatchObject({ members: 8, present: 8, met: true });
    expect(m.attendees.filter((a: { category: string }) => a.category === 'secretariat')).toHaveLength(4);
    expect(m.attendees.filter((a: { category: string }) => a.category === 'explainer')).toHaveLength(6);
    expect(
      m.consultations.map((i: { label: string; outcomeLabel: string }) => `${i.label} ${i.outcomeLabel}`),
    ).toEqual(['ア 承認', 'イ 付帯意見を付して承認', 'ウ 承認', 'エ 取下げ']);
    expect(
      m.reports.map((i: { label: string; outcomeLabel: string }) => `${i.label} ${i.outcomeLabel}`),
    ).toEqual(['ア 報告了承', 'イ 報告了承', 'ウ 報告了承']);
    expect(m.consultations[1].groupId).toBe(m.consultations[2].groupId);
    expect(m.materials.map((x: { label: string }) => x.label)).toEqual([
      '資料1',
      '資料2・3',
      '資料4',
      '資料5',
      '資料6',
      '資料7',
    ]);
    expect(m.consultations[1].supplementaryOpinions).toHaveLength(1);
  });

  it('has three issued replies numbered for fiscal 2017 and a closed condition', async () => {
    const replies = (await request(t.http).get('/api/replies').set(secretariat).expect(200)).body;
    const odawara = replies.filter((r: { fiscalYearLabel: string }) => r.fiscalYearLabel === '平成29年度');
    expect(odawara.map((r: { numberLabel: string }) => r.numberLabel).sort()).toEqual([
      '答申第1号',
      '答申第2号',
      '答申第3号',
    ]);
    const conditions = (await request(t.http).get('/api/conditions').set(secretariat).expect(200)).body;
    expect(conditions).toHaveLength(1);
    expect(conditions[0]).toMatchObject({ state: 'closed', overdue: false });
  });

  it('has the upcoming meeting with the Shinjuku cases, and numbering continues after the seeded numbers', async () => {
    const m = await meeting(71);
    expect(m.state).toBe('planned');
    expect(
      m.consultations.map((i: { label: string; receiptNumber: string }) => `${i.label} ${i.receiptNumber}`),
    ).toEqual(['ア R8-001', 'イ R8-002']);
    expect(m.attendees.filter((a: { category: string }) => a.category === 'member')).toHaveLength(5);
    const kpi = (await request(t.http).get('/api/kpi').set(secretariat).expect(200)).body;
    expect(kpi.nextMeeting).toMatchObject({ number: 71, items: 3 });
    expect(kpi.nextMeeting.itemsWithoutMaterials.map((i: { title: string }) => i.title)).toEqual([
      '「(仮称)新宿区民活動支援サイト」構築及び管理運営委託について',
    ]);
    const [{ n }] = await t.ds.query(
      `SELECT last_value AS n FROM number_sequence WHERE kind = 'receipt' AND fiscal_year = 2026`,
    );
    expect(n).toBe(2);
  });
});

describe('sample data: every seeded case is searchable', () => {
  it.each([
    ['下水道', '下水道使用料管理事務'],
    ['水道料金', '水道料金徴収事務（水道料金システムにおける外部サーバの使用）'],
    ['外部サーバ', '水道料金徴収事務（水道料金システムにおける外部サーバの使用）'],
  ])('finds %s among the council-workflow cases', async (q, title) => {
    const res = await request(t.http).get('/api/cases').query({ q }).set(secretariat).expect(200);
    const items = (res.body.items ?? res.body) as { title: string }[];
    expect(items.map((c) => c.title)).toContain(title);
  });
});

describe('sample data: the incident register', () => {
  it('has one incident with the duty, its 速報 made and its 確報 overdue, and one without the duty', async () => {
    const list = (await request(t.http).get('/api/incidents').set(secretariat).expect(200)).body as {
      title: string;
      duty: { required: boolean; preliminaryReportedOn: string | null; finalOverdue: boolean };
      overdue: boolean;
    }[];
    expect(
      list.map((i) => [i.title, i.duty.required, i.duty.preliminaryReportedOn, i.duty.finalOverdue]),
    ).toEqual([
      ['避難行動要支援者名簿の電子メール誤送信', true, '2026-10-09', true],
      ['公園占用許可書の誤送付', false, null, false],
    ]);
  });
});

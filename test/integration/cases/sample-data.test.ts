import request from 'supertest';
import { toCaseDocumentData } from '../../../src/cases/case-document';
import { CasesService } from '../../../src/cases/cases.service';
import { Department } from '../../../src/departments/department.entity';
import type { TestApp } from '../../support/test-app';
import { SAMPLE_CASE_STEPS, sampleAuth, startSampleApp } from '../../support/sample-app';

let t: TestApp;
let midori: { Authorization: string };
let chiiki: { Authorization: string };

beforeAll(async () => {
  ({ t } = await startSampleApp({}, SAMPLE_CASE_STEPS));
  midori = await sampleAuth(t, 'clerk-midori');
  chiiki = await sampleAuth(t, 'clerk-chiiki');
});
afterAll(() => t.close());

async function onlyCase(auth: { Authorization: string }) {
  const list = await request(t.http).get('/api/cases').set(auth).expect(200);
  expect(list.body.total).toBe(1);
  return (await request(t.http).get(`/api/cases/${list.body.items[0].id}`).set(auth).expect(200)).body;
}

describe('the Shinjuku sample cases', () => {
  it('rooftop greening is a complete draft ready to submit, with both basis groups', async () => {
    const c = await onlyCase(midori);
    expect(c.title).toContain('屋上緑化見本園見学申込');
    expect(c.status).toBe('draft');
    expect(c.procedure).toBe('consultation');
    expect(c.basisGroups.consultation.map((b: { article: string }) => b.article)).toEqual([
      '第17条第1項第4号',
    ]);
    expect(c.basisGroups.priorReport.map((b: { article: string }) => b.article)).toEqual(['第14条第1項']);
    expect(c.contact.extension).toBe('4663');
    const outsourcing = c.sections.find((s: { kind: string }) => s.kind === 'outsourcing');
    expect(outsourcing.fields.vendor.leadCompany).toBe('東日本電信電話株式会社');
    expect(outsourcing.fields.vendor.memberCompanies).toHaveLength(3);
    expect(outsourcing.clauseChoice.clauses).toHaveLength(13);
    expect(c.items.rows[0].cells).toMatchObject({ id: 'required', address: 'optional' });
    expect(c.securityMeasures).toHaveLength(7);
    const v = await request(t.http).get(`/api/cases/${c.id}/validation`).set(midori).expect(200);
    expect(v.body).toEqual({ ready: true, errors: [] });
    // the workflow's entry point agrees
    expect(await t.app.get(CasesService).validateForSubmission(c.id)).toEqual([]);
  });

  it('citizen activity site has processing, external connection and two outsourcing sheets', async () => {
    const c = await onlyCase(chiiki);
    expect(c.sections.map((s: { kind: string }) => s.kind)).toEqual([
      'processing',
      'externalConnection',
      'outsourcing',
      'outsourcing',
    ]);
    expect(c.basisGroups.consultation).toHaveLength(2);
    expect(c.sections[1].fields.externallyShownItems).toContain('ハンドルネーム');
    const v = await request(t.http).get(`/api/cases/${c.id}/validation`).set(chiiki).expect(200);
    expect(v.body.errors).toEqual([]);
  });

  it('the case document data follows the paper form', async () => {
    const c = await onlyCase(midori);
    const doc = toCaseDocumentData(
      await t.app.get(CasesService).get({ role: 'clerk', departmentId: c.departmentId } as never, c.id),
    );
    expect(doc.cover.basisGroups).toEqual([
      { label: '諮問', bases: ['第17条第1項第4号（電子計算機の外部結合）'] },
      { label: '事前報告', bases: ['第14条第1項（個人情報の電子計算機処理の委託）'] },
    ]);
    expect(doc.itemGrid.rows[0].cells).toEqual(['◎', '◎', '◎', '○', '◎', '◎']);
    expect(doc.clauses[0].clauses.map((x) => x.heading)).toContain('秘密の保持');
    expect(doc.measures[6].no).toBe(7);
    expect(doc.measuresIntro).toContain('LGWAN回線');
    expect(doc.sections.map((x) => x.heading)).toEqual([
      '◆電子計算機の外部結合（第17条第1項第4号）・・・諮問事項',
      '◆個人情報の電子計算機処理の委託（第14条第1項）・・・事前報告',
    ]);
  });

  it('each clerk sees only their department; the other case is 404', async () => {
    const mine = await onlyCase(midori);
    await request(t.http).get(`/api/cases/${mine.id}`).set(chiiki).expect(404);
    const dept = await t.ds.getRepository(Department).findOneByOrFail({ code: 'chiiki-chosei' });
    const filtered = await request(t.http)
      .get(`/api/cases?departmentId=${mine.departmentId}`)
      .set(chiiki)
      .expect(200);
    expect(filtered.body.total).toBe(0);
    expect(dept.id).not.toBe(mine.departmentId);
  });
});
